"""The smart speaker endpoint: Alexa request/response JSON, SSML, linking and the deadline."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.channels.deps import get_dialogue
from api.channels.voice import get_voice_deadline, slow_down_response
from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.dialogue.types import Reply, Turn
from nlu.parse import Parse
from tests.api.channels.fakes import FakeDialogue, SlowDialogue, add_points
from tests.clock import NOW
from tests.factories import make_household

URL = "/voice/alexa"
TIME_SSML = '<say-as interpret-as="time">20h</say-as>'


def alexa(
    kind: str = "IntentRequest",
    *,
    token: str | None = None,
    locale: str = "fr-FR",
    intent: str = "AskCarchan",
    query: str | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {"type": kind, "requestId": "req-1", "locale": locale}
    if kind == "IntentRequest":
        slots = {"query": {"name": "query", "value": query}} if query is not None else {}
        request["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": slots}
    user: dict[str, Any] = {"userId": "amzn1.ask.account.X"}
    if token is not None:
        user["accessToken"] = token
    return {
        "version": "1.0",
        "session": {"new": True, "sessionId": "s-1", "user": user, "application": {}},
        "context": {"System": {"user": user}},
        "request": request,
    }


def speech_text(body: dict[str, Any], key: str = "outputSpeech") -> str:
    container = body["response"] if key == "outputSpeech" else body["response"][key]
    ssml = container["outputSpeech"]["ssml"]
    root = ET.fromstring(ssml)  # the SSML must be well-formed XML
    assert root.tag == "speak"
    return " ".join(" ".join(root.itertext()).split())


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session, name="Famille Test")
    add_points(session, household, 48)
    return household


@pytest.fixture
def token(settings: Settings, household: Household) -> str:
    return issue_customer_token(settings=settings, household=household, now=NOW)


@pytest.mark.parametrize(
    ("locale", "query", "expected"),
    [
        ("fr-FR", "combien de points ?", "Vous avez 48 points."),
        ("en-US", "how many points do I have", "You have 48 points."),
        ("en-GB", "points", "You have 48 points."),
    ],
)
def test_an_utterance_is_answered_in_the_locale_s_language(
    channel_client: TestClient,
    fake_dialogue: FakeDialogue,
    household: Household,
    token: str,
    locale: str,
    query: str,
    expected: str,
) -> None:
    response = channel_client.post(URL, json=alexa(token=token, locale=locale, query=query))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == "1.0"
    assert speech_text(body) == expected
    assert body["response"]["card"] == {"type": "Simple", "title": "Carchan", "content": expected}
    assert body["response"]["shouldEndSession"] is True
    assert "reprompt" not in body["response"]
    assert fake_dialogue.calls[-1]["sender_id"] == f"speaker:{household.id}"
    assert fake_dialogue.calls[-1]["channel"] == "speaker"


def test_a_form_question_keeps_the_session_open_with_a_reprompt(
    channel_client: TestClient, token: str
) -> None:
    body = channel_client.post(URL, json=alexa(token=token, query="je veux réserver")).json()
    assert speech_text(body) == "Pour quel jour ? Vous pouvez dire : samedi ou dimanche."
    assert speech_text(body, "reprompt").startswith("Pour quel jour ?")
    assert body["response"]["shouldEndSession"] is False
    follow_up = channel_client.post(URL, json=alexa(token=token, query="samedi")).json()
    assert speech_text(follow_up) == "Pour combien de personnes ?"


def test_launch_greets_the_household_and_listens(channel_client: TestClient, token: str) -> None:
    body = channel_client.post(URL, json=alexa("LaunchRequest", token=token)).json()
    assert speech_text(body) == "Bonjour Famille Test !"
    assert body["response"]["shouldEndSession"] is False


def test_stop_says_goodbye_and_ends(channel_client: TestClient, token: str) -> None:
    body = channel_client.post(
        URL, json=alexa(token=token, intent="AMAZON.StopIntent", locale="en-US")
    ).json()
    assert speech_text(body) == "Goodbye!"
    assert body["response"]["shouldEndSession"] is True


def test_session_ended_is_acknowledged_without_speech(
    channel_client: TestClient, token: str, fake_dialogue: FakeDialogue
) -> None:
    response = channel_client.post(URL, json=alexa("SessionEndedRequest", token=token))
    assert response.json() == {"version": "1.0", "response": {}}
    assert fake_dialogue.calls == []


@pytest.mark.parametrize(
    ("locale", "spoken"),
    [("fr-FR", "liez votre compte Carchan"), ("en-US", "link it in the Alexa app")],
)
@pytest.mark.parametrize("credential", ["missing", "garbage", "expired"])
def test_without_a_valid_link_the_speaker_asks_to_link_the_account(
    channel_client: TestClient,
    settings: Settings,
    household: Household,
    fake_dialogue: FakeDialogue,
    credential: str,
    locale: str,
    spoken: str,
) -> None:
    token = {
        "missing": None,
        "garbage": "not-a-jwt",
        "expired": issue_customer_token(
            settings=settings, household=household, ttl=dt.timedelta(seconds=-5), now=NOW
        ),
    }[credential]
    body = channel_client.post(URL, json=alexa(token=token, locale=locale, query="points")).json()
    assert body["response"]["card"] == {"type": "LinkAccount"}
    assert spoken in speech_text(body)
    assert body["response"]["shouldEndSession"] is True
    assert fake_dialogue.calls == []


@pytest.mark.parametrize(
    ("locale", "spoken"),
    [
        ("fr-FR", "je n'ai pas pu répondre à temps"),
        ("en-US", "I could not answer in time"),
    ],
)
def test_a_dialogue_past_the_deadline_gets_an_honest_holding_answer(
    channel_app: FastAPI, channel_client: TestClient, token: str, locale: str, spoken: str
) -> None:
    slow = SlowDialogue()
    channel_app.dependency_overrides[get_dialogue] = lambda: slow
    channel_app.dependency_overrides[get_voice_deadline] = lambda: 0.2
    try:
        body = channel_client.post(URL, json=alexa(token=token, locale=locale, query="x")).json()
        assert spoken in speech_text(body)
        assert body["response"]["shouldEndSession"] is False
        # The answer came while the dialogue was still running.
        assert not slow.finished.is_set()
    finally:
        slow.release.set()
        assert slow.finished.wait(timeout=10)


def test_reply_text_is_escaped_and_an_action_s_own_ssml_is_kept(
    channel_app: FastAPI, channel_client: TestClient, token: str
) -> None:
    def dialogue(**kwargs: Any) -> Turn:
        replies = [
            Reply(text="**Fish & <Chips>**\n2 x 3 €"),
            Reply(text="ignored", ssml=f"<speak>Il est {TIME_SSML}</speak>"),
            Reply(text="broken", ssml="<speak><p>unclosed</speak>"),
        ]
        parse = Parse(text=kwargs["text"], intent="help", confidence=1.0, lang="fr")
        return Turn(sender_id=kwargs["sender_id"], lang="fr", parse=parse, replies=replies)

    channel_app.dependency_overrides[get_dialogue] = lambda: dialogue
    body = channel_client.post(URL, json=alexa(token=token, query="x")).json()
    ssml = body["response"]["outputSpeech"]["ssml"]
    assert "Fish &amp; &lt;Chips&gt;" in ssml
    assert TIME_SSML in ssml
    assert speech_text(body) == "Fish & <Chips> 2 x 3 euros Il est 20h broken"


@pytest.mark.parametrize(
    ("lang", "seconds", "expected"),
    [
        ("fr", 1, "réessayez dans 1 seconde."),
        ("fr", 12, "réessayez dans 12 secondes."),
        ("en", 1, "try again in 1 second."),
        ("en", 12, "try again in 12 seconds."),
    ],
)
def test_the_rate_limit_says_how_long_to_wait(lang: str, seconds: int, expected: str) -> None:
    response = slow_down_response(lang, seconds)["response"]
    assert response["card"]["content"].endswith(expected)
    assert expected in response["outputSpeech"]["ssml"]

"""The Rasa-compatible REST webhook, with the fake NLU and dialogue, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.channels.deps import get_dialogue
from assistant.config import Settings
from assistant.dialogue.models import Conversation
from tests.api.channels.fakes import FakeDialogue, add_points
from tests.factories import customer_headers, make_household

URL = "/webhooks/rest/webhook"


def test_a_message_without_a_token_is_refused(channel_client: TestClient) -> None:
    response = channel_client.post(URL, json={"sender": "me", "message": "bonjour"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("message", "metadata", "expected"),
    [
        ("combien de points ?", None, "Vous avez 48 points."),
        ("how many points do I have", None, "You have 48 points."),
        ("points", {"lang": "en"}, "You have 48 points."),
    ],
)
def test_the_answer_has_rasa_s_shape_and_the_household_s_data(
    channel_client: TestClient,
    session: Session,
    settings: Settings,
    message: str,
    metadata: dict[str, str] | None,
    expected: str,
) -> None:
    household = make_household(session)
    add_points(session, household, 48)
    body: dict[str, object] = {"sender": "kitchen-tablet", "message": message}
    if metadata:
        body["metadata"] = metadata
    response = channel_client.post(URL, json=body, headers=customer_headers(settings, household))
    assert response.status_code == 200, response.text
    assert response.json() == [{"recipient_id": "kitchen-tablet", "text": expected}]


def test_buttons_come_back_as_rasa_buttons(
    channel_client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    response = channel_client.post(
        URL,
        json={"sender": "s", "message": "je veux réserver"},
        headers=customer_headers(settings, household),
    )
    assert response.json() == [
        {
            "recipient_id": "s",
            "text": "Pour quel jour ?",
            "buttons": [
                {"title": "samedi", "payload": "/inform"},
                {"title": "dimanche", "payload": "/inform"},
            ],
        }
    ]


def test_the_same_sender_string_never_reaches_another_household(
    channel_client: TestClient,
    session: Session,
    settings: Settings,
    fake_dialogue: FakeDialogue,
) -> None:
    first, second = make_household(session), make_household(session)
    channel_client.post(
        URL,
        json={"sender": "bob", "message": "je veux réserver"},
        headers=customer_headers(settings, first),
    )
    # The second household's "samedi" must not fill the first household's booking form.
    response = channel_client.post(
        URL, json={"sender": "bob", "message": "samedi"}, headers=customer_headers(settings, second)
    )
    assert "Je ne peux pas vous aider" in response.json()[0]["text"]
    assert [call["sender_id"] for call in fake_dialogue.calls] == [
        f"rest:{first.id}:bob",
        f"rest:{second.id}:bob",
    ]
    owners = session.exec(
        select(Conversation.household_id).where(
            Conversation.sender_id.in_([f"rest:{first.id}:bob", f"rest:{second.id}:bob"])  # type: ignore[attr-defined]
        )
    ).all()
    assert set(owners) == {first.id, second.id}


def test_the_form_continues_on_the_next_message(
    channel_client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    headers = customer_headers(settings, household)
    channel_client.post(URL, json={"sender": "s", "message": "réserver"}, headers=headers)
    second = channel_client.post(URL, json={"sender": "s", "message": "samedi"}, headers=headers)
    assert second.json()[0]["text"] == "Pour combien de personnes ?"


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "s"},
        {"message": "bonjour"},
        {"sender": "s", "message": ""},
        {"sender": "x" * 81, "message": "bonjour"},
        {"sender": "s", "message": "a" * 2001},
        {"sender": "s", "message": 12},
    ],
)
def test_invalid_requests_get_our_error_shape(
    channel_client: TestClient, session: Session, settings: Settings, body: dict[str, object]
) -> None:
    household = make_household(session)
    response = channel_client.post(URL, json=body, headers=customer_headers(settings, household))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.fixture
def real_dialogue_client(channel_app: FastAPI) -> Iterator[TestClient]:
    """The channel app with the real dialogue (the fake NLU stays: no model to train)."""
    pytest.importorskip("assistant.dialogue.service")
    del channel_app.dependency_overrides[get_dialogue]
    with TestClient(channel_app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("message", "expected"),
    [("combien de points ?", "48"), ("how many points do I have", "48")],
)
def test_the_real_dialogue_answers_through_the_webhook(
    real_dialogue_client: TestClient,
    session: Session,
    settings: Settings,
    message: str,
    expected: str,
) -> None:
    household = make_household(session)
    add_points(session, household, 48)
    response = real_dialogue_client.post(
        URL,
        json={"sender": "phone", "message": message},
        headers=customer_headers(settings, household),
    )
    assert response.status_code == 200, response.text
    replies = response.json()
    assert replies and all(reply["recipient_id"] == "phone" for reply in replies)
    assert expected in " ".join(reply["text"] for reply in replies), replies
    conversation = session.exec(
        select(Conversation).where(Conversation.sender_id == f"rest:{household.id}:phone")
    ).one()
    assert conversation.household_id == household.id

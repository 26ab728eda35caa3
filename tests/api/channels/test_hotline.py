"""The telephony platform asks what to say to a caller, behind its API key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.customers.models import Preference
from tests.factories import api_key_headers, make_household, make_member

URL = "/voice/hotline/calls"


@pytest.fixture
def platform(session: Session) -> dict[str, str]:
    headers = api_key_headers(session, ["hotline:answer"])
    household = make_household(session, lang="fr", phone="+33612345678")
    make_member(session, household, first_name="Anne", last_name="Zerty")
    session.add(Preference(household_id=household.id, kind="music", value="jazz"))
    session.commit()
    return headers


def test_a_household_s_call(client: TestClient, platform: dict[str, str]) -> None:
    response = client.post(URL, json={"caller": "+33 6 12 34 56 78"}, headers=platform)
    assert response.status_code == 200
    body = response.json()
    assert (body["lang"], body["known"]) == ("fr", True)
    assert body["text"].startswith("Bonjour la famille Zerty")
    assert body["hold_music"] == {"title": "Tea for Two", "artist": "Erroll Garner", "seconds": 227}
    assert body["ssml"].startswith("<speak")


def test_a_withheld_number(client: TestClient, platform: dict[str, str]) -> None:
    body = client.post(URL, json={"caller": None}, headers=platform).json()
    assert (body["known"], body["hold_music"]) == (False, None)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"caller": "call me maybe"}, 422, "invalid_phone"),
        ({"caller": "+33612345678", "extra": 1}, 422, "validation_error"),
        ({"caller": "1" * 33}, 422, "validation_error"),
    ],
)
def test_bad_calls_are_refused_with_a_code(
    client: TestClient, platform: dict[str, str], body: dict[str, object], status: int, code: str
) -> None:
    response = client.post(URL, json=body, headers=platform)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


@pytest.mark.parametrize(
    ("scopes", "status", "code"),
    [(None, 401, "api_key_required"), (["staff:read"], 403, "insufficient_scope")],
)
def test_only_the_platform_may_ask(
    client: TestClient, session: Session, scopes: list[str] | None, status: int, code: str
) -> None:
    headers = api_key_headers(session, scopes) if scopes else {}
    session.commit()
    response = client.post(URL, json={"caller": "+33612345678"}, headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert "Zerty" not in response.text

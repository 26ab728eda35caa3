"""POST /auth/token (the app's sign-in back-end) and POST /auth/revoke (the customer)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from tests.clock import NOW
from tests.factories import (
    customer_headers,
    make_api_key,
    make_household,
    national,
    unique_card,
    unique_phone,
)


@pytest.mark.parametrize("identity", ["household_id", "phone", "loyalty_card"])
def test_issue_a_token_that_opens_me(client: TestClient, session: Session, identity: str) -> None:
    phone, card = unique_phone(), unique_card()
    household = make_household(session, phone=phone, loyalty_card=card)
    value = {
        "household_id": household.id,
        "phone": national(phone),
        "loyalty_card": card,
    }[identity]
    key = make_api_key(session, ["tokens:issue"])
    response = client.post("/auth/token", json={identity: value}, headers={"X-API-Key": key})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_at", "household_id"}
    assert (body["token_type"], body["household_id"]) == ("bearer", household.id)
    assert dt.datetime.fromisoformat(body["expires_at"]) > NOW
    me = client.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == household.id


def test_unknown_household_is_not_found(client: TestClient, session: Session) -> None:
    key = make_api_key(session, ["tokens:issue"])
    response = client.post(
        "/auth/token", json={"loyalty_card": "2999999999999"}, headers={"X-API-Key": key}
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "household_not_found"


@pytest.mark.parametrize(
    "body",
    [{}, {"household_id": 1, "phone": "0612345678"}, {"household_id": 1, "extra": True}],
)
def test_exactly_one_identity_is_required(client: TestClient, session: Session, body: dict) -> None:
    key = make_api_key(session, ["tokens:issue"])
    response = client.post("/auth/token", json=body, headers={"X-API-Key": key})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    ("scopes", "status", "code"),
    [(None, 401, "api_key_required"), (["catalog:read"], 403, "insufficient_scope")],
)
def test_issuing_needs_the_tokens_scope(
    client: TestClient, session: Session, scopes: list[str] | None, status: int, code: str
) -> None:
    household = make_household(session)
    headers = {"X-API-Key": make_api_key(session, scopes)} if scopes else {}
    response = client.post("/auth/token", json={"household_id": household.id}, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_a_customer_token_cannot_issue_tokens(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    response = client.post(
        "/auth/token",
        json={"household_id": household.id},
        headers=customer_headers(settings, household),
    )
    assert response.status_code == 401


def test_revoke_refuses_every_earlier_token(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    first, second = customer_headers(settings, household), customer_headers(settings, household)
    assert client.post("/auth/revoke", headers=first).status_code == 204
    for headers in (first, second):
        response = client.get("/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "token_revoked"
    assert client.get("/me", headers=customer_headers(settings, household)).status_code == 200

"""The in-app inbox, read marks, "why am I seeing this", and one-click unsubscribe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from assistant.customers.models import Consent, Household
from assistant.notify.models import OutboxMessage
from assistant.notify.service import enqueue
from assistant.notify.unsubscribe import unsubscribe_token
from tests.clock import NOW
from tests.factories import customer_headers, make_household


def grant(session: Session, household: Household, channel: str, purpose: str) -> None:
    assert household.id is not None
    session.add(Consent(household_id=household.id, channel=channel, purpose=purpose, granted=True))
    session.flush()


def notify(
    session: Session, settings: Settings, household: Household, **overrides: Any
) -> OutboxMessage:
    assert household.id is not None
    fields: dict[str, Any] = {
        "channel": "in_app",
        "purpose": "service",
        "kind": "order_ready",
        "title": "Commande prête",
        "body": "Votre commande vous attend.",
        "explanation": "Vous avez commandé en click & collect.",
        "transactional": True,
        "settings": settings,
        "now": NOW,
    }
    fields.update(overrides)
    message = enqueue(session=session, household_id=household.id, **fields)
    assert message is not None
    return message


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session)
    for channel in ("in_app", "push", "email"):
        grant(session, household, channel, "service")
    grant(session, household, "email", "marketing")
    session.commit()
    return household


def test_the_inbox_lists_due_in_app_messages_with_their_explanation(
    client: TestClient, session: Session, settings: Settings, household: Household
) -> None:
    now = NOW
    older = notify(session, settings, household, now=now - dt.timedelta(minutes=5))
    newer = notify(session, settings, household, now=now, title="Réservation confirmée")
    notify(session, settings, household, channel="push")  # not in-app
    notify(session, settings, household, now=now + dt.timedelta(days=1))  # not due yet
    other = make_household(session)
    grant(session, other, "in_app", "service")
    notify(session, settings, other)
    session.commit()
    response = client.get("/me/notifications", headers=customer_headers(settings, household))
    assert response.status_code == 200
    items = response.json()
    assert [item["id"] for item in items] == [newer.id, older.id]
    assert items[0]["title"] == "Réservation confirmée"
    assert items[0]["explanation"] == "Vous avez commandé en click & collect."


def test_the_inbox_needs_a_customer(client: TestClient) -> None:
    response = client.get("/me/notifications")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_marking_read(
    client: TestClient, session: Session, settings: Settings, household: Household
) -> None:
    message = notify(session, settings, household)
    session.commit()
    headers = customer_headers(settings, household)
    first = client.post(f"/me/notifications/{message.id}/read", headers=headers)
    assert first.status_code == 200 and first.json()["read_at"] is not None
    again = client.post(f"/me/notifications/{message.id}/read", headers=headers)
    assert again.json()["read_at"] == first.json()["read_at"]
    listed = client.get("/me/notifications", headers=headers).json()
    assert listed[0]["read_at"] == first.json()["read_at"]


def test_why_am_i_seeing_this(
    client: TestClient, session: Session, settings: Settings, household: Household
) -> None:
    message = notify(session, settings, household, channel="push", kind="order_ready")
    session.commit()
    response = client.get(
        f"/me/notifications/{message.id}/why", headers=customer_headers(settings, household)
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": message.id,
        "kind": "order_ready",
        "explanation": "Vous avez commandé en click & collect.",
        "channel": "push",
        "purpose": "service",
        "transactional": True,
        "status": "pending",
        "consent": "push:service",
    }


@pytest.mark.parametrize("path", ["/me/notifications/{id}/why", "/me/notifications/{id}/read"])
def test_another_households_message_is_not_found(
    client: TestClient, session: Session, settings: Settings, household: Household, path: str
) -> None:
    message = notify(session, settings, household)
    intruder = make_household(session)
    session.commit()
    method = client.get if path.endswith("why") else client.post
    response = method(path.format(id=message.id), headers=customer_headers(settings, intruder))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "notification_not_found"


def test_one_click_unsubscribe_withdraws_the_consent(
    client: TestClient, session: Session, settings: Settings, household: Household
) -> None:
    assert household.id is not None
    token = unsubscribe_token(
        settings=settings, household_id=household.id, public_id=household.public_id or "",
        channel="email", purpose="marketing",
    )  # fmt: skip
    response = client.post(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 200
    assert response.json() == {"channel": "email", "purpose": "marketing", "withdrawn": True}
    # Nothing more is written for that channel and purpose.
    assert (
        enqueue(
            session=session,
            household_id=household.id,
            channel="email",
            purpose="marketing",
            kind="digest",
            title="Votre soirée",
            body="...",
            explanation="Le résumé du soir que vous avez demandé.",
            transactional=True,
            settings=settings,
            now=NOW,
        )
        is None
    )
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/notifications/unsubscribe/{forged}").status_code == 404

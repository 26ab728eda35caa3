"""DELETE /me: erasure across every table, receipts kept anonymised, tokens dead."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from assistant.privacy.inventory import RULES, Erase, metadata, table
from tests.assistant.notify.conftest import FakeSender, make_relay
from tests.clock import NOW
from tests.factories import customer_headers
from tests.privacy.world import Owned, Shared, counts


def erase(client: TestClient, headers: dict[str, str], body: Any = None) -> httpx.Response:
    return client.request("DELETE", "/me", headers=headers, json=body)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (None, "erasure_confirmation_required"),
        ({}, "erasure_confirmation_required"),
        ({"confirm": "   "}, "erasure_confirmation_required"),
        ({"confirm": "Foyer ZQXBRAVO"}, "erasure_confirmation_mismatch"),
        ({"confirm": "oui"}, "erasure_confirmation_mismatch"),
    ],
)
def test_erasure_needs_the_household_s_name(
    client: TestClient,
    session: Session,
    settings: Settings,
    alpha: Owned,
    bravo: Owned,
    body: Any,
    code: str,
) -> None:
    before = counts(session, alpha), counts(session, bravo)
    response = erase(client, customer_headers(settings, alpha.household), body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    assert (counts(session, alpha), counts(session, bravo)) == before


def test_erasure_removes_every_row_and_keeps_receipts_anonymised(
    client: TestClient, session: Session, settings: Settings, alpha: Owned, bravo: Owned
) -> None:
    bravo_before = counts(session, bravo)
    headers = customer_headers(settings, alpha.household)
    response = erase(client, headers, {"confirm": "  foyer   zqxalpha "})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["erased"] is True and report["household_id"] == alpha.id
    assert report["anonymised_receipts"] == len(alpha.ids["receipts"]) == 2

    after = counts(session, alpha)
    for name, rule in RULES.items():
        expected = len(alpha.ids[name]) if rule.erase in (Erase.anonymise, Erase.keep) else 0
        assert after[name] == expected, name
    # Nothing anywhere still points at the household.
    for t in metadata().sorted_tables:
        if "household_id" in t.columns:
            left = session.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.household_id == alpha.id)
            ).scalar_one()
            assert left == 0, t.name
    receipts = table("receipts")
    kept = session.execute(
        sa.select(receipts).where(receipts.c.id.in_(alpha.ids["receipts"]))
    ).mappings()
    for receipt in kept:
        assert receipt["anonymised"] is True
        assert (receipt["household_id"], receipt["phone"], receipt["loyalty_card"]) == (None,) * 3
    assert counts(session, bravo) == bravo_before


def test_after_erasure_every_token_is_refused(
    client: TestClient, session: Session, settings: Settings, alpha: Owned, bravo: Owned
) -> None:
    headers = customer_headers(settings, alpha.household)
    other_device = customer_headers(settings, alpha.household)
    assert erase(client, headers, {"confirm": alpha.household.name}).status_code == 200
    for method, path in [("GET", "/me"), ("GET", "/me/export"), ("DELETE", "/me")]:
        for h in (headers, other_device):
            response = client.request(method, path, headers=h, json={"confirm": "x"})
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "token_revoked"
    assert client.get("/me", headers=customer_headers(settings, bravo.household)).status_code == 200


def test_erasure_by_slug_gives_back_seats_and_slots(
    client: TestClient, session: Session, settings: Settings, world: Shared, alpha: Owned
) -> None:
    slots, events = table("pickup_slots"), table("events")
    booked = session.execute(sa.select(slots.c.booked).where(slots.c.id == world.slot.id))
    taken = session.execute(sa.select(events.c.seats_taken).where(events.c.id == world.event.id))
    booked_before, taken_before = booked.scalar_one(), taken.scalar_one()
    slug = alpha.household.slug
    assert slug is not None
    response = erase(client, customer_headers(settings, alpha.household), {"confirm": slug.upper()})
    assert response.status_code == 200
    assert (response.json()["released_slots"], response.json()["released_seats"]) == (1, 2)
    booked = session.execute(sa.select(slots.c.booked).where(slots.c.id == world.slot.id))
    taken = session.execute(sa.select(events.c.seats_taken).where(events.c.id == world.event.id))
    assert (booked.scalar_one(), taken.scalar_one()) == (booked_before - 1, taken_before - 2)


def test_pending_messages_are_never_delivered_after_erasure(
    client: TestClient, session: Session, settings: Settings, alpha: Owned, bravo: Owned
) -> None:
    erase(client, customer_headers(settings, alpha.household), {"confirm": alpha.household.name})
    push = FakeSender("push")
    relay = make_relay(session, settings, push)
    asyncio.run(relay.run_once(now=NOW))
    assert not set(push.ids) & set(alpha.ids["outbox"])
    # The relay works: the other household's transactional push went out.
    outbox = table("outbox")
    ready = session.execute(
        sa.select(outbox.c.id).where(
            outbox.c.id.in_(bravo.ids["outbox"]), outbox.c.kind == "order_ready"
        )
    ).scalar_one()
    assert ready in push.ids

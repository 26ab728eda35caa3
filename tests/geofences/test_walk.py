"""A walk from home into a store and out again, through the REST endpoint of the real app.

Pings every 30 s (seeded accuracy noise) are posted in batches as a phone would; the presence
machine must produce exactly one entry, one dwell and one exit, the staff must see the
customer arrive with their order, and the customer must get the pickup push and the dwell
context (in-app message and the assistant's line in the conversation).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.channels.ws import sender_id_for
from assistant.config import Settings
from assistant.dialogue.models import Conversation, Message
from assistant.notify.models import OutboxMessage
from geofences.models import Visit
from geofences.triggers import chat_sender_id
from tests.clock import NOW
from tests.factories import api_key_headers, customer_headers, make_household
from tests.geofences.helpers import SERVICE_CONSENTS, grant, make_order, montparnasse
from tests.geofences.walks import walk_into_store

BATCH = 8


def outbox(session: Session, household_id: int) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.household_id == household_id)
            .order_by(OutboxMessage.id)  # type: ignore[arg-type]
        ).all()
    )


@pytest.mark.parametrize("seed", [21, 22])
def test_walk_into_a_store_with_a_pickup_order(
    client: TestClient, session: Session, settings: Settings, seed: int
) -> None:
    household = make_household(session, name="Famille Zerty", lang="fr")
    grant(session, household, SERVICE_CONSENTS)
    store = montparnasse(session)
    order = make_order(session, household, store, "ready")
    make_order(session, household, None, "draft", lines=12, promoted=3)
    headers = customer_headers(settings, household)
    staff = api_key_headers(session, ["staff:read"])
    start = (NOW - dt.timedelta(hours=2)).timestamp()
    pings = walk_into_store(seed, lat=store.lat, lon=store.lon, start=start)

    kinds: list[str] = []
    seen_on_feed: list[list[int]] = []
    for i in range(0, len(pings), BATCH):
        batch = [p.payload(f"{seed}-{i + j}") for j, p in enumerate(pings[i : i + BATCH])]
        answer = client.post("/me/location/pings", json=batch, headers=headers)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["processed"] == len(batch)
        kinds += [event["kind"] for event in body["events"]]
        feed = client.get(f"/staff/stores/{store.id}/arrivals", headers=staff)
        assert feed.status_code == 200
        seen_on_feed.append([o["id"] for a in feed.json() for o in a["orders"]])
        if "entry" in kinds and "exit" not in kinds:
            (arrival,) = feed.json()
            assert arrival["household_id"] == household.id
            assert arrival["name"] == "Famille Zerty"
            assert arrival["bring_to_car"] is True

    assert kinds == ["entry", "dwell", "exit"]
    assert [order.id] in seen_on_feed  # the staff saw the arrival while the customer was in
    assert seen_on_feed[-1] == []  # and no longer once they left
    (visit,) = session.exec(select(Visit).where(Visit.household_id == household.id)).all()
    assert visit.order_ids == [order.id]
    assert visit.dwell_at is not None and visit.exited_at is not None

    messages = outbox(session, household.id)  # type: ignore[arg-type]
    pickup = [m for m in messages if m.kind == "pickup_arrival"]
    assert len(pickup) == 1
    assert pickup[0].channel == "push" and pickup[0].transactional
    assert "voiture" in pickup[0].body
    dwell = [m for m in messages if m.kind == "store_dwell"]
    assert len(dwell) == 1 and dwell[0].channel == "in_app"
    expected = (
        "Vous êtes à Carchan Montparnasse : votre liste compte 12 articles, "
        "dont 3 en promotion ici."
    )
    assert dwell[0].body == expected

    conversation = session.exec(
        select(Conversation).where(Conversation.sender_id == chat_sender_id(household.id))  # type: ignore[arg-type]
    ).one()
    said = session.exec(select(Message).where(Message.conversation_id == conversation.id)).all()
    assert [(m.direction, m.text) for m in said] == [("out", expected)]

    # Replaying the whole walk changes nothing: every ping is a duplicate.
    for i in range(0, len(pings), BATCH):
        batch = [p.payload(f"{seed}-{i + j}") for j, p in enumerate(pings[i : i + BATCH])]
        body = client.post("/me/location/pings", json=batch, headers=headers).json()
        assert body["duplicates"] == len(batch) and body["events"] == []
    assert len(outbox(session, household.id)) == len(messages)  # type: ignore[arg-type]


def test_the_dwell_context_is_honest_about_an_empty_list(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, lang="en")
    grant(session, household, SERVICE_CONSENTS)
    store = montparnasse(session)
    start = (NOW - dt.timedelta(hours=1)).timestamp()
    pings = walk_into_store(5, lat=store.lat, lon=store.lon, start=start)
    headers = customer_headers(settings, household)
    answer = client.post("/me/location/pings", json=[p.payload() for p in pings], headers=headers)
    assert [e["kind"] for e in answer.json()["events"]] == ["entry", "dwell", "exit"]
    (dwell,) = [m for m in outbox(session, household.id) if m.kind == "store_dwell"]  # type: ignore[arg-type]
    assert dwell.body == (
        "You are at Carchan Montparnasse: your shopping list is empty. Shall I help you fill it?"
    )
    # No pickup order: no pickup push, and nothing on the staff feed.
    assert not [m for m in outbox(session, household.id) if m.kind == "pickup_arrival"]  # type: ignore[arg-type]


def test_the_chat_sender_id_is_the_websockets() -> None:
    assert chat_sender_id(42) == sender_id_for(42)

"""PostgreSQL goes away and comes back under a running API (uvicorn, real app).

While it is away every request gets 503 `database_unavailable` with Retry-After, at once
(never a hang, never a 500); when it is back the app serves again without a restart (the
pool's dead connections are replaced), and what the clients retried is stored exactly once:
receipts (with their loyalty points), orders, bookings.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, func, select

from assistant.customers.models import Household
from assistant.history.models import Receipt
from assistant.loyalty.models import LoyaltyEntry
from assistant.orders.models import Order, PickupSlot
from assistant.outings.models import Booking, Event
from tests.clock import NOW
from tests.factories import (
    customer_headers,
    make_api_key,
    make_household,
    make_product,
    make_stock,
    make_store,
)
from tests.faults.conftest import AwayServer

pytestmark = pytest.mark.slow
# Far above the connect timeout: a request that outlives it is a hang, and fails the test.
CLIENT_TIMEOUT = 30.0


@pytest.fixture
def http(away: AwayServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=away.base, timeout=CLIENT_TIMEOUT) as client:
        yield client


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "database_unavailable"
    assert int(response.headers["Retry-After"]) > 0


def count(away: AwayServer, model: Any, *conditions: Any) -> int:
    with Session(away.direct) as session:
        return session.exec(select(func.count()).select_from(model).where(*conditions)).one()


@pytest.mark.parametrize("path", ["/health", "/me/receipts", "/me/list", "/me/loyalty"])
def test_away_is_a_503_with_a_code_and_back_is_served(
    away: AwayServer, http: httpx.Client, path: str
) -> None:
    with away.unit_of_work() as session:
        headers = customer_headers(away.settings, make_household(session))
    assert http.get(path, headers=headers).status_code == 200  # the pool holds live connections
    with away.outage():
        assert_unavailable(http.get(path, headers=headers))
        assert_unavailable(http.get(path, headers=headers))  # and keeps answering
    assert http.get(path, headers=headers).status_code == 200


def test_a_receipt_retried_after_a_503_is_stored_once_with_its_points(
    away: AwayServer, http: httpx.Client
) -> None:
    card = f"29{uuid.uuid4().int % 10**11:011d}"
    with away.unit_of_work() as session:
        store = make_store(session)
        household = make_household(session, loyalty_card=card)
        till = {"X-API-Key": make_api_key(session, ["receipts:write"])}
    receipt_id = f"R-{uuid.uuid4().hex}"
    payload = {
        "receipt_id": receipt_id, "store_code": store.code, "loyalty_card": card,
        "purchased_at": (NOW - dt.timedelta(hours=1)).isoformat(),
        "lines": [{"label": "Lait demi-écrémé", "quantity": 2, "unit_price_cents": 1050}],
    }  # fmt: skip
    with away.outage():
        assert_unavailable(http.post("/receipts", json=payload, headers=till))
    # The till retries the same receipt until it is acknowledged, then once more (it never
    # saw the first acknowledgement, say): stored once, points earned once.
    assert http.post("/receipts", json=payload, headers=till).status_code == 201
    replay = http.post("/receipts", json=payload, headers=till)
    assert (replay.status_code, replay.headers["Idempotent-Replay"]) == (200, "true")
    assert count(away, Receipt, col(Receipt.receipt_uid) == receipt_id) == 1
    entries = count(away, LoyaltyEntry, col(LoyaltyEntry.household_id) == household.id)
    assert entries == 1


@pytest.mark.parametrize("after_reply", [False, True], ids=["commit_lost", "reply_lost"])
def test_the_database_lost_at_commit_never_acknowledges_and_the_retry_stores_once(
    away: AwayServer, http: httpx.Client, after_reply: bool
) -> None:
    """The connection dies on the receipt's COMMIT: before the server gets it (not stored)
    or after it committed (stored, the API cannot know). Either way the till gets a 503, never
    a 201 for a receipt that is not stored, and its retry leaves exactly one receipt."""
    card = f"29{uuid.uuid4().int % 10**11:011d}"
    with away.unit_of_work() as session:
        store = make_store(session)
        household = make_household(session, loyalty_card=card)
        till = {"X-API-Key": make_api_key(session, ["receipts:write"])}
    receipt_id = f"R-{uuid.uuid4().hex}"
    payload = {
        "receipt_id": receipt_id, "store_code": store.code, "loyalty_card": card,
        "purchased_at": (NOW - dt.timedelta(hours=1)).isoformat(),
        "lines": [{"label": "Café moulu", "quantity": 1, "unit_price_cents": 2490}],
    }  # fmt: skip
    away.proxy.cut_on(b"COMMIT", after_reply=after_reply)
    try:
        assert_unavailable(http.post("/receipts", json=payload, headers=till))
        assert away.proxy.triggered.is_set()
    finally:
        away.proxy.restore()
    stored = count(away, Receipt, col(Receipt.receipt_uid) == receipt_id)
    assert stored == (1 if after_reply else 0)
    retried = http.post("/receipts", json=payload, headers=till)
    assert retried.status_code == (200 if after_reply else 201), retried.text
    assert count(away, Receipt, col(Receipt.receipt_uid) == receipt_id) == 1
    assert count(away, LoyaltyEntry, col(LoyaltyEntry.household_id) == household.id) == 1


def test_an_order_placed_after_a_503_is_placed_once(away: AwayServer, http: httpx.Client) -> None:
    with away.unit_of_work() as session:
        store = make_store(session)
        product = make_product(session)
        make_stock(session, store, product, 20)
        household = make_household(session, preferred_store_id=store.id)
        starts = (NOW + dt.timedelta(days=1)).replace(microsecond=0)
        slot = PickupSlot(store_id=store.id or 0, starts_at=starts,
                          ends_at=starts + dt.timedelta(minutes=30), capacity=3)  # fmt: skip
        session.add(slot)
        session.flush()
        headers = customer_headers(away.settings, household)
    added = http.post("/me/list/lines", headers=headers, json={"ean": product.ean, "quantity": 2})
    assert added.status_code == 201, added.text
    with away.outage():
        assert_unavailable(http.post("/me/orders", headers=headers, json={"slot_id": slot.id}))
    placed = http.post("/me/orders", headers=headers, json={"slot_id": slot.id})
    assert placed.status_code == 201, placed.text
    # Retrying once more finds no list left to place: no second order.
    again = http.post("/me/orders", headers=headers, json={"slot_id": slot.id})
    assert again.status_code == 409, again.text
    orders = col(Order.household_id) == household.id, col(Order.status) != "draft"
    assert count(away, Order, *orders) == 1
    with Session(away.direct) as session:
        assert session.get(PickupSlot, slot.id).booked == 1  # type: ignore[union-attr]


def test_a_booking_retried_after_a_503_is_booked_once(away: AwayServer, http: httpx.Client) -> None:
    with away.unit_of_work() as session:
        event = Event(kind="circus", title="Cirque des Étoiles Filantes",
                      starts_at=NOW + dt.timedelta(days=3), capacity=10,
                      price_cents=1500)  # fmt: skip
        session.add(event)
        household = make_household(session)
        session.flush()
        headers = {**customer_headers(away.settings, household),
                   "Idempotency-Key": f"book-{uuid.uuid4().hex}"}  # fmt: skip
    body = {"event_id": event.id, "seats": 3, "confirm": True}
    with away.outage():
        assert_unavailable(http.post("/me/bookings", headers=headers, json=body))
    assert http.post("/me/bookings", headers=headers, json=body).status_code == 201
    assert http.post("/me/bookings", headers=headers, json=body).status_code == 200
    assert count(away, Booking, col(Booking.household_id) == household.id) == 1
    with Session(away.direct) as session:
        assert session.get(Event, event.id).seats_taken == 3  # type: ignore[union-attr]


def test_the_household_survives_an_outage_during_its_reads(
    away: AwayServer, http: httpx.Client
) -> None:
    """Nothing half-written: a failed request leaves no trace in the database."""
    with away.unit_of_work() as session:
        household = make_household(session)
        headers = customer_headers(away.settings, household)
    with away.outage():
        assert_unavailable(http.get("/me/receipts", headers=headers))
    assert count(away, Household, col(Household.id) == household.id) == 1

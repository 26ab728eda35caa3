"""The shopping list and orders over HTTP, and the last pickup places under contention
against a real uvicorn server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.main import create_app
from assistant.catalog.models import Product, Store
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.db import make_engine
from assistant.orders.models import ListDismissal, Order, OrderLine, PickupSlot
from assistant.orders.service import add_to_list
from tests.assistant.orders.conftest import every
from tests.clock import NOW
from tests.factories import customer_headers, make_household, make_product, make_stock, make_store
from tests.live import serve


def _slot(session: Session, store: Store, hours: float = 24, **fields: Any) -> PickupSlot:
    assert store.id is not None
    starts = (NOW + dt.timedelta(hours=hours)).replace(microsecond=0)
    slot = PickupSlot(
        store_id=store.id, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), **fields
    )
    session.add(slot)
    session.flush()
    return slot


@pytest.fixture
def shopper(session: Session, settings: Settings) -> tuple[Household, dict[str, str], Store]:
    store = make_store(session, name="Carchan API")
    household = make_household(session, preferred_store_id=store.id)
    session.commit()  # an error response rolls back what was not committed
    return household, customer_headers(settings, household), store


def test_the_list_needs_a_customer_token(client: TestClient) -> None:
    response = client.get("/me/list")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_an_empty_list(client: TestClient, shopper: Any) -> None:
    _household, headers, _store = shopper
    body = client.get("/me/list", headers=headers).json()
    assert (body["order_id"], body["lines"], body["to_pay_cents"]) == (None, [], 0)


def test_propose_edit_and_accept(client: TestClient, session: Session, shopper: Any) -> None:
    household, headers, store = shopper
    coffee = make_product(session, name_fr="Café", category="cafe", price_cents=300)
    sugar = make_product(session, name_fr="Sucre", category="sucre", price_cents=100)
    pasta = make_product(session, name_fr="Pâtes", price_cents=150)
    for product in (coffee, sugar, pasta):
        make_stock(session, store, product, 20)
    # The endpoint proposes at the real time: the history is relative to it.
    every(session, household, store, coffee, period=7, last=7, quantity=2, now=NOW)
    every(session, household, store, sugar, period=10, last=10, now=NOW)
    body = client.post("/me/list/propose", headers=headers, json={}).json()
    by_product = {line["product_id"]: line for line in body["lines"]}
    assert coffee.id in by_product and body["store_id"] == store.id
    line = by_product[coffee.id]
    assert (line["origin"], line["accepted"], line["in_stock"]) == ("predicted", False, True)
    assert line["explanation_fr"] and line["explanation_en"]
    assert body["proposed_count"] == len(body["lines"])

    added = client.post("/me/list/lines", headers=headers, json={"ean": pasta.ean, "quantity": 2})
    assert added.status_code == 201
    pasta_line = next(ln for ln in added.json()["lines"] if ln["product_id"] == pasta.id)
    assert (pasta_line["quantity"], pasta_line["accepted"]) == (2, True)

    patched = client.patch(
        f"/me/list/lines/{line['id']}", headers=headers, json={"quantity": 4}
    ).json()
    coffee_line = next(ln for ln in patched["lines"] if ln["product_id"] == coffee.id)
    assert (coffee_line["quantity"], coffee_line["accepted"]) == (4, True)

    sugar_line = by_product[sugar.id]
    deleted = client.delete(f"/me/list/lines/{sugar_line['id']}", headers=headers)
    assert deleted.status_code == 204
    dismissed = session.exec(
        select(ListDismissal.product_id).where(ListDismissal.household_id == household.id)
    ).all()
    assert dismissed == [sugar.id]
    again = client.post("/me/list/propose", headers=headers).json()
    assert sugar.id not in {line["product_id"] for line in again["lines"]}

    accepted = client.post("/me/list/accept", headers=headers).json()
    assert accepted["proposed_count"] == 0
    assert all(ln["accepted"] for ln in accepted["lines"])
    assert accepted["total_cents"] == sum(ln["subtotal_cents"] for ln in accepted["lines"])


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"quantity": 1}, 422, "validation_error"),
        ({"product_id": 1, "ean": "2000000000001"}, 422, "validation_error"),
        ({"ean": "2999999999999"}, 404, "product_not_found"),
        ({"product_id": 10**9}, 404, "product_not_found"),
        ({"product_id": 1, "quantity": 0}, 422, "validation_error"),
    ],
)
def test_bad_lines_are_refused_with_a_code(
    client: TestClient, shopper: Any, body: dict[str, Any], status: int, code: str
) -> None:
    _household, headers, _store = shopper
    response = client.post("/me/list/lines", headers=headers, json=body)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


def test_another_households_line_is_not_found(
    client: TestClient, session: Session, settings: Settings, shopper: Any
) -> None:
    household, _headers, _store = shopper
    assert household.id is not None
    line = add_to_list(
        session=session, household_id=household.id, product=make_product(session), now=NOW
    )
    intruder = customer_headers(settings, make_household(session))
    session.commit()  # an error response rolls back what was not committed
    for response in (
        client.patch(f"/me/list/lines/{line.id}", headers=intruder, json={"quantity": 3}),
        client.delete(f"/me/list/lines/{line.id}", headers=intruder),
    ):
        assert (response.status_code, response.json()["error"]["code"]) == (404, "line_not_found")


def test_out_of_stock_line_and_its_substitute(
    client: TestClient, session: Session, shopper: Any
) -> None:
    _household, headers, store = shopper
    gone = make_product(session, name_fr="Café rare", category="cafe", price_cents=500)
    there = make_product(session, name_fr="Café courant", category="cafe", price_cents=450)
    make_stock(session, store, gone, 0)
    make_stock(session, store, there, 10)
    session.commit()  # an error response rolls back what was not committed
    client.patch("/me/list", headers=headers, json={"store_id": store.id})
    body = client.post("/me/list/lines", headers=headers, json={"product_id": gone.id}).json()
    line = body["lines"][0]
    assert (line["in_stock"], body["missing_count"]) == (False, 1)
    assert line["substitute"]["product_id"] == there.id
    assert "Café rare est en rupture à Carchan API" in line["substitute"]["explanation_fr"]
    swapped = client.post(f"/me/list/lines/{line['id']}/substitute", headers=headers).json()
    assert [ln["product_id"] for ln in swapped["lines"]] == [there.id]
    assert swapped["missing_count"] == 0
    again = client.post(f"/me/list/lines/{line['id']}/substitute", headers=headers)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "no_substitute")


def test_place_status_and_cancel(client: TestClient, session: Session, shopper: Any) -> None:
    _household, headers, store = shopper
    slot = _slot(session, store, capacity=1)
    session.commit()  # an error response rolls back what was not committed
    empty = client.post("/me/orders", headers=headers, json={"slot_id": slot.id})
    assert (empty.status_code, empty.json()["error"]["code"]) == (409, "empty_order")
    product = make_product(session, price_cents=250)
    client.post("/me/list/lines", headers=headers, json={"product_id": product.id, "quantity": 2})
    slots = client.get(f"/stores/{store.id}/slots", headers=headers).json()
    assert [(s["id"], s["free"]) for s in slots] == [(slot.id, 1)]
    placed = client.post("/me/orders", headers=headers, json={"slot_id": slot.id})
    assert placed.status_code == 201
    order = placed.json()
    assert (order["status"], order["store_id"], order["to_pay_cents"]) == ("placed", store.id, 500)
    assert order["slot"]["id"] == slot.id and order["lines"][0]["quantity"] == 2
    assert client.get("/me/list", headers=headers).json()["lines"] == []
    assert client.get(f"/stores/{store.id}/slots", headers=headers).json() == []

    other = make_household(session)
    assert other.id is not None
    add_to_list(session=session, household_id=other.id, product=product, now=NOW)
    session.commit()
    full = client.post(
        "/me/orders",
        headers=customer_headers(client.app.state.settings, other),  # type: ignore[attr-defined]
        json={"slot_id": slot.id},
    )
    assert (full.status_code, full.json()["error"]["code"]) == (409, "slot_full")

    listed = client.get("/me/orders", headers=headers).json()
    assert [o["id"] for o in listed] == [order["id"]]
    cancelled = client.post(f"/me/orders/{order['id']}/cancel", headers=headers).json()
    assert cancelled["status"] == "cancelled"
    assert client.get(f"/stores/{store.id}/slots", headers=headers).json()[0]["free"] == 1
    twice = client.post(f"/me/orders/{order['id']}/cancel", headers=headers)
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "invalid_transition")
    missing = client.get("/me/orders/999999999", headers=headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "order_not_found")


@pytest.mark.parametrize(("slot_id", "status", "code"), [(10**9, 404, "slot_not_found")])
def test_an_unknown_slot(
    client: TestClient, session: Session, shopper: Any, slot_id: int, status: int, code: str
) -> None:
    _household, headers, _store = shopper
    product = make_product(session)
    session.commit()
    client.post("/me/list/lines", headers=headers, json={"product_id": product.id})
    response = client.post("/me/orders", headers=headers, json={"slot_id": slot_id})
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


# --- contention against a real server -------------------------------------------------------

CUSTOMERS = 12
CAPACITY = 4


@pytest.fixture
def live_url(settings: Settings, engine: Engine) -> Iterator[str]:
    """The real app (its own engine and sessions) served by uvicorn on 127.0.0.1."""
    app = create_app(settings, clock=StartedClock(NOW))
    try:
        with serve(app) as served:
            yield served.base
    finally:
        app.state.engine.dispose()


def test_concurrent_orders_never_overbook_a_slot(
    live_url: str, settings: Settings, database_url: str
) -> None:
    own = make_engine(database_url)
    with Session(own, expire_on_commit=False) as session:
        store = make_store(session)
        product = make_product(session)
        slot = _slot(session, store, capacity=CAPACITY)
        households = [make_household(session) for _ in range(CUSTOMERS)]
        for household in households:
            assert household.id is not None
            add_to_list(session=session, household_id=household.id, product=product, now=NOW)
        session.commit()
    ids = [h.id for h in households]
    try:
        barrier = threading.Barrier(CUSTOMERS)

        def order(household: Household) -> httpx.Response:
            headers = customer_headers(settings, household)
            with httpx.Client(base_url=live_url, timeout=60) as http:
                barrier.wait()
                return http.post("/me/orders", headers=headers, json={"slot_id": slot.id})

        threads: list[httpx.Response] = []
        lock = threading.Lock()

        def run(household: Household) -> None:
            response = order(household)
            with lock:
                threads.append(response)

        workers = [threading.Thread(target=run, args=(h,)) for h in households]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        outcomes = sorted((r.status_code, r.json().get("error", {}).get("code")) for r in threads)
        assert outcomes == [(201, None)] * CAPACITY + [(409, "slot_full")] * (CUSTOMERS - CAPACITY)
        with Session(own) as session:
            stored = session.get(PickupSlot, slot.id)
            placed = session.exec(select(Order).where(Order.slot_id == slot.id)).all()
            drafts = session.exec(
                select(Order).where(col(Order.household_id).in_(ids), Order.status == "draft")
            ).all()
            assert stored is not None and stored.booked == CAPACITY
            assert len(placed) == CAPACITY and len(drafts) == CUSTOMERS - CAPACITY
    finally:
        with Session(own) as session:
            orders = select(Order.id).where(col(Order.household_id).in_(ids))
            session.execute(sa.delete(OrderLine).where(col(OrderLine.order_id).in_(orders)))
            session.execute(sa.delete(Order).where(col(Order.household_id).in_(ids)))
            session.execute(sa.delete(PickupSlot).where(col(PickupSlot.id) == slot.id))
            session.execute(sa.delete(Household).where(col(Household.id).in_(ids)))
            session.execute(sa.delete(Product).where(col(Product.id) == product.id))
            session.execute(sa.delete(Store).where(col(Store.id) == store.id))
            session.commit()
        own.dispose()

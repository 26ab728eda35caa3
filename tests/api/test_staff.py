"""The staff's order feed and lifecycle moves, behind API-key scopes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.catalog.models import Store
from assistant.customers.models import Household
from assistant.notify.models import OutboxMessage
from assistant.orders.models import Order
from assistant.orders.service import add_to_list, place_order
from tests.assistant.notify.conftest import grant
from tests.assistant.orders.conftest import NOW, make_slot
from tests.factories import api_key_headers, make_household, make_product, make_store


@pytest.fixture
def placed(session: Session) -> tuple[Household, Store, Order]:
    store = make_store(session, name="Carchan Staff")
    household = make_household(session, lang="en")
    assert household.id is not None
    grant(session, household, "push", "service")
    line = add_to_list(
        session=session, household_id=household.id, product=make_product(session), now=NOW
    )
    slot = make_slot(session, store, hours_ahead=24 * 400)  # ahead of any real clock in CI
    order = place_order(session=session, order_id=line.order_id, slot_id=slot.id or 0, now=NOW)
    session.commit()  # an error response rolls back what was not committed
    return household, store, order


@pytest.fixture
def staff(session: Session) -> dict[str, str]:
    headers = api_key_headers(session, ["staff:read", "staff:write"])
    session.commit()
    return headers


def _move(client: TestClient, store: Store, order: Order, to: str, headers: dict[str, str]) -> Any:
    return client.post(
        f"/staff/stores/{store.id}/orders/{order.id}/status", headers=headers, json={"status": to}
    )


def test_the_feed_and_the_whole_life(
    client: TestClient, session: Session, placed: Any, staff: dict[str, str]
) -> None:
    household, store, order = placed
    feed = client.get(f"/staff/stores/{store.id}/orders", headers=staff).json()
    assert [(o["id"], o["status"]) for o in feed] == [(order.id, "placed")]
    for to in ("picking", "ready", "collected"):
        response = _move(client, store, order, to, staff)
        assert (response.status_code, response.json()["status"]) == (200, to)
    assert client.get(f"/staff/stores/{store.id}/orders", headers=staff).json() == []
    collected = client.get(
        f"/staff/stores/{store.id}/orders", headers=staff, params={"status": "collected"}
    ).json()
    assert [o["id"] for o in collected] == [order.id]
    push = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == household.id)
    ).one()
    assert (push.kind, push.channel, push.transactional, push.lang) == (
        "order_ready",
        "push",
        True,
        "en",
    )
    assert push.body.startswith(f"Order #{order.id} is ready for pickup at Carchan Staff")


@pytest.mark.parametrize(("path", "to"), [([], "ready"), (["picking"], "collected")])
def test_an_invalid_move_is_a_409(
    client: TestClient, placed: Any, staff: dict[str, str], path: list[str], to: str
) -> None:
    _household, store, order = placed
    for step in path:
        assert _move(client, store, order, step, staff).status_code == 200
    response = _move(client, store, order, to, staff)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_a_bad_status_is_a_422(client: TestClient, placed: Any, staff: dict[str, str]) -> None:
    _household, store, order = placed
    response = _move(client, store, order, "draft", staff)
    assert (response.status_code, response.json()["error"]["code"]) == (422, "validation_error")


def test_another_stores_order_is_not_found(
    client: TestClient, session: Session, placed: Any, staff: dict[str, str]
) -> None:
    _household, _store, order = placed
    other = make_store(session)
    session.commit()
    response = _move(client, other, order, "picking", staff)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "order_not_found")
    missing = client.get("/staff/stores/999999999/orders", headers=staff)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "store_not_found")


@pytest.mark.parametrize(
    ("scopes", "status", "code"),
    [
        (None, 401, "api_key_required"),
        (["staff:read"], 403, "insufficient_scope"),
        (["receipts:write"], 403, "insufficient_scope"),
    ],
)
def test_moving_needs_the_staff_write_scope(
    client: TestClient,
    session: Session,
    placed: Any,
    scopes: list[str] | None,
    status: int,
    code: str,
) -> None:
    _household, store, order = placed
    headers = api_key_headers(session, scopes) if scopes else {}
    session.commit()
    response = _move(client, store, order, "picking", headers)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    session.refresh(order)
    assert order.status == "placed"

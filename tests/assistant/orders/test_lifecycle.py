"""Placing the list on a slot, and the order's life: placed, picking, ready, collected."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from sqlmodel import Session, select

from assistant.catalog.models import Store
from assistant.customers.models import Household
from assistant.errors import AppError, Conflict
from assistant.notify.models import OutboxMessage
from assistant.orders.lifecycle import advance_order, cancel_order, store_orders
from assistant.orders.models import Order, OrderStatus, PickupSlot
from assistant.orders.service import add_to_list, draft_order, place_order
from tests.assistant.notify.conftest import grant
from tests.assistant.orders.conftest import NOW, TODAY, make_slot
from tests.factories import make_household, make_product, make_store

S = OrderStatus


@pytest.fixture
def placed(session: Session) -> tuple[Household, Store, PickupSlot, Order]:
    store = make_store(session, name="Carchan Montparnasse")
    household = make_household(session, lang="fr")
    assert household.id is not None
    add_to_list(session=session, household_id=household.id, product=make_product(session), now=NOW)
    slot = make_slot(session, store, hours_ahead=32, capacity=2)  # Wednesday 18:00 in Paris
    draft = draft_order(session=session, household_id=household.id)
    assert draft is not None and draft.id is not None and slot.id is not None
    order = place_order(session=session, order_id=draft.id, slot_id=slot.id, now=NOW)
    return household, store, slot, order


def test_placing_books_the_slot_and_accepts_the_list(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order]
) -> None:
    _household, store, slot, order = placed
    assert (order.status, order.store_id, order.slot_id, order.placed_at) == (
        "placed",
        store.id,
        slot.id,
        NOW,
    )
    assert slot.booked == 1


def test_the_next_list_is_collected_where_the_last_order_was(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order]
) -> None:
    household, store, _slot, _order = placed
    assert household.id is not None
    line = add_to_list(
        session=session, household_id=household.id, product=make_product(session), now=NOW
    )
    assert session.get(Order, line.order_id).store_id == store.id  # type: ignore[union-attr]


def test_a_first_list_is_collected_at_the_preferred_store(session: Session) -> None:
    store = make_store(session)
    household = make_household(session, preferred_store_id=store.id)
    assert household.id is not None
    line = add_to_list(
        session=session, household_id=household.id, product=make_product(session), now=NOW
    )
    assert session.get(Order, line.order_id).store_id == store.id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("hours_ahead", "capacity", "booked", "code"),
    [(-1, 3, 0, "slot_past"), (5, 2, 2, "slot_full")],
)
def test_a_past_or_full_slot_is_refused_and_nothing_changes(
    session: Session, hours_ahead: float, capacity: int, booked: int, code: str
) -> None:
    store = make_store(session)
    household = make_household(session)
    assert household.id is not None
    line = add_to_list(
        session=session, household_id=household.id, product=make_product(session), now=NOW
    )
    slot = make_slot(session, store, hours_ahead, capacity, booked)
    with pytest.raises(Conflict) as refused:
        place_order(session=session, order_id=line.order_id, slot_id=slot.id or 0, now=NOW)
    assert refused.value.code == code
    assert session.get(Order, line.order_id).status == "draft"  # type: ignore[union-attr]
    assert slot.booked == booked


def test_the_whole_life_and_the_ready_push(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order]
) -> None:
    household, store, _slot, order = placed
    grant(session, household, "push", "service")
    assert order.id is not None and store.id is not None
    assert [o.id for o in store_orders(session=session, store_id=store.id)] == [order.id]
    stamps = []
    order_id = order.id
    for to in (S.picking, S.ready, S.collected):
        order = advance_order(session=session, order_id=order_id, to=to, now=NOW, store_id=store.id)
        stamps.append((order.status, order.picking_at, order.ready_at, order.collected_at))
    assert stamps[-1] == ("collected", NOW, NOW, NOW)
    pushes = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == household.id)
    ).all()
    assert [(p.kind, p.channel, p.purpose, p.dedup_key) for p in pushes] == [
        ("order_ready", "push", "service", f"order:{order.id}:ready")
    ]
    assert pushes[0].body == (
        f"La commande n° {order.id} est prête à retirer à Carchan Montparnasse, "
        f"votre créneau : {format_date(TODAY + dt.timedelta(days=1), 'EEEE d MMMM', locale='fr')}"
        " à 18:00."
    )
    assert pushes[0].payload["order_id"] == order.id and pushes[0].explanation
    assert store_orders(session=session, store_id=store.id) == []


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], S.ready),
        ([], S.collected),
        ([], S.placed),
        ([S.picking], S.collected),
        ([S.picking, S.ready, S.collected], S.cancelled),
        ([S.cancelled], S.picking),
        ([S.picking, S.ready], S.picking),
    ],
)
def test_invalid_transitions_are_refused(
    session: Session,
    placed: tuple[Household, Store, PickupSlot, Order],
    path: list[OrderStatus],
    refused: OrderStatus,
) -> None:
    _household, _store, _slot, order = placed
    assert order.id is not None
    for to in path:
        advance_order(session=session, order_id=order.id, to=to, now=NOW)
    with pytest.raises(Conflict) as error:
        advance_order(session=session, order_id=order.id, to=refused, now=NOW)
    assert error.value.code == "invalid_transition"
    assert error.value.details["to"] == refused.value


def test_cancelling_frees_the_place(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order]
) -> None:
    household, _store, slot, order = placed
    assert household.id is not None and order.id is not None
    cancelled = cancel_order(session=session, household_id=household.id, order_id=order.id, now=NOW)
    assert (cancelled.status, slot.booked) == ("cancelled", 0)
    assert cancelled.cancelled_at is not None


def test_the_customer_cannot_cancel_once_picking_started(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order]
) -> None:
    household, _store, _slot, order = placed
    assert household.id is not None and order.id is not None
    advance_order(session=session, order_id=order.id, to=S.picking, now=NOW)
    with pytest.raises(Conflict) as error:
        cancel_order(session=session, household_id=household.id, order_id=order.id, now=NOW)
    assert error.value.code == "invalid_transition"


@pytest.mark.parametrize("who", ["store", "household"])
def test_another_store_or_household_does_not_find_the_order(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order], who: str
) -> None:
    _household, _store, _slot, order = placed
    other = make_store(session) if who == "store" else make_household(session)
    scope = {"store_id": other.id} if who == "store" else {"household_id": other.id}
    with pytest.raises(AppError) as error:
        advance_order(session=session, order_id=order.id or 0, to=S.picking, now=NOW, **scope)  # type: ignore[arg-type]
    assert (error.value.status_code, error.value.code) == (404, "order_not_found")


def test_the_ready_push_needs_the_service_consent(
    session: Session, placed: tuple[Household, Store, PickupSlot, Order]
) -> None:
    household, _store, _slot, order = placed
    assert order.id is not None
    for to in (S.picking, S.ready):
        advance_order(session=session, order_id=order.id, to=to, now=NOW + dt.timedelta(hours=1))
    assert (
        session.exec(select(OutboxMessage).where(OutboxMessage.household_id == household.id)).all()
        == []
    )

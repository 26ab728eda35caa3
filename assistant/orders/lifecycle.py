"""An order's life after it is placed: placed -> picking -> ready -> collected, or cancelled.

Each move is one conditional UPDATE on the status it starts from, so two staff members
moving the same order at once cannot both succeed. Cancelling frees the pickup place; an
order becoming ready writes its push notification to the outbox in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Store
from assistant.customers.models import Channel, Household, Purpose
from assistant.errors import Conflict, NotFound
from assistant.i18n import LANGS, render
from assistant.notify.service import enqueue
from assistant.orders.models import Order, OrderStatus, PickupSlot
from assistant.orders.slots import free_slot, take_slot

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.placed: frozenset({OrderStatus.picking, OrderStatus.cancelled}),
    OrderStatus.picking: frozenset({OrderStatus.ready, OrderStatus.cancelled}),
    OrderStatus.ready: frozenset({OrderStatus.collected, OrderStatus.cancelled}),
}
# The column each status stamps with the time of the move.
STAMPS = {
    OrderStatus.picking: "picking_at",
    OrderStatus.ready: "ready_at",
    OrderStatus.collected: "collected_at",
    OrderStatus.cancelled: "cancelled_at",
}


def store_zone(store: Store | None) -> ZoneInfo:
    """The zone of a store's clock: its pickup times are said in it."""
    return ZoneInfo(store.timezone if store is not None else "Europe/Paris")


def store_orders(
    *, session: Session, store_id: int, statuses: list[OrderStatus] | None = None
) -> list[Order]:
    """The store's orders (placed, picking and ready by default), by pickup time."""
    wanted = statuses or [OrderStatus.placed, OrderStatus.picking, OrderStatus.ready]
    return list(
        session.exec(
            select(Order)
            .outerjoin(PickupSlot, col(PickupSlot.id) == col(Order.slot_id))
            .where(Order.store_id == store_id, col(Order.status).in_(wanted))
            .order_by(col(PickupSlot.starts_at), col(Order.id))
        ).all()
    )


def advance_order(
    *,
    session: Session,
    order_id: int,
    to: OrderStatus,
    now: dt.datetime,
    store_id: int | None = None,
    household_id: int | None = None,
) -> Order:
    """Moves the order to `to`. NotFound `order_not_found` (also when it belongs to another
    store or household than the one given); Conflict `invalid_transition` when `to` does not
    follow its current status (or another move got there first)."""
    order = session.get(Order, order_id)
    if (
        order is None
        or order.status == OrderStatus.draft
        or (store_id is not None and order.store_id != store_id)
        or (household_id is not None and order.household_id != household_id)
    ):
        raise NotFound("no such order", code="order_not_found")
    current = OrderStatus(order.status)
    if to not in TRANSITIONS.get(current, frozenset()):
        raise Conflict(
            f"an order {current.value} cannot become {to.value}",
            code="invalid_transition",
            details={"from": current.value, "to": to.value},
        )
    with session.begin_nested():
        moved = session.execute(
            sa.update(Order)
            .where(col(Order.id) == order_id, col(Order.status) == current)
            .values({"status": to, "updated_at": now, STAMPS[to]: now})
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(
                "the order was moved by someone else meanwhile",
                code="invalid_transition",
                details={"from": current.value, "to": to.value},
            )
        if to == OrderStatus.cancelled and order.slot_id is not None:
            free_slot(session, order.slot_id)
    order = session.get(Order, order_id, populate_existing=True)
    assert order is not None
    if order.slot_id is not None:
        session.get(PickupSlot, order.slot_id, populate_existing=True)
    if to == OrderStatus.ready:
        notify_ready(session=session, order=order, now=now)
    return order


def _placed_order(session: Session, household_id: int, order_id: int, to: str) -> Order:
    """The household's order while the customer may still change it: placed, not picking."""
    order = session.get(Order, order_id)
    if order is None or order.household_id != household_id or order.status == OrderStatus.draft:
        raise NotFound("no such order", code="order_not_found")
    if order.status != OrderStatus.placed:
        raise Conflict(
            "the store has started preparing this order: call the store to change it",
            code="invalid_transition",
            details={"from": order.status, "to": to},
        )
    return order


def cancel_order(*, session: Session, household_id: int, order_id: int, now: dt.datetime) -> Order:
    """The customer cancels: only before the store starts picking (`invalid_transition`)."""
    _placed_order(session, household_id, order_id, OrderStatus.cancelled.value)
    return advance_order(
        session=session,
        order_id=order_id,
        to=OrderStatus.cancelled,
        now=now,
        household_id=household_id,
    )


def reschedule_order(
    *, session: Session, household_id: int, order_id: int, slot_id: int, now: dt.datetime
) -> Order:
    """Move a placed order to another pickup slot (another day, time or store of the same
    chain): the new place is taken and the old one freed together, or nothing changes.
    NotFound `order_not_found`/`slot_not_found`; Conflict `invalid_transition` once the
    store has started picking, `slot_past`, `slot_full`."""
    order = _placed_order(session, household_id, order_id, "rescheduled")
    slot = session.get(PickupSlot, slot_id)
    if slot is None:
        raise NotFound("no such pickup slot", code="slot_not_found")
    if slot.starts_at <= now:
        raise Conflict("this pickup slot has already started", code="slot_past")
    previous = order.slot_id
    if previous == slot_id:
        return order
    with session.begin_nested():
        moved = session.execute(
            sa.update(Order)
            .where(col(Order.id) == order_id, col(Order.status) == OrderStatus.placed)
            .values(slot_id=slot_id, store_id=slot.store_id, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("the order was moved meanwhile", code="invalid_transition")
        take_slot(session, slot_id)
        if previous is not None:
            free_slot(session, previous)
    for touched in (slot_id, previous):
        if touched is not None:
            session.get(PickupSlot, touched, populate_existing=True)
    refreshed = session.get(Order, order_id, populate_existing=True)
    assert refreshed is not None
    return refreshed


def notify_ready(*, session: Session, order: Order, now: dt.datetime) -> None:
    """The transactional push "your order is ready" (once per order, by its dedup key)."""
    household = session.get(Household, order.household_id)
    if household is None or order.id is None:
        return
    lang = household.lang if household.lang in LANGS else LANGS[0]
    store = session.get(Store, order.store_id) if order.store_id is not None else None
    slot = session.get(PickupSlot, order.slot_id) if order.slot_id is not None else None
    values: dict[str, Any] = {"number": order.id, "store": store.name if store else "Carchan"}
    # The slot's time as the store's clock says it: the customer collects there.
    body = (
        render(lang, "orders.ready.body_slot", zone=store_zone(store), when=slot.starts_at,
               **values)
        if slot is not None
        else render(lang, "orders.ready.body", **values)
    )  # fmt: skip
    title, explanation = (
        render(lang, "orders.ready.title"),
        render(lang, "orders.ready.explanation"),
    )
    enqueue(
        session=session,
        household_id=order.household_id,
        channel=Channel.push,
        purpose=Purpose.service,
        kind="order_ready",
        title=title,
        body=body,
        explanation=explanation,
        lang=lang,
        payload={
            "order_id": order.id,
            "store_id": order.store_id,
            "slot_starts_at": slot.starts_at.isoformat() if slot is not None else None,
        },
        dedup_key=f"order:{order.id}:ready",
        now=now,
        transactional=True,
    )

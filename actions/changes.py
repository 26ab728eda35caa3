"""Changing one's mind: cancel an outing booking, cancel or move a click & collect order.

Each asks for a "yes" first (the confirmation handlers below carry it out): cancelling seats
or an order is not something to do on a misheard word.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk.events import SlotSet

from actions.base import Ctx, DataAction, as_int, parse_date, set_pending, zone
from actions.orders import _pickup_store, choose_slot
from actions.outings import kind_for, yes_no
from assistant.catalog.models import Store
from assistant.errors import AppError
from assistant.orders.lifecycle import cancel_order, reschedule_order
from assistant.orders.models import Order, OrderStatus, PickupSlot
from assistant.orders.service import free_slots, open_orders
from assistant.outings.bookings import ACTIVE, cancel_booking, list_bookings
from assistant.outings.models import Booking, Event

__all__ = [
    "BookingCancel",
    "OrderCancel",
    "OrderModify",
    "confirm_booking_cancel",
    "confirm_order_cancel",
    "confirm_order_move",
]


# -- outings ------------------------------------------------------------------------------


def _upcoming_bookings(ctx: Ctx) -> list[tuple[Booking, Event]]:
    """The household's active bookings of events still to come, soonest first, narrowed by
    the kind of outing and the day said, if any."""
    kind = kind_for(ctx.slot("event_type"))
    day = parse_date(ctx.slot("date"), ctx.today)
    found: list[tuple[Booking, Event]] = []
    for booking in list_bookings(
        session=ctx.session, household_id=ctx.household_id, statuses=list(ACTIVE)
    ):
        event = ctx.session.get(Event, booking.event_id)
        if event is None or event.starts_at <= ctx.now:
            continue
        if kind is not None and event.kind != kind:
            continue
        if day is not None and event.starts_at.astimezone(zone(ctx.household)).date() != day:
            continue
        found.append((booking, event))
    return sorted(found, key=lambda pair: pair[1].starts_at)


def _forget_question() -> list[dict[str, Any]]:
    return [SlotSet("pending_action", None), SlotSet("pending_payload", None)]


class BookingCancel(DataAction):
    def name(self) -> str:
        return "action_booking_cancel"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        if ctx.slot("pending_action") == "outing_book":
            # "Actually, cancel the booking" before its yes: nothing to undo but the question.
            ctx.tell("changes.booking.not_booked")
            return _forget_question()
        chosen = as_int(ctx.slot("booking_id"))
        bookings = _upcoming_bookings(ctx)
        if chosen is not None:
            bookings = [pair for pair in bookings if pair[0].id == chosen]
        if not bookings:
            ctx.tell("changes.booking.none")
            return []
        if len(bookings) > 1:
            buttons = [
                {
                    "title": ctx.text("outings.choice", title=event.title, when=event.starts_at),
                    "payload": "/booking_cancel" + json.dumps({"booking_id": booking.id}),
                }
                for booking, event in bookings[:5]
            ]
            ctx.tell("changes.booking.which", buttons=buttons)
            return []
        booking, event = bookings[0]
        ctx.tell(
            "changes.booking.ask_cancel", buttons=yes_no(ctx), count=booking.seats,
            title=event.title, when=event.starts_at,
        )  # fmt: skip
        return set_pending(ctx, "booking_cancel", {"booking_id": booking.id})


def confirm_booking_cancel(ctx: Ctx, payload: dict[str, Any]) -> None:
    try:
        booking = cancel_booking(
            session=ctx.session, household_id=ctx.household_id,
            booking_id=int(payload["booking_id"]), now=ctx.now,
        )  # fmt: skip
    except AppError:
        ctx.tell("changes.booking.started")
        return
    event = ctx.session.get(Event, booking.event_id)
    title = event.title if event is not None else ""
    ctx.tell("changes.booking.cancelled", count=booking.seats, title=title)


# -- orders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pickup:
    """Where and when an order is to be collected (`when` is None before a slot is booked)."""

    when: dt.datetime | None
    store: str


def _pickup(ctx: Ctx, order: Order) -> Pickup:
    slot = ctx.session.get(PickupSlot, order.slot_id) if order.slot_id is not None else None
    store = ctx.session.get(Store, order.store_id) if order.store_id is not None else None
    return Pickup(slot.starts_at if slot is not None else None, store.name if store else "")


def _slot_buttons(ctx: Ctx, order: Order, store: Store) -> list[dict[str, Any]]:
    """A button for each of the store's next free slots: it asks to move `order` there."""
    assert store.id is not None
    # The time as the store reads it (`choose_slot` finds the slot in the store's zone).
    local = ZoneInfo(store.timezone)
    return [
        {
            "title": ctx.text("changes.slot", when=slot.starts_at),
            "payload": "/order_modify" + json.dumps({
                "order_id": order.id, "store": store.code,
                "date": slot.starts_at.astimezone(local).date().isoformat(),
                "time": slot.starts_at.astimezone(local).strftime("%H:%M"),
            }),
        }
        for slot in free_slots(session=ctx.session, store_id=store.id, after=ctx.now)
        if slot.starts_at > ctx.now  # a slot starting now can no longer be chosen
    ]  # fmt: skip


def _open_orders(ctx: Ctx) -> list[Order]:
    """Orders not yet collected, narrowed by the day said, if any; a button names one."""
    chosen = as_int(ctx.slot("order_id"))
    day = parse_date(ctx.slot("date"), ctx.today)
    found = []
    for order in open_orders(session=ctx.session, household_id=ctx.household_id):
        if chosen is not None and order.id != chosen:
            continue
        slot = ctx.session.get(PickupSlot, order.slot_id) if order.slot_id is not None else None
        on_day = slot is not None and slot.starts_at.astimezone(zone(ctx.household)).date() == day
        if day is not None and chosen is None and not on_day:
            continue
        found.append(order)
    return found


def _which_order(ctx: Ctx, orders: list[Order], intent: str) -> None:
    buttons = []
    for order in orders[:5]:
        when = _pickup(ctx, order).when
        title = (
            ctx.text("changes.order.choice.slot", number=order.id, when=when)
            if when is not None
            else ctx.text("changes.order.choice.no_slot", number=order.id)
        )
        buttons.append(
            {"title": title, "payload": f"/{intent}" + json.dumps({"order_id": order.id})}
        )
    ctx.tell("changes.order.which", buttons=buttons)


def _too_late(ctx: Ctx, order: Order, what: str) -> None:
    """`what`: "cancel" or "change"; the store's number when it has one."""
    store = ctx.session.get(Store, order.store_id) if order.store_id is not None else None
    phone = getattr(store, "phone", None) if store is not None else None
    if phone:
        ctx.tell(f"changes.order.too_late.{what}_phone", number=order.id, phone=phone)
    else:
        ctx.tell(f"changes.order.too_late.{what}", number=order.id)


class OrderCancel(DataAction):
    def name(self) -> str:
        return "action_order_cancel"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        if ctx.slot("pending_action") == "order_place":
            ctx.tell("changes.order.not_placed")
            return _forget_question()
        orders = _open_orders(ctx)
        if not orders:
            ctx.tell("changes.order.none_to_cancel")
            return []
        if len(orders) > 1:
            _which_order(ctx, orders, "order_cancel")
            return []
        order = orders[0]
        if order.status != OrderStatus.placed:
            _too_late(ctx, order, "cancel")
            return []
        pickup = _pickup(ctx, order)
        if pickup.when is not None:
            ctx.tell(
                "changes.order.ask_cancel.slot", buttons=yes_no(ctx), number=order.id,
                when=pickup.when, store=pickup.store,
            )  # fmt: skip
        else:
            ctx.tell("changes.order.ask_cancel.no_slot", buttons=yes_no(ctx), number=order.id)
        return set_pending(ctx, "order_cancel", {"order_id": order.id})


def confirm_order_cancel(ctx: Ctx, payload: dict[str, Any]) -> None:
    order_id = int(payload["order_id"])
    try:
        cancel_order(
            session=ctx.session, household_id=ctx.household_id, order_id=order_id, now=ctx.now
        )
    except AppError:
        ctx.tell("changes.order.cannot_cancel", number=order_id)
        return
    ctx.tell("changes.order.cancelled", number=order_id)


class OrderModify(DataAction):
    """Moving an order to another time, day or store. Its content cannot change once placed
    (the store picks from it): the customer is told so, and how."""

    def name(self) -> str:
        return "action_order_modify"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        orders = _open_orders(ctx) if ctx.slot("order_id") else _all_open(ctx)
        if not orders:
            ctx.tell("changes.order.none_to_change")
            return []
        if len(orders) > 1:
            _which_order(ctx, orders, "order_modify")
            return []
        order = orders[0]
        if order.status != OrderStatus.placed:
            _too_late(ctx, order, "change")
            return []
        if ctx.slot("product"):
            ctx.tell("changes.order.content_fixed", number=order.id)
            return []
        store = _pickup_store(ctx, order.store_id)
        current = _pickup(ctx, order)
        if store is None or (ctx.slot("pickup_time") is None and ctx.slot("time") is None):
            return _ask_when(ctx, order, store, current)
        at = ctx.slot("pickup_time") or ctx.slot("time")
        day = ctx.slot("date")
        if day is None and current.when is not None:
            # "plutôt à 18h" keeps the day of the order.
            day = current.when.astimezone(zone(ctx.household)).date().isoformat()
        slot, _ = choose_slot(ctx.session, store, at, day, ctx.now)
        if slot is None or slot.booked >= slot.capacity:
            buttons = _slot_buttons(ctx, order, store)
            unavailable = "unavailable" if buttons else "unavailable_none"
            ctx.tell(f"changes.order.{unavailable}", buttons=buttons, store=store.name)
            return []
        moved: dict[str, Any] = {"number": order.id, "when": slot.starts_at, "store": store.name}
        if current.when is not None:
            ctx.tell(
                "changes.order.ask_move.instead", buttons=yes_no(ctx), before=current.when,
                **moved,
            )  # fmt: skip
        else:
            ctx.tell("changes.order.ask_move.new", buttons=yes_no(ctx), **moved)
        return set_pending(ctx, "order_modify", {"order_id": order.id, "slot_id": slot.id})


def _ask_when(ctx: Ctx, order: Order, store: Store | None, current: Pickup) -> list[dict[str, Any]]:
    """When to collect the order instead, with a button for each free slot of its store."""
    buttons = _slot_buttons(ctx, order, store) if store is not None else []
    if store is not None and not buttons:
        ctx.tell("changes.order.no_free_slot", store=store.name)
    elif current.when is not None:
        ctx.tell(
            "changes.order.ask_when.slot", buttons=buttons, number=order.id, when=current.when,
            store=current.store,
        )  # fmt: skip
    else:
        ctx.tell("changes.order.ask_when.no_slot", buttons=buttons, number=order.id)
    return []


def _all_open(ctx: Ctx) -> list[Order]:
    return [
        o
        for o in open_orders(session=ctx.session, household_id=ctx.household_id)
        if o.status in (OrderStatus.placed, OrderStatus.picking, OrderStatus.ready)
    ]


def confirm_order_move(ctx: Ctx, payload: dict[str, Any]) -> None:
    order_id, slot_id = int(payload["order_id"]), int(payload["slot_id"])
    try:
        order = reschedule_order(
            session=ctx.session, household_id=ctx.household_id, order_id=order_id,
            slot_id=slot_id, now=ctx.now,
        )  # fmt: skip
    except AppError:
        ctx.tell("changes.order.move_failed")
        return
    pickup = _pickup(ctx, order)
    ctx.tell("changes.order.moved", number=order.id, when=pickup.when, store=pickup.store)

"""Click & collect: placing the shopping list on a pickup slot, and the orders' status."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlmodel import Session

from actions.base import Ctx, DataAction, parse_date, parse_time, set_pending
from actions.outings import yes_no
from actions.products import find_store, product_label
from assistant.catalog.models import Product, Store
from assistant.errors import AppError
from assistant.i18n import Money, Msg, money
from assistant.orders.lifecycle import store_zone
from assistant.orders.models import Order, OrderLine, PickupSlot
from assistant.orders.service import (
    draft_order,
    find_slot,
    free_slots,
    open_orders,
    order_lines,
    place_order,
)
from assistant.orders.view import list_view
from assistant.replies import Card
from assistant.text import fold

# A part of the day said instead of a time ("samedi matin"): its slots, [start, end).
DAY_PARTS: dict[str, tuple[dt.time, dt.time | None]] = {
    "morning": (dt.time(0), dt.time(12)),
    "afternoon": (dt.time(12), dt.time(18)),
    "evening": (dt.time(18), None),
}
_DAY_PART_WORDS = (
    ("afternoon", re.compile(r"\b(?:apres[- ]?midi|aprem|afternoon)\b")),
    ("morning", re.compile(r"\b(?:matin(?:ee)?|morning)\b")),
    ("evening", re.compile(r"\b(?:soir(?:ee)?|evening|tonight)\b")),
)
# "9h du matin", "dix heures du soir", "7 in the morning": a time of day, not a part of it.
_CLOCK = re.compile(r"\d|\bheures?\b|\bo'?clock\b|\b[ap]\.?m\b")
STATUSES = ("placed", "picking", "ready")
SHOWN_PRODUCTS = 3  # named in an order's status sentence; its card lists them all


def day_part(value: Any) -> str | None:
    """ "matin", "cet après-midi", "tomorrow evening" -> "morning", "afternoon", "evening";
    None for a time of day ("18h30", "9h du matin") or anything else."""
    if value is None:
        return None
    text = fold(str(value))
    if _CLOCK.search(text):
        return None
    return next((part for part, words in _DAY_PART_WORDS if words.search(text)), None)


def said_time(ctx: Ctx) -> str | None:
    """The customer's own words for the time in the latest message: the NLU reads "matin"
    as 09:00, and only the words tell a part of the day from a time."""
    latest = ctx.tracker.latest_message or {}
    text = str(latest.get("text") or "")
    for entity in latest.get("entities") or []:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") != "time" or not isinstance(start, int):
            continue
        if isinstance(end, int) and 0 <= start < end <= len(text):
            return text[start:end]
    return None


def _first_free_in(
    session: Session, store: Store, day: dt.date, part: str, now: dt.datetime
) -> PickupSlot | None:
    assert store.id is not None
    here = store_zone(store)
    start, end = DAY_PARTS[part]
    after = max(now, dt.datetime.combine(day, start, here))
    until = (
        dt.datetime.combine(day, end, here)
        if end is not None
        else dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), here)
    )
    found = free_slots(session=session, store_id=store.id, after=after, limit=1)
    return found[0] if found and found[0].starts_at < until else None


def choose_slot(
    session: Session, store: Store, time_value: Any, date_value: Any, now: dt.datetime
) -> tuple[PickupSlot | None, dt.date | None]:
    """The store's slot at that time: on the date asked, else the next such slot to come
    (today if still ahead, else tomorrow). A part of the day ("matin", "evening") takes its
    first free slot. Returns the slot (None if none) and the day."""
    assert store.id is not None
    local_today = now.astimezone(store_zone(store)).date()
    part = day_part(time_value)
    # "demain soir" says its day with its part of the day.
    day = parse_date(date_value, local_today) or (
        parse_date(time_value, local_today) if part is not None else None
    )
    days = [day] if day is not None else [local_today, local_today + dt.timedelta(1)]
    if part is not None:
        for candidate in days:
            free = _first_free_in(session, store, candidate, part, now)
            if free is not None:
                return free, candidate
        return None, days[0]
    at = parse_time(time_value)
    if at is None:
        return None, None
    for candidate in days:
        slot = find_slot(
            session=session, store_id=store.id, day=candidate, at=at, tz=store_zone(store)
        )
        if slot is not None and slot.starts_at > now:
            return slot, candidate
    return None, days[0]


def pickup_slot(
    ctx: Ctx, store: Store, time_value: Any, date_value: Any
) -> tuple[PickupSlot | None, dt.date | None]:
    """`choose_slot` for what the customer just said: "samedi matin" is a part of the day
    though the NLU gives 09:00 for "matin"."""
    words = said_time(ctx)
    asked = words if day_part(words) is not None else time_value
    return choose_slot(ctx.session, store, asked, date_value, ctx.now)


def slot_time(slot: PickupSlot, store: Store | None) -> str:
    """The slot's time as a `pickup_time` slot holds it ("10:30", the store's wall clock):
    what a form keeps once a part of the day has chosen the slot."""
    return slot.starts_at.astimezone(store_zone(store)).strftime("%H:%M")


def usual_store(ctx: Ctx) -> Store | None:
    """The store the household collects from when it names none: its list's store, else
    its preferred store; only a store with click & collect."""
    order = draft_order(session=ctx.session, household_id=ctx.household_id)
    for store_id in (order.store_id if order else None, ctx.household.preferred_store_id):
        store = ctx.session.get(Store, store_id) if store_id is not None else None
        if store is not None and "drive" in store.services:
            return store
    return None


def extract_store(ctx: Ctx) -> dict[str, Any]:
    """The pickup form's store when the customer names none ("au magasin"): the usual one,
    instead of asking which."""
    if ctx.slot("store"):
        return {}
    store = usual_store(ctx)
    return {"store": store.code} if store is not None else {}


def extract_pickup_time(ctx: Ctx) -> dict[str, Any]:
    """The time said with the request itself ("récupérer ma commande samedi matin"), which
    the form's mapping only takes once the form is active: a part of the day becomes the
    time of its first free slot."""
    words = said_time(ctx)
    if ctx.slot("pickup_time") is not None or words is None:
        return {}
    store = find_store(ctx.session, ctx.slot("store"))
    if store is None:
        return {"pickup_time": words}
    slot, _day = pickup_slot(ctx, store, words, ctx.slot("date"))
    if slot is None or slot.booked >= slot.capacity:
        return {"pickup_time": words}  # the form's validation says why and what is free
    return {"pickup_time": slot_time(slot, store)}


def _pickup_store(ctx: Ctx, draft_store_id: int | None) -> Store | None:
    """The store named, else the list's store, else the household's usual store."""
    named = ctx.slot("store")
    if named:
        return find_store(ctx.session, named)
    store_id = draft_store_id or ctx.household.preferred_store_id
    return ctx.session.get(Store, store_id) if store_id is not None else None


def free_slots_msg(ctx: Ctx, store: Store) -> Msg:
    """ "Prochains créneaux libres : ..." (or that there is none), from the day the customer
    asked for when they named one ("dimanche à 15h": Sunday's free slots, or that Sunday has
    none before the next ones), else from now."""
    assert store.id is not None
    here = store_zone(store)
    day = parse_date(ctx.slot("date"), ctx.now.astimezone(here).date())
    after = ctx.now
    if day is not None:
        after = max(ctx.now, dt.datetime.combine(day, dt.time(0), here))
    found = free_slots(session=ctx.session, store_id=store.id, after=after)
    if not found:
        return Msg("orders.slots.none")
    slots = [ctx.text("orders.slot", when=s.starts_at) for s in found]
    if day is not None and found[0].starts_at.astimezone(here).date() != day:
        return Msg("orders.slots.none_that_day", {"store": store.name, "day": day, "slots": slots})
    return Msg("orders.slots.free", {"slots": slots})


def order_card(
    ctx: Ctx,
    order: Order,
    lines: list[tuple[OrderLine, Product]],
    *,
    slot: PickupSlot | None,
    store: Store | None,
    title: str,
    status: str | None = None,
) -> Card:
    """An order as a card: its status, a short line per product, the pickup, the coupons,
    what to pay."""
    shown = [ctx.text(f"orders.card.status.{status}")] if status is not None else []
    shown += [
        ctx.text("orders.card.line", quantity=line.quantity,
                 product=product_label(product, ctx.lang),
                 price=Money(line.quantity * line.unit_price_cents))
        for line, product in lines
    ]  # fmt: skip
    if slot is not None and store is not None:
        shown.append(ctx.text("orders.card.pickup", when=slot.starts_at, store=store.name))
    if order.discount_cents:
        shown.append(ctx.text("orders.card.coupons", saving=Money(order.discount_cents)))
    to_pay = order.total_cents - order.discount_cents
    return Card(kind="order", title=title, lines=shown, price=money(to_pay, ctx.lang),
                ref=order.id, tags=(status,) if status is not None else ())  # fmt: skip


class OrderPlace(DataAction):
    def name(self) -> str:
        return "action_order_place"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        order = draft_order(session=ctx.session, household_id=ctx.household_id)
        view = list_view(session=ctx.session, household_id=ctx.household_id, now=ctx.now)
        if order is None or order.id is None or not view.lines:
            ctx.tell("orders.place.empty_list")
            return []
        store = _pickup_store(ctx, order.store_id)
        if store is None:
            ctx.tell("orders.place.unknown_store")
            return []
        if ctx.slot("pickup_time") is None:
            ctx.tell_all([Msg("orders.place.ask_time", {"store": store.name}),
                          free_slots_msg(ctx, store)])  # fmt: skip
            return []
        slot, _day = pickup_slot(ctx, store, ctx.slot("pickup_time"), ctx.slot("date"))
        if slot is None or slot.booked >= slot.capacity:
            ctx.tell_all([Msg("orders.place.slot_unavailable", {"store": store.name}),
                          free_slots_msg(ctx, store)])  # fmt: skip
            return []
        values: dict[str, Any] = {
            "items": sum(v.line.quantity for v in view.lines), "total": Money(view.to_pay_cents),
            "store": store.name, "when": slot.starts_at,
        }  # fmt: skip
        asked = "orders.place.ask"
        if view.discount_cents:
            asked, values["saving"] = "orders.place.ask_with_coupons", Money(view.discount_cents)
        lines = [(v.line, v.product) for v in view.lines]
        card = order_card(ctx, order, lines, slot=slot, store=store,
                          title=ctx.text("orders.card.draft"))  # fmt: skip
        ctx.tell(asked, buttons=yes_no(ctx), cards=[card], **values)
        return set_pending(ctx, "order_place", {"order_id": order.id, "slot_id": slot.id})


def confirm_order_place(ctx: Ctx, payload: dict[str, Any]) -> None:
    order_id, slot_id = int(payload["order_id"]), int(payload["slot_id"])
    slot = ctx.session.get(PickupSlot, slot_id)
    store = ctx.session.get(Store, slot.store_id) if slot is not None else None
    try:
        order = place_order(session=ctx.session, order_id=order_id, slot_id=slot_id, now=ctx.now)
    except AppError as exc:
        if exc.code in {"slot_full", "slot_past"} and store is not None:
            ctx.tell_all([Msg(f"orders.place.{exc.code}"), free_slots_msg(ctx, store)])
        elif exc.code == "out_of_stock" and store is not None:
            missing = [_missing_name(ctx, item) for item in exc.details["missing"]]
            ctx.tell("orders.place.out_of_stock", store=store.name, products=missing)
        else:
            ctx.tell("orders.place.too_late")
        return
    assert slot is not None and store is not None and order.id is not None
    lines = order_lines(session=ctx.session, order_id=order.id)
    card = order_card(ctx, order, lines, slot=slot, store=store,
                      title=ctx.text("orders.card.number", number=order.id))  # fmt: skip
    ctx.tell(
        "orders.place.placed", cards=[card], number=order.id,
        total=Money(order.total_cents - order.discount_cents),
        store=store.name, when=slot.starts_at,
    )  # fmt: skip


def _missing_name(ctx: Ctx, item: dict[str, Any]) -> str:
    """A product the store lacks, named in the conversation's language."""
    product = ctx.session.get(Product, item.get("product_id")) if item.get("product_id") else None
    return product_label(product, ctx.lang) if product is not None else str(item["name"])


class OrderStatusAction(DataAction):
    def name(self) -> str:
        return "action_order_status"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        orders = open_orders(session=ctx.session, household_id=ctx.household_id)
        if not orders:
            ctx.tell("orders.status.none")
            return []
        parts = [Msg("orders.status.several", {"count": len(orders)})] if len(orders) > 1 else []
        cards = []
        for order in orders:
            assert order.id is not None
            lines = order_lines(session=ctx.session, order_id=order.id)
            store = ctx.session.get(Store, order.store_id) if order.store_id else None
            slot = ctx.session.get(PickupSlot, order.slot_id) if order.slot_id else None
            names = [product_label(product, ctx.lang) for _, product in lines]
            if len(names) > SHOWN_PRODUCTS:
                rest = len(names) - SHOWN_PRODUCTS
                names = [*names[:SHOWN_PRODUCTS],
                         ctx.text("orders.status.more_products", count=rest)]  # fmt: skip
            status = order.status if order.status in STATUSES else "placed"
            where = store.name if store is not None else "Carchan"
            parts.append(Msg(f"orders.status.{status}",
                             {"number": order.id, "products": names, "store": where}))  # fmt: skip
            if slot is not None:
                parts.append(Msg("orders.status.pickup", {"when": slot.starts_at}))
            title = ctx.text("orders.card.number", number=order.id)
            cards.append(order_card(ctx, order, lines, slot=slot, store=store, title=title,
                                    status=status))  # fmt: skip
        ctx.tell_all(parts, cards=cards)
        return []

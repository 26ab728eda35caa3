"""The assistant's opening in the app: a greeting that says what is waiting for the household,
and suggestion chips for it.

The facts come from the household's own data (a list to check, an order to pick up, a wish
within a few points, outings this weekend); each fact brings the chip that asks about it, in
words the assistant understands. Read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from assistant.catalog.models import Store
from assistant.clock import zone
from assistant.customers.models import Household
from assistant.i18n import Msg, render
from assistant.loyalty.service import active_rewards, balance
from assistant.loyalty.wishes import wished_rewards
from assistant.orders.models import OrderStatus, PickupSlot
from assistant.orders.service import draft_order, open_orders, order_lines
from assistant.outings.models import Booking, Event
from assistant.outings.service import member_ages, seats_left, suits_ages, upcoming_events

# A wish is "close" when this few points are missing (a typical week's shopping earns them).
WISH_CLOSE_POINTS = 50
MAX_CHIPS = 5
ACTIVE_BOOKINGS = ("held", "confirmed")
SATURDAY = 5


@dataclass(frozen=True)
class Chip:
    kind: str  # list | order | loyalty | outings | recipe | offers
    text: str


@dataclass(frozen=True)
class Greeting:
    text: str
    chips: list[Chip]
    parts: list[Msg]


def _hello(local: dt.datetime) -> Msg:
    if local.hour < 12:
        return Msg("app.greeting.hello.morning")
    if local.hour < 18:
        return Msg("app.greeting.hello.afternoon")
    return Msg("app.greeting.hello.evening")


def _list(session: Session, household_id: int) -> Msg | None:
    order = draft_order(session=session, household_id=household_id)
    if order is None or order.id is None:
        return None
    lines = order_lines(session=session, order_id=order.id)
    proposed = sum(1 for line, _ in lines if not line.accepted)
    if proposed:
        return Msg("app.greeting.list_proposed", {"n": proposed})
    if lines:
        return Msg("app.greeting.list_ready", {"n": len(lines)})
    return None


def _order(session: Session, household_id: int, now: dt.datetime) -> Msg | None:
    orders = open_orders(session=session, household_id=household_id)
    for order in orders:
        if order.status == OrderStatus.ready:
            store = session.get(Store, order.store_id) if order.store_id else None
            return Msg("app.greeting.order_ready", {"store": store.name if store else ""})
    for order in orders:
        slot = session.get(PickupSlot, order.slot_id) if order.slot_id else None
        if slot is not None and slot.starts_at > now:
            return Msg("app.greeting.order_placed", {"when": slot.starts_at})
    return None


def _wish(session: Session, household: Household) -> Msg | None:
    assert household.id is not None
    points = balance(session=session, household_id=household.id)
    rewards = active_rewards(session=session)
    wished = wished_rewards(session=session, household_id=household.id, rewards=rewards)
    close = sorted(
        (reward.points_cost - points, reward)
        for reward in rewards
        if reward.id in wished and 0 < reward.points_cost - points <= WISH_CLOSE_POINTS
    )
    if not close:
        return None
    missing, reward = close[0]
    name = reward.name_en if household.lang == "en" else reward.name_fr
    who = wished[reward.id or 0]
    values = {"missing": missing, "reward": name}
    if who:
        return Msg("app.greeting.wish_close.member", {**values, "who": who})
    return Msg("app.greeting.wish_close.household", values)


def weekend_window(local: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """This weekend in the household's zone: from Saturday 00:00 (or now, on the weekend
    itself) to Monday 00:00."""
    days_to_saturday = (SATURDAY - local.weekday()) % 7
    if local.weekday() == SATURDAY + 1:
        days_to_saturday = -1  # a Sunday is still this weekend, not the eve of the next one
    saturday = dt.datetime.combine(
        local.date() + dt.timedelta(days=days_to_saturday), dt.time(), local.tzinfo
    )
    start, end = max(saturday, local), saturday + dt.timedelta(days=2)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _outings(session: Session, household_id: int, local: dt.datetime) -> Msg | None:
    start, end = weekend_window(local)
    booked = set(
        session.exec(
            select(Booking.event_id).where(
                Booking.household_id == household_id, col(Booking.status).in_(ACTIVE_BOOKINGS)
            )
        ).all()
    )
    # The outings the chat would suggest: none for ages nobody in the household has.
    ages = member_ages(session, household_id, local.date())
    events: list[Event] = [
        event
        for event in upcoming_events(session=session, after=start, until=end)
        if event.id not in booked
        and (event.capacity == 0 or seats_left(event) > 0)
        and suits_ages(event, ages)
    ]
    if not events:
        return None
    return Msg("app.greeting.outings_weekend", {"count": len(events)})


def greeting(*, session: Session, household: Household, now: dt.datetime) -> Greeting:
    """What the chat opens with, in the household's language and zone."""
    assert household.id is not None
    lang = household.lang if household.lang in ("fr", "en") else "fr"
    tz = zone(household.timezone)
    local = now.astimezone(tz)
    facts = [
        ("order", _order(session, household.id, now)),
        ("list", _list(session, household.id)),
        ("loyalty", _wish(session, household)),
        ("outings", _outings(session, household.id, local)),
    ]
    found = [(kind, msg) for kind, msg in facts if msg is not None]
    parts = [_hello(local), *(msg for _, msg in found), Msg("app.greeting.ask")]
    kinds = [kind for kind, _ in found]
    # The usual requests come after the household's own news, without repeating one.
    kinds += [kind for kind in ("recipe", "offers", "list", "outings") if kind not in kinds]
    chips = [Chip(kind, render(lang, f"app.chips.{kind}")) for kind in kinds[:MAX_CHIPS]]
    text = " ".join(part.render(lang, zone=tz) for part in parts)
    return Greeting(text=text, chips=chips, parts=parts)

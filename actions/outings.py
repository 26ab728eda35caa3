"""Outings that fit the household, and booking seats."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rasa_sdk.events import SlotSet
from sqlmodel import select

from actions.base import (
    Ctx,
    DataAction,
    as_int,
    clear_pending,
    fold,
    parse_date,
    set_pending,
    zone,
)
from assistant.config import get_settings
from assistant.customers.models import Preference
from assistant.errors import AppError
from assistant.i18n import Money, Msg, catalogue
from assistant.outings.links import calendar_link
from assistant.outings.models import Event
from assistant.outings.service import (
    book_event,
    member_ages,
    seats_left,
    suits_ages,
    upcoming_events,
)
from assistant.replies import Card
from nlu import values

# How long the calendar link of a booking made in the chat opens: until the day after the show.
CALENDAR_LINK_LIFE = dt.timedelta(days=1)

HORIZON_DAYS = 21
# What people call an outing -> the event kinds stored.
KIND_WORDS: dict[str, str] = {
    "cirque": "circus", "circus": "circus", "cinema": "cinema", "cine": "cinema",
    "film": "cinema", "movie": "cinema", "seance": "cinema", "concert": "concert",
    "jazz": "concert", "musique": "concert", "music": "concert", "theatre": "theatre",
    "theater": "theatre", "spectacle": "theatre", "play": "theatre", "atelier": "store_event",
    "workshop": "store_event", "degustation": "store_event", "tasting": "store_event",
    "braderie": "store_event", "animation": "store_event",
}  # fmt: skip
KINDS = frozenset(KIND_WORDS.values())


def kind_for(value: Any) -> str | None:
    if not value:
        return None
    text = fold(str(value))
    if text in KINDS:
        return text
    for word, kind in KIND_WORDS.items():
        if word in text:
            return kind
    return None


def kind_name(ctx: Ctx, kind: str) -> str:
    """ "cirque" / "circus"; a kind the catalogue does not name yet is said as stored."""
    msg_id = f"outings.kind.{kind}"
    return ctx.text(msg_id) if msg_id in catalogue(ctx.lang) else kind


def book_button(ctx: Ctx, event: Event, *, title: str | None = None) -> dict[str, str]:
    """The button booking `event`: titled with the outing and its time, unless told."""
    label = title or ctx.text("outings.choice", title=event.title, when=event.starts_at)
    return {"title": label, "payload": "/outing_book" + json.dumps({"event_id": event.id})}


def yes_no(ctx: Ctx) -> list[dict[str, str]]:
    """The buttons of a yes-or-no question: the dialogue takes their payloads as the
    customer's yes or no to what is pending."""
    return [
        {"title": ctx.text("outings.answer.yes"), "payload": "/affirm"},
        {"title": ctx.text("outings.answer.no"), "payload": "/deny"},
    ]


def _for_children(event: Event, ages: list[int]) -> bool:
    """An outing with an age range that one of the household's children is in."""
    if event.min_age is None or event.max_age is None:
        return False
    return any(event.min_age <= age <= event.max_age and age < 18 for age in ages)


def _likes(event: Event, prefs: list[Preference]) -> list[Msg]:
    """What the household likes about an outing: its director, its music or cuisine."""
    likes = []
    tags = {fold(tag) for tag in event.tags}
    for pref in prefs:
        value = fold(pref.value)
        if pref.kind == "film_director" and f"director:{value}" in tags:
            likes.append(Msg("outings.card.director", {"director": pref.value}))
        elif pref.kind in ("music", "cuisine") and value in tags:
            likes.append(Msg("outings.card.taste", {"taste": pref.value}))
    return likes


def _ages_line(ctx: Ctx, event: Event, ages: list[int]) -> str | None:
    low, high = event.min_age or None, event.max_age
    if low is not None and high is not None:
        shown = "children" if _for_children(event, ages) else "range"
        return ctx.text(f"outings.card.ages.{shown}", low=low, high=high)
    if low is not None:
        return ctx.text("outings.card.ages.from", low=low)
    if high is not None:
        return ctx.text("outings.card.ages.until", high=high)
    return None


def outing_card(ctx: Ctx, event: Event, ages: list[int], likes: list[Msg]) -> Card:
    """An outing: when (the household's local time), where, for which ages, the price of a
    seat, and what the household likes about it; a button books it when it takes bookings."""
    price = (
        ctx.text("outings.card.price", price=Money(event.price_cents))
        if event.price_cents
        else ctx.text("outings.card.free")
    )
    lines = [
        ctx.text("outings.when", when=event.starts_at),
        event.venue,
        _ages_line(ctx, event, ages),
        price,
        *(ctx.text(like.id, **like.values) for like in likes),
    ]
    buttons = [book_button(ctx, event, title=ctx.text("outings.card.book"))]
    return Card(
        kind="outing", title=event.title, lines=[line for line in lines if line],
        buttons=buttons if event.capacity > 0 else [], ref=event.id,
    )  # fmt: skip


class OutingSuggest(DataAction):
    def name(self) -> str:
        return "action_outing_suggest"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        kind = kind_for(ctx.slot("event_type"))
        day = parse_date(ctx.slot("date"), ctx.today)
        events = upcoming_events(
            session=ctx.session,
            after=ctx.now,
            until=ctx.now + dt.timedelta(days=HORIZON_DAYS),
            kinds=[kind] if kind else None,
        )
        days = _days_said(ctx, day) if day is not None else set()
        if day is not None:
            events = [
                e for e in events if e.starts_at.astimezone(zone(ctx.household)).date() in days
            ]
        ages = member_ages(ctx.session, ctx.household_id, ctx.today)
        prefs = list(
            ctx.session.exec(
                select(Preference).where(Preference.household_id == ctx.household_id)
            ).all()
        )
        scored = []
        for event in events:
            if not suits_ages(event, ages) or (event.capacity > 0 and seats_left(event) == 0):
                continue
            likes = _likes(event, prefs)
            reasons = len(likes) + _for_children(event, ages)
            scored.append((-reasons, event.starts_at, event.id or 0, event, likes))
        scored.sort(key=lambda item: item[:3])
        # Several days asked ("this weekend"): each day's best in turn, not four Saturday ones.
        chosen = (_each_day_in_turn(scored, ctx) if len(days) > 1 else scored)[:4]
        if not chosen:
            ctx.tell("outings.suggest.none")
            return []
        cards = [outing_card(ctx, event, ages, likes) for *_, event, likes in chosen]
        titles = [card.title for card in cards]
        ctx.tell("outings.suggest.found", count=len(cards), titles=titles, cards=cards)
        return [SlotSet("last_topic", "outing")]


def _each_day_in_turn(scored: list[Any], ctx: Ctx) -> list[Any]:
    """The best outing of each day, then the second best of each day..."""
    by_day: dict[dt.date, list[Any]] = {}
    for item in scored:
        by_day.setdefault(item[3].starts_at.astimezone(zone(ctx.household)).date(), []).append(item)
    if len(by_day) <= 1:
        return scored
    rounds = max(len(items) for items in by_day.values())
    return [
        items[turn]
        for turn in range(rounds)
        for _, items in sorted(by_day.items())
        if turn < len(items)
    ]


def _days_said(ctx: Ctx, day: dt.date) -> set[dt.date]:
    """The day of the `date` slot, and the Sunday after it when the customer said "ce week-end"
    or "this weekend" (the value is the weekend's Saturday)."""
    latest = ctx.tracker.latest_message or {}
    text = str(latest.get("text") or "")
    weekend = any(
        values.names_weekend(text[int(entity.get("start") or 0) : int(entity.get("end") or 0)])
        for entity in latest.get("entities") or []
        if entity.get("entity") == "date"
    )
    return {day, day + dt.timedelta(days=1)} if weekend and day.weekday() == 5 else {day}


def _bookable(ctx: Ctx, kind: str | None = None) -> list[Event]:
    """The coming outings (of `kind`) the household can book: seats left, for its ages."""
    events = upcoming_events(
        session=ctx.session,
        after=ctx.now,
        until=ctx.now + dt.timedelta(days=HORIZON_DAYS),
        kinds=[kind] if kind else None,
    )
    ages = member_ages(ctx.session, ctx.household_id, ctx.today)
    return [e for e in events if e.capacity > 0 and seats_left(e) > 0 and suits_ages(e, ages)]


class AskBookingEventType(DataAction):
    """The booking form's "which outing?", with a button for each outing of the day asked
    ("get us 3 tickets for sunday" after the weekend's suggestions), or of the coming days."""

    def name(self) -> str:
        return "action_ask_booking_form_event_type"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        day = parse_date(ctx.slot("date"), ctx.today)
        local = zone(ctx.household)
        bookable = [
            event
            for event in _bookable(ctx)
            if day is None or event.starts_at.astimezone(local).date() == day
        ]
        buttons = [book_button(ctx, event) for event in bookable[:4]]
        ctx.tell("outings.ask.event_type", buttons=buttons)
        return []


class AskBookingDate(DataAction):
    """The booking form's "for which day?", with a button for each of the next days the
    outing chosen plays (seats left, for the household's ages)."""

    def name(self) -> str:
        return "action_ask_booking_form_date"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        local = zone(ctx.household)
        days: dict[dt.date, Event] = {}
        for event in _bookable(ctx, kind_for(ctx.slot("event_type"))):
            days.setdefault(event.starts_at.astimezone(local).date(), event)
        buttons = [
            {
                "title": ctx.text("outings.when", when=event.starts_at),
                "payload": "/outing_book" + json.dumps({"date": day.isoformat()}),
            }
            for day, event in sorted(days.items())[:4]
        ]
        ctx.tell("outings.ask.date", buttons=buttons)
        return []


def find_event(ctx: Ctx) -> Event | None:
    """The event chosen by button (`event_id`), else the first of that kind on that day."""
    event_id = as_int(ctx.slot("event_id"))
    if event_id is not None:
        return ctx.session.get(Event, event_id)
    kind = kind_for(ctx.slot("event_type"))
    day = parse_date(ctx.slot("date"), ctx.today)
    if kind is None:
        return None
    events = upcoming_events(session=ctx.session, after=ctx.now, kinds=[kind])
    for event in events:
        on_day = day is None or event.starts_at.astimezone(zone(ctx.household)).date() == day
        if on_day and event.capacity > 0:
            return event
    return None


class OutingBook(DataAction):
    def name(self) -> str:
        return "action_outing_book"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        return ask_to_book(ctx, find_event(ctx), as_int(ctx.slot("people_count"), 1) or 1)


def correct_outing_book(ctx: Ctx, payload: dict[str, Any]) -> list[dict[str, Any]] | None:
    """ "non, pour 3", "no, sunday instead" to "Shall I book...?": the question again with
    the new count or day (the same kind of outing); None when the no corrects nothing."""
    seats = as_int(ctx.slot("people_count")) or as_int(ctx.slot("quantity"))
    day = parse_date(ctx.slot("date"), ctx.today)
    if seats is None and day is None:
        return None
    event = ctx.session.get(Event, as_int(payload.get("event_id")) or 0)
    if event is None:
        return None
    if day is not None and event.starts_at.astimezone(zone(ctx.household)).date() != day:
        same_kind = upcoming_events(session=ctx.session, after=ctx.now, kinds=[event.kind])
        local = zone(ctx.household)
        event = next(
            (e for e in same_kind if e.starts_at.astimezone(local).date() == day and e.capacity),
            None,
        )
    return [*clear_pending(), *ask_to_book(ctx, event, seats or int(payload.get("seats", 1)))]


def ask_to_book(ctx: Ctx, event: Event | None, seats: int) -> list[dict[str, Any]]:
    """The confirmation question for `seats` at `event`, or why it cannot be booked."""
    if event is None or event.starts_at <= ctx.now:
        ctx.tell("outings.book.not_found")
        return []
    outing: dict[str, Any] = {"title": event.title, "when": event.starts_at}
    if event.capacity <= 0:
        ctx.tell("outings.book.free_entry", **outing)
        return []
    left = seats_left(event)
    if left <= 0:
        ctx.tell("outings.book.sold_out", **outing)
        return []
    if left < seats:
        ctx.tell("outings.book.short", count=left, **outing)
        return []
    asked: dict[str, Any] = {
        "seats": seats,
        "venue": event.venue or event.city or "",
        "left": left,
        **outing,
    }
    if event.price_cents:
        total = Money(event.price_cents * seats)
        ctx.tell("outings.book.ask.paid", buttons=yes_no(ctx), total=total, **asked)
    else:
        ctx.tell("outings.book.ask.free", buttons=yes_no(ctx), **asked)
    return set_pending(ctx, "outing_book", {"event_id": event.id, "seats": seats})


def confirm_outing_book(ctx: Ctx, payload: dict[str, Any]) -> None:
    event_id, seats = int(payload["event_id"]), int(payload.get("seats", 1))
    try:
        booking = book_event(
            session=ctx.session, household_id=ctx.household_id, event_id=event_id, seats=seats,
            now=ctx.now,
        )  # fmt: skip
    except AppError:
        ctx.tell("outings.book.no_longer")
        return
    event = ctx.session.get(Event, event_id)
    assert event is not None
    # A signed link: a browser or a calendar app opens it without the customer's token.
    assert booking.id is not None and ctx.household.public_id is not None
    ics = calendar_link(
        settings=get_settings(), household_id=ctx.household_id,
        public_id=ctx.household.public_id, booking_id=booking.id,
        expires=event.starts_at + CALENDAR_LINK_LIFE,
    )  # fmt: skip
    ctx.tell(
        "outings.book.done", seats=seats, title=event.title, when=event.starts_at,
        number=booking.id, ics=ics,
    )  # fmt: skip

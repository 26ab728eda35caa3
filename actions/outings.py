"""Outings that fit the household, and booking seats."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rasa_sdk.events import SlotSet
from sqlmodel import Session, select

from actions.base import (
    DAY_NAMES,
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
from assistant.customers.models import Household, Member, Preference
from assistant.errors import AppError
from assistant.i18n import money
from assistant.outings.models import Event
from assistant.outings.service import book_event, seats_left, upcoming_events
from nlu import values

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
KIND_NAMES = {
    "circus": ("cirque", "circus"),
    "cinema": ("cinéma", "cinema"),
    "concert": ("concert", "concert"),
    "theatre": ("théâtre", "theatre"),
    "store_event": ("animation en magasin", "store event"),
}


def kind_for(value: Any) -> str | None:
    if not value:
        return None
    text = fold(str(value))
    if text in KIND_NAMES:
        return text
    for word, kind in KIND_WORDS.items():
        if word in text:
            return kind
    return None


def kind_name(kind: str, lang: str) -> str:
    names = KIND_NAMES.get(kind, (kind, kind))
    return names[1] if lang == "en" else names[0]


def event_when(event: Event, household: Household | None, lang: str) -> str:
    local = event.starts_at.astimezone(zone(household))
    day = DAY_NAMES[lang][local.weekday()]
    return f"{day} {local:%d/%m} {'at' if lang == 'en' else 'à'} {local:%H:%M}"


def member_ages(session: Session, household_id: int, today: dt.date) -> list[int]:
    members = session.exec(select(Member).where(Member.household_id == household_id)).all()
    ages = []
    for member in members:
        if member.birth_date is not None:
            born = member.birth_date
            ages.append(
                today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            )
        else:
            ages.append(40 if member.role == "adult" else 8)
    return ages


def _fits(event: Event, ages: list[int]) -> bool:
    low, high = event.min_age or 0, event.max_age or 200
    return any(low <= age <= high for age in ages) if ages else low < 18


def _reasons(event: Event, ctx: Ctx, ages: list[int], prefs: list[Preference]) -> list[str]:
    """Why an event suits the household, in the conversation's language."""
    reasons = []
    tags = {fold(tag) for tag in event.tags}
    for pref in prefs:
        value = fold(pref.value)
        if pref.kind == "film_director" and f"director:{value}" in tags:
            reasons.append(ctx.t(f"un film de {pref.value}", f"a {pref.value} film"))
        elif pref.kind in ("music", "cuisine") and value in tags:
            reasons.append(ctx.t(f"vous aimez : {pref.value}", f"you like {pref.value}"))
    if event.min_age is not None and event.max_age is not None:
        kids = [age for age in ages if event.min_age <= age <= event.max_age and age < 18]
        if kids:
            reasons.append(
                ctx.t(
                    f"pour les {event.min_age}-{event.max_age} ans, comme vos enfants",
                    f"for ages {event.min_age}-{event.max_age}, like your children",
                )
            )
    return reasons


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
            if not _fits(event, ages) or (event.capacity > 0 and seats_left(event) == 0):
                continue
            reasons = _reasons(event, ctx, ages, prefs)
            scored.append((-len(reasons), event.starts_at, event.id or 0, event, reasons))
        scored.sort(key=lambda item: item[:3])
        # Several days asked ("this weekend"): each day's best in turn, not four Saturday ones.
        chosen = (_each_day_in_turn(scored, ctx) if len(days) > 1 else scored)[:4]
        if not chosen:
            ctx.say(
                fr="Je ne trouve pas de sortie à venir qui vous corresponde.",
                en="I can't find an upcoming outing that suits you.",
            )
            return []
        lines, buttons = [], []
        for *_, event, reasons in chosen:
            why = f" ({', '.join(reasons)})" if reasons else ""
            price = (
                money(event.price_cents, ctx.lang)
                if event.price_cents
                else ctx.t("gratuit", "free")
            )
            lines.append(f"{event.title}, {event_when(event, ctx.household, ctx.lang)}, "
                         f"{event.venue}, {price}{why}")  # fmt: skip
            if event.capacity > 0:
                buttons.append(
                    {
                        "title": f"{event.title} ({event_when(event, ctx.household, ctx.lang)})",
                        "payload": "/outing_book" + json.dumps({"event_id": event.id}),
                    }
                )
        ctx.say(
            fr="Sorties pour vous : " + " ; ".join(lines) + ".",
            en="Outings for you: " + "; ".join(lines) + ".",
            buttons=buttons,
        )
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
    return [e for e in events if e.capacity > 0 and seats_left(e) > 0 and _fits(e, ages)]


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
        buttons = [
            {
                "title": f"{event.title} ({event_when(event, ctx.household, ctx.lang)})",
                "payload": "/outing_book" + json.dumps({"event_id": event.id}),
            }
            for event in bookable[:4]
        ]
        ctx.say(
            fr="Quelle sortie souhaitez-vous réserver (cirque, cinéma, concert...) ?",
            en="Which outing would you like to book (circus, cinema, concert...)?",
            buttons=buttons,
        )
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
                "title": event_when(event, ctx.household, ctx.lang),
                "payload": "/outing_book" + json.dumps({"date": day.isoformat()}),
            }
            for day, event in sorted(days.items())[:4]
        ]
        ctx.say(fr="Pour quel jour ?", en="For which day?", buttons=buttons)
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
        ctx.say(
            fr="Je ne trouve pas cette sortie à la date demandée.",
            en="I can't find that outing on the date you asked for.",
        )
        return []
    when = event_when(event, ctx.household, ctx.lang)
    if event.capacity <= 0:
        ctx.say(
            fr=f"{event.title} ({when}) est en accès libre : pas besoin de réserver.",
            en=f"{event.title} ({when}) is free entry: no booking needed.",
        )
        return []
    left = seats_left(event)
    if left < seats:
        ctx.say(
            fr=f"Il ne reste que {left} place(s) pour {event.title} ({when}).",
            en=f"Only {left} seat(s) left for {event.title} ({when}).",
        )
        return []
    total = money(event.price_cents * seats, ctx.lang)
    ctx.say(
        fr=f"Je réserve {seats} place(s) pour {event.title}, {when}, {event.venue} "
        f"({total}) ? Il reste {left} places. Confirmez-vous ?",
        en=f"Shall I book {seats} seat(s) for {event.title}, {when}, {event.venue} "
        f"({total})? {left} seats left. Do you confirm?",
    )
    return set_pending(ctx, "outing_book", {"event_id": event.id, "seats": seats})


def confirm_outing_book(ctx: Ctx, payload: dict[str, Any]) -> None:
    event_id, seats = int(payload["event_id"]), int(payload.get("seats", 1))
    try:
        booking = book_event(
            session=ctx.session, household_id=ctx.household_id, event_id=event_id, seats=seats,
            now=ctx.now,
        )  # fmt: skip
    except AppError:
        ctx.say(
            fr="Désolé, il n'y a plus assez de places pour cette sortie.",
            en="Sorry, there are no longer enough seats for this outing.",
        )
        return
    event = ctx.session.get(Event, event_id)
    assert event is not None
    when = event_when(event, ctx.household, ctx.lang)
    ics = f"{get_settings().base_url}/me/bookings/{booking.id}.ics"
    ctx.say(
        fr=f"C'est réservé : {seats} place(s) pour {event.title}, {when} "
        f"(réservation n° {booking.id}). Pour votre agenda : {ics}",
        en=f"Booked: {seats} seat(s) for {event.title}, {when} (booking #{booking.id}). "
        f"For your calendar: {ics}",
    )

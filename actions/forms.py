"""Slot validation of the booking and pickup forms, against the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.base import Ctx, as_int, now, parse_date, parse_time, run_sync, tracker_lang, zone
from actions.common import db_session, household_for
from actions.orders import choose_slot, next_free_text
from actions.outings import kind_for, kind_name
from actions.products import find_store
from assistant.customers.models import Household
from assistant.outings.models import Event
from assistant.outings.service import upcoming_events

MAX_PEOPLE = 10


def _with_ctx(
    dispatcher: CollectingDispatcher, tracker: Tracker, work: Callable[[Ctx], dict[str, Any]]
) -> dict[str, Any]:
    with db_session() as session:
        # Validation needs no account, only a timezone: a stranger gets the store's default.
        household = household_for(session, tracker) or Household(name="guest")
        ctx = Ctx(session, dispatcher, tracker, household, tracker_lang(tracker), now())
        return work(ctx)


class ValidateBookingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_booking_form"

    async def extract_event_type(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """An outing chosen by button fills the form's kind and day from the event."""
        return await run_sync(_with_ctx, dispatcher, tracker, _from_event)

    async def validate_event_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await run_sync(_with_ctx, dispatcher, tracker, lambda ctx: _event_type(ctx, value))

    async def validate_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await run_sync(_with_ctx, dispatcher, tracker, lambda ctx: _date(ctx, value))

    async def validate_people_count(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        count = as_int(value)
        if count is None or not 1 <= count <= MAX_PEOPLE:
            lang = tracker_lang(tracker)
            text = (
                f"I can book for 1 to {MAX_PEOPLE} people: how many of you?"
                if lang == "en"
                else f"Je peux réserver pour 1 à {MAX_PEOPLE} personnes : combien serez-vous ?"
            )
            dispatcher.utter_message(text=text)
            return {"people_count": None}
        return {"people_count": float(count)}


def _from_event(ctx: Ctx) -> dict[str, Any]:
    event_id = as_int(ctx.slot("event_id"))
    if event_id is None or ctx.slot("event_type"):
        return {}
    event = ctx.session.get(Event, event_id)
    if event is None:
        return {}
    local = event.starts_at.astimezone(zone(ctx.household))
    filled: dict[str, Any] = {"event_type": event.kind}
    if not ctx.slot("date"):
        filled["date"] = local.date().isoformat()
    return filled


def _event_type(ctx: Ctx, value: Any) -> dict[str, Any]:
    events = upcoming_events(session=ctx.session, after=ctx.now)
    available = sorted({event.kind for event in events if event.capacity > 0})
    kind = kind_for(value)
    if kind is not None and kind in available:
        return {"event_type": kind}
    ctx.say(
        fr="Je ne trouve pas ce type de sortie. Sorties disponibles : "
        + ", ".join(kind_name(k, "fr") for k in available)
        + ".",
        en="I can't find that kind of outing. Available: "
        + ", ".join(kind_name(k, "en") for k in available)
        + ".",
    )
    return {"event_type": None}


def _date(ctx: Ctx, value: Any) -> dict[str, Any]:
    day = parse_date(value, ctx.today)
    if day is None or day < ctx.today:
        ctx.say(
            fr="Je n'ai pas compris la date, ou elle est passée : pour quel jour ?",
            en="I didn't get the date, or it is in the past: for which day?",
        )
        return {"date": None}
    return {"date": day.isoformat()}


class ValidatePickupForm(FormValidationAction):
    def name(self) -> str:
        return "validate_pickup_form"

    async def validate_store(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await run_sync(_with_ctx, dispatcher, tracker, lambda ctx: _store(ctx, value))

    async def validate_pickup_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await run_sync(_with_ctx, dispatcher, tracker, lambda ctx: _pickup(ctx, value))


def _store(ctx: Ctx, value: Any) -> dict[str, Any]:
    store = find_store(ctx.session, value)
    if store is None:
        ctx.say(
            fr=f"Je ne trouve pas le magasin « {value} » : lequel ?",
            en=f'I can\'t find the store "{value}": which one?',
        )
        return {"store": None}
    if "drive" not in store.services:
        ctx.say(
            fr=f"{store.name} n'a pas de drive : choisissez un autre magasin.",
            en=f"{store.name} has no click & collect: please choose another store.",
        )
        return {"store": None}
    return {"store": store.code}


def _pickup(ctx: Ctx, value: Any) -> dict[str, Any]:
    store = find_store(ctx.session, ctx.slot("store"))
    at = parse_time(value)
    if store is None or at is None:
        ctx.say(fr="À quelle heure (par exemple 18h30) ?", en="At what time (e.g. 6:30 pm)?")
        return {"pickup_time": None}
    slot, _day = choose_slot(ctx.session, store, value, ctx.slot("date"), ctx.now)
    if slot is None or slot.booked >= slot.capacity:
        free = next_free_text(ctx.session, store, ctx.now, ctx.lang)
        ctx.say(
            fr=f"Pas de créneau libre à {at:%H:%M} à {store.name}. Créneaux libres : {free}.",
            en=f"No free slot at {at:%H:%M} at {store.name}. Free slots: {free}.",
        )
        return {"pickup_time": None}
    return {"pickup_time": dt.time(at.hour, at.minute).strftime("%H:%M")}

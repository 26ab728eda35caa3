"""Slot validation of the booking and pickup forms, against the database.

rasa-sdk's `FormValidationAction` semantics (extract_<slot> for the form's required slots,
then validate_<slot> for the slots this turn set), run synchronously with the call's
context: in-process by the dialogue, behind the Rasa action server by `serve_call`.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import Ctx, as_int, parse_date, parse_time, zone
from actions.common import ServedAction
from actions.orders import (
    extract_pickup_time,
    extract_store,
    free_slots_msg,
    pickup_slot,
    slot_time,
)
from actions.outings import kind_for, kind_name
from actions.products import find_store
from assistant.customers.models import Household
from assistant.dialogue.contract import ActionContext
from assistant.i18n import Msg
from assistant.outings.models import Event
from assistant.outings.service import upcoming_events

MAX_PEOPLE = 10

Extractor = Callable[[Ctx], dict[str, Any]]
Validator = Callable[[Ctx, Any], dict[str, Any]]


class FormValidation(ServedAction):
    """validate_<form>: `extractors` fill slots from the context, `validators` accept or
    refuse (None, with a message) what the customer said."""

    @abstractmethod
    def name(self) -> str: ...

    extractors: dict[str, Extractor] = {}
    validators: dict[str, Validator] = {}

    def required_slots(self, domain: DomainDict) -> list[str]:
        form = domain.get("forms", {}).get(self.name().removeprefix("validate_"), {})
        return list(form.get("required_slots", []))

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        # Validation needs no account, only a timezone: a stranger gets the default one.
        household = context.household or Household(name="guest")
        ctx = Ctx.of(context, dispatcher, tracker, household)
        required = self.required_slots(domain)
        extracted: dict[str, Any] = {}
        for slot in required:
            if slot in self.extractors:
                found = self.extractors[slot](ctx)
                extracted.update(found)
                # Later extractors and validators see what earlier ones filled, as in rasa-sdk.
                tracker.slots.update(found)
        tracker.add_slots([SlotSet(k, v) for k, v in extracted.items()])
        slots = {k: v for k, v in tracker.slots_to_validate().items() if k in required}
        for slot, value in list(slots.items()):
            if slot in self.validators:
                checked = self.validators[slot](ctx, value)
                slots.update(checked)
                tracker.slots.update(checked)
        return [SlotSet(slot, value) for slot, value in slots.items()]


# "2 adultes et 2 enfants", "two adults and three kids": groups of people, to be added up.
_PEOPLE_GROUPS = re.compile(
    r"adulte|enfant|gamin|petit|grand|ado|bebe|bébé|adult|kid|child|teen|grown|baby|toddler",
    re.IGNORECASE,
)


def _people_said(ctx: Ctx) -> int | None:
    """Everyone a message counts when it counts groups ("2 adultes et 2 enfants" is 4)."""
    latest = ctx.tracker.latest_message or {}
    counts = [
        as_int(entity.get("value"))
        for entity in latest.get("entities") or []
        if entity.get("entity") in ("people_count", "quantity")
    ]
    found = [count for count in counts if count]
    if len(found) >= 2 and _PEOPLE_GROUPS.search(str(latest.get("text") or "")):
        return sum(found)
    return None


def _people_count(ctx: Ctx, value: Any) -> dict[str, Any]:
    count = _people_said(ctx) or as_int(value)
    if count is None or not 1 <= count <= MAX_PEOPLE:
        ctx.tell("outings.form.people", most=MAX_PEOPLE)
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
    ctx.tell("outings.form.unknown_kind", kinds=[kind_name(ctx, k) for k in available])
    return {"event_type": None}


def _date(ctx: Ctx, value: Any) -> dict[str, Any]:
    day = parse_date(value, ctx.today)
    if day is None or day < ctx.today:
        ctx.tell("outings.form.bad_date")
        return {"date": None}
    return {"date": day.isoformat()}


def _store(ctx: Ctx, value: Any) -> dict[str, Any]:
    store = find_store(ctx.session, value)
    if store is None:
        ctx.tell("changes.pickup.unknown_store", store=str(value))
        return {"store": None}
    if "drive" not in store.services:
        ctx.tell("changes.pickup.no_drive", store=store.name)
        return {"store": None}
    return {"store": store.code}


def _pickup(ctx: Ctx, value: Any) -> dict[str, Any]:
    store = find_store(ctx.session, ctx.slot("store"))
    at = parse_time(value)
    if store is None or at is None:
        ctx.tell("changes.pickup.ask_time")
        return {"pickup_time": None}
    # "samedi matin": the first free slot of the morning (the NLU says 09:00 for "matin").
    slot, _day = pickup_slot(ctx, store, value, ctx.slot("date"))
    if slot is None or slot.booked >= slot.capacity:
        taken = Msg("changes.pickup.slot_taken", {"at": at, "store": store.name})
        ctx.tell_all([taken, free_slots_msg(ctx, store)])
        return {"pickup_time": None}
    return {"pickup_time": slot_time(slot, store)}


class ValidateBookingForm(FormValidation):
    extractors = {"event_type": _from_event}
    validators = {"event_type": _event_type, "date": _date, "people_count": _people_count}

    def name(self) -> str:
        return "validate_booking_form"


class ValidatePickupForm(FormValidation):
    # The usual store when none is named ("au magasin"), the time said with the request.
    extractors = {"store": extract_store, "pickup_time": extract_pickup_time}
    validators = {"store": _store, "pickup_time": _pickup}

    def name(self) -> str:
        return "validate_pickup_form"

"""Small actions standing in for the real ones, run in-process through the same contract
(`handle` with the turn's context): they record what they were called with, so the dialogue
tests can check the slots a turn hands to an action."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import Ctx
from actions.common import say
from actions.forms import FormValidation
from assistant.dialogue.contract import ActionContext

CALLS: list[tuple[str, dict[str, Any]]] = []
KNOWN_EVENTS = ("cirque", "cinéma")
MAX_PEOPLE = 10


def _record(name: str, context: ActionContext, tracker: Tracker, *slots: str) -> dict[str, Any]:
    values = {slot: tracker.get_slot(slot) for slot in slots}
    values["intent"] = tracker.latest_message.get("intent", {}).get("name")
    values["has_session"] = context.session is not None
    CALLS.append((name, values))
    return values


class FakeShoppingListAdd(Action):
    def name(self) -> str:
        return "action_shopping_list_add"

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        v = _record(self.name(), context, tracker, "product", "quantity")
        quantity = int(v["quantity"] or 1)
        say(dispatcher, tracker, fr=f"J'ajoute {quantity} {v['product']}.",
            en=f"Adding {quantity} {v['product']}.")  # fmt: skip
        return []


class FakeStoreInfo(Action):
    def name(self) -> str:
        return "action_store_info"

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        v = _record(self.name(), context, tracker, "date", "store")
        day = v["date"] or "aujourd'hui"
        say(dispatcher, tracker, fr=f"Horaires {day} : 8h30-21h.", en=f"Hours {day}: 08:30-21:00.")
        return []


class FakeLoyaltyBalance(Action):
    """Answers with a `response` name and a buttons list, as some real actions do."""

    def name(self) -> str:
        return "action_loyalty_balance"

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        _record(self.name(), context, tracker)
        dispatcher.utter_message(response="utter_help")
        dispatcher.utter_message(
            text="12 points", buttons=[{"title": "Rewards", "payload": "/loyalty_rewards"}],
            json_message={"points": 12},
        )  # fmt: skip
        return [FollowupAction("utter_thanks")]


CONFIRM_BUTTONS = [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}]


class FakeOutingBook(Action):
    """Books nothing yet: asks for confirmation through pending_action, like the real one."""

    def name(self) -> str:
        return "action_outing_book"

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        v = _record(self.name(), context, tracker, "event_type", "date", "people_count")
        people = int(v["people_count"])
        say(dispatcher, tracker, fr=f"Je réserve {v['event_type']} {v['date']} pour {people} ?",
            en=f"Shall I book {v['event_type']} {v['date']} for {people}?",
            buttons=CONFIRM_BUTTONS)  # fmt: skip
        payload = {"event_type": v["event_type"], "date": v["date"], "people": people}
        return [SlotSet("pending_action", "book_outing"), SlotSet("pending_payload", payload)]


class FakeConfirm(Action):
    def name(self) -> str:
        return "action_confirm"

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        v = _record(self.name(), context, tracker, "pending_action", "pending_payload")
        if not v["pending_action"]:
            dispatcher.utter_message(response="utter_nothing_to_confirm")
            return []
        people = v["pending_payload"]["people"]
        say(dispatcher, tracker, fr=f"C'est réservé pour {people}.", en=f"Booked for {people}.")
        return [SlotSet("pending_action", None), SlotSet("pending_payload", None)]


def _event_type(ctx: Ctx, value: Any) -> dict[str, Any]:
    if value in KNOWN_EVENTS:
        return {"event_type": value}
    say(
        ctx.dispatcher, ctx.tracker, fr=f"Pas de {value} en ce moment.", en=f"No {value} right now."
    )
    return {"event_type": None}


def _people_count(ctx: Ctx, value: Any) -> dict[str, Any]:
    if 1 <= float(value) <= MAX_PEOPLE:
        return {"people_count": value}
    say(
        ctx.dispatcher,
        ctx.tracker,
        fr=f"{MAX_PEOPLE} personnes au plus.",
        en=f"{MAX_PEOPLE} people at most.",
    )
    return {"people_count": None}


class FakeValidateBookingForm(FormValidation):
    validators = {"event_type": _event_type, "people_count": _people_count}

    def name(self) -> str:
        return "validate_booking_form"


ALL = (
    FakeShoppingListAdd, FakeStoreInfo, FakeLoyaltyBalance, FakeOutingBook, FakeConfirm,
    FakeValidateBookingForm,
)  # fmt: skip

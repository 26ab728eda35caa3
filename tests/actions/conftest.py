"""Actions run against the test session, at a fixed time, with trackers built from dicts:
in-process as the dialogue runs them (`run_action`), or as the Rasa action server does
(`serve_action`)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from actions.common import household_for, tracker_lang
from assistant.dialogue.contract import ActionContext, BriefingProviders, InProcessAction
from tests import clock
from tests.clock import local, on_weekday

PARIS = ZoneInfo("Europe/Paris")
# A Tuesday morning in Paris (the first from the suite's day): every test sees the same clock.
TODAY = on_weekday(clock.TODAY, 1)
NOW = local(TODAY, "10:00")


@pytest.fixture
def bound(session: Session) -> Iterator[Session]:
    """The test session, as the actions' unit of work (`run_action(bound, ...)`)."""
    yield session


def make_tracker(
    household_id: int | None,
    lang: str = "fr",
    intent: str = "",
    entities: list[dict[str, Any]] | None = None,
    sender_id: str = "test-sender",
    **slots: Any,
) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": sender_id,
            "slots": {"household_id": household_id, "lang": lang, **slots},
            "latest_message": {
                "text": "",
                "intent": {"name": intent, "confidence": 1.0},
                "entities": entities or [],
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        }
    )


def run_action(
    session: Session,
    action: InProcessAction,
    tracker: Tracker,
    *,
    now: dt.datetime = NOW,
    providers: BriefingProviders | None = None,
    domain: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], list[Any]]:
    """(messages sent, events returned), the action run in-process on `session` at `now`."""
    dispatcher = CollectingDispatcher()
    context = ActionContext(
        session=session,
        now=now,
        household=household_for(session, tracker),
        lang=tracker_lang(tracker),
        providers=providers,
    )
    events = action.handle(context, dispatcher, tracker, domain or {})
    return dispatcher.messages, events


def serve_action(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    """(messages sent, events returned), the action called as the Rasa action server does."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def said(slot: str, value: Any, lang: str = "fr", **slots: Any) -> Tracker:
    """A form's tracker right after the customer gave `slot` (what a validation checks)."""
    tracker = make_tracker(None, lang, sender_id="form", **slots, **{slot: value})
    tracker.events.append({"event": "slot", "name": slot, "value": value})
    return tracker


def text_of(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(message.get("text") or "") for message in messages)


def slots_of(events: list[Any]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def pending(action: str, *, asked: dt.datetime = NOW, **payload: Any) -> dict[str, Any]:
    """The slots of a question waiting for a yes, asked at `asked` (as `set_pending` keeps it)."""
    question = {"fr": "Confirmez-vous ?", "en": "Do you confirm?"}
    kept = {**payload, "asked_at": asked.isoformat(), "question": question}
    return {"pending_action": action, "pending_payload": kept}


def pending_business(payload: dict[str, Any]) -> dict[str, Any]:
    """A pending payload without the question and its time."""
    return {k: v for k, v in payload.items() if k not in ("asked_at", "question")}


def told(messages: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The catalogue messages the replies said, in order: (id, values)."""
    return [
        (part["id"], part["values"])
        for message in messages
        for part in ((message.get("custom") or {}).get("parts") or [])
    ]


def told_ids(messages: list[dict[str, Any]]) -> list[str]:
    return [msg_id for msg_id, _ in told(messages)]


def cards_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        card for message in messages for card in ((message.get("custom") or {}).get("cards") or [])
    ]

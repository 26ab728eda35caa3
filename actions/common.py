"""What every action needs: the database, the household behind the conversation, its language.

The same action classes run in-process (the dialogue calls `handle` with the turn's
`ActionContext`) and behind `python -m rasa_sdk --actions actions` for a Rasa server, where
each action call is its own unit of work (`serve_call`).
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session, select

from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.db import session_scope
from assistant.dialogue.contract import ActionContext, InProcessAction
from assistant.dialogue.models import Conversation
from assistant.i18n import LANGS, Msg
from assistant.replies import custom_payload


class ServedAction(Action, ABC):
    """An action the dialogue runs in-process (`handle`) and the Rasa action server runs
    through `run`, each call a unit of work of its own. Abstract: rasa-sdk skips it."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return await serve_call(self, dispatcher, tracker, domain)


async def serve_call(
    action: InProcessAction,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
) -> list[dict[str, Any]]:
    """One call of the Rasa action server: a unit of work of its own, at the configured
    clock's time, in a thread so that the server's event loop never blocks."""

    def work() -> list[dict[str, Any]]:
        with session_scope() as session:
            context = ActionContext(
                session=session,
                now=get_settings().clock().now(),
                household=household_for(session, tracker),
                lang=tracker_lang(tracker),
            )
            return action.handle(context, dispatcher, tracker, domain)

    return await asyncio.to_thread(work)


def tracker_lang(tracker: Tracker) -> str:
    """The `lang` slot (our dialogue sets it), else the language a REST client sent with the
    message (`metadata.lang`, on a Rasa server that never sets the slot), else French."""
    lang = tracker.get_slot("lang")
    if lang not in ("fr", "en"):
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        lang = metadata.get("lang") if isinstance(metadata, dict) else None
    return lang if lang in ("fr", "en") else "fr"


def household_for(session: Session, tracker: Tracker) -> Household | None:
    """The household of the conversation: the `household_id` slot, else the stored conversation."""
    slot = tracker.get_slot("household_id")
    if slot is not None:
        return session.get(Household, int(slot))
    conversation = session.exec(
        select(Conversation).where(Conversation.sender_id == tracker.sender_id)
    ).first()
    if conversation is None or conversation.household_id is None:
        return None
    return session.get(Household, conversation.household_id)


def say(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    fr: str,
    en: str,
    buttons: Sequence[dict[str, Any]] = (),
    custom: dict[str, Any] | None = None,
) -> None:
    """One reply in the conversation's language."""
    text = en if tracker_lang(tracker) == "en" else fr
    if custom is not None:
        dispatcher.utter_message(text=text, buttons=list(buttons), json_message=custom)
    else:
        dispatcher.utter_message(text=text, buttons=list(buttons))


def ask_to_sign_in(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    asked = Msg("chat.sign_in")
    said = {lang: asked.render(lang) for lang in LANGS}
    say(dispatcher, tracker, fr=said["fr"], en=said["en"], custom=custom_payload([asked]))
    return []

"""What every action needs: the database, the household behind the conversation, its language.

The same action classes run in-process (our dialogue sets the session of the current unit of
work in `CURRENT_SESSION`) and behind `python -m rasa_sdk --actions actions` for a Rasa server,
where each action call is its own unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.db import session_scope
from assistant.dialogue.models import Conversation

CURRENT_SESSION: ContextVar[Session | None] = ContextVar("CURRENT_SESSION", default=None)


@contextmanager
def db_session() -> Iterator[Session]:
    current = CURRENT_SESSION.get()
    if current is not None:
        yield current
        return
    with session_scope() as session:
        yield session


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
    say(
        dispatcher,
        tracker,
        fr="Je ne sais pas encore qui vous êtes : connectez-vous à l'application Carchan.",
        en="I don't know who you are yet: please sign in to the Carchan app.",
    )
    return []

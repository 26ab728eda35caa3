"""The tracker store: each conversation's state lives in the `conversations` row.

Nothing is kept in memory between turns, so a conversation survives a restart and any worker
can serve the next message. `state` holds what a Rasa tracker holds (slots, the active form,
the latest message and the recent events in Rasa's event JSON) plus our context memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.dialogue.models import Conversation, Message
from assistant.errors import Forbidden

MAX_EVENTS = 50
MAX_TEXT = 5000


@dataclass
class DialogueState:
    slots: dict[str, Any] = field(default_factory=dict)
    active_loop: str | None = None
    requested_slot: str | None = None
    latest_message: dict[str, Any] = field(default_factory=dict)
    latest_action_name: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    # The entities of the last topic turn, so that "and two more" can reuse them.
    last_entities: list[dict[str, Any]] = field(default_factory=list)
    last_turn_at: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DialogueState:
        data = data or {}
        return cls(
            slots=dict(data.get("slots") or {}),
            active_loop=data.get("active_loop"),
            requested_slot=data.get("requested_slot"),
            latest_message=dict(data.get("latest_message") or {}),
            latest_action_name=data.get("latest_action_name"),
            events=list(data.get("events") or []),
            last_entities=list(data.get("last_entities") or []),
            last_turn_at=data.get("last_turn_at"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "slots": self.slots,
            "active_loop": self.active_loop,
            "requested_slot": self.requested_slot,
            "latest_message": self.latest_message,
            "latest_action_name": self.latest_action_name,
            "events": self.events[-MAX_EVENTS:],
            "last_entities": self.last_entities,
            "last_turn_at": self.last_turn_at,
        }

    def add_event(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        # Trimmed as we go too: a turn of a chatty action must not grow the row without bound.
        if len(self.events) > 2 * MAX_EVENTS:
            del self.events[:-MAX_EVENTS]

    def set_slot(self, name: str, value: Any, timestamp: float | None = None) -> None:
        self.slots[name] = value
        self.add_event({"event": "slot", "timestamp": timestamp, "name": name, "value": value})

    def tracker(self, sender_id: str) -> dict[str, Any]:
        """The dict `rasa_sdk.Tracker.from_dict` builds an action's tracker from."""
        slots = dict(self.slots)
        slots["requested_slot"] = self.requested_slot
        return {
            "sender_id": sender_id,
            "slots": slots,
            "latest_message": self.latest_message,
            "events": list(self.events),
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": self.active_loop} if self.active_loop else {},
            "latest_action_name": self.latest_action_name,
        }


def get_conversation(*, session: Session, sender_id: str) -> Conversation | None:
    return session.exec(select(Conversation).where(Conversation.sender_id == sender_id)).first()


def _check_household(conversation: Conversation, household: Household | None) -> None:
    """A conversation belongs to one household: another caller (or an anonymous one on a
    signed-in conversation) must never read its slots or act on its data."""
    if conversation.household_id is None:
        return
    if household is None or household.id != conversation.household_id:
        raise Forbidden(
            "This conversation belongs to another household.",
            code="conversation_household_mismatch",
        )


def open_conversation(
    *,
    session: Session,
    sender_id: str,
    channel: str,
    household: Household | None,
    lang: str,
    now: dt.datetime,
) -> Conversation:
    """The conversation of `sender_id`, created on its first message.

    An anonymous conversation is linked to the household that signs in on it.
    """
    conversation = get_conversation(session=session, sender_id=sender_id)
    if conversation is None:
        conversation = Conversation(
            sender_id=sender_id,
            channel=channel,
            household_id=household.id if household is not None else None,
            lang=lang,
            state={},
            created_at=now,
            updated_at=now,
        )
        try:
            # Two first messages of one sender may race: the loser reads the winner's row.
            with session.begin_nested():
                session.add(conversation)
                session.flush()
        except IntegrityError:
            existing = get_conversation(session=session, sender_id=sender_id)
            if existing is None:
                raise
            conversation = existing
    _check_household(conversation, household)
    if conversation.household_id is None and household is not None:
        conversation.household_id = household.id
    return conversation


def load_state(conversation: Conversation) -> DialogueState:
    return DialogueState.from_json(conversation.state)


def save_state(
    *, session: Session, conversation: Conversation, state: DialogueState, now: dt.datetime
) -> None:
    # A new dict, so that the JSON column is seen as changed without mutation tracking.
    conversation.state = state.to_json()
    conversation.updated_at = now
    session.add(conversation)
    session.flush()


def record_message(
    *,
    session: Session,
    conversation: Conversation,
    direction: str,
    text: str,
    now: dt.datetime,
    intent: str | None = None,
    confidence: float | None = None,
    entities: list[dict[str, Any]] | None = None,
    payload: dict[str, Any] | None = None,
) -> Message:
    assert conversation.id is not None
    message = Message(
        conversation_id=conversation.id,
        direction=direction,
        text=text[:MAX_TEXT],
        intent=intent[:60] if intent else None,
        confidence=confidence,
        entities=entities or [],
        payload=payload or {},
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def list_messages(*, session: Session, conversation: Conversation) -> list[Message]:
    return list(
        session.exec(
            select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)  # type: ignore[arg-type]
        ).all()
    )

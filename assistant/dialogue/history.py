"""A conversation's recent messages as its customer saw them, for a client that reopens it.

The `messages` table keeps every message of a conversation: what the customer sent ("in")
and what the assistant answered ("out", with its buttons and `custom` cards). A button press
was stored as its payload ("/affirm", "/outing_book{...}"); the customer saw the button's
title, so that is what comes back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session, col, select

from assistant.dialogue.models import Message
from assistant.dialogue.tracker_store import get_conversation

Role = Literal["user", "bot"]
# Button titles are looked for this many messages further back than the ones returned: the
# question a press answered may be just before the window.
LOOKBACK = 20


@dataclass(frozen=True)
class HistoryItem:
    id: int
    role: Role
    text: str
    at: dt.datetime
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)


def _buttons(message: Message) -> list[dict[str, str]]:
    found = (message.payload or {}).get("buttons") or []
    return [
        {"title": str(button["title"]), "payload": str(button["payload"])}
        for button in found
        if isinstance(button, dict) and "title" in button and "payload" in button
    ]


def _pressable(message: Message) -> dict[str, str]:
    """Payload -> title of every button a reply offered, its cards' buttons included."""
    titles = {button["payload"]: button["title"] for button in _buttons(message)}
    custom = (message.payload or {}).get("custom") or {}
    cards = [card for card in custom.get("cards") or [] if isinstance(card, dict)]
    for button in (button for card in cards for button in card.get("buttons") or []):
        if isinstance(button, dict) and "payload" in button and "title" in button:
            titles[str(button["payload"])] = str(button["title"])
    return titles


def recent_messages(*, session: Session, sender_id: str, limit: int) -> list[HistoryItem]:
    """The last `limit` messages of the conversation, oldest first; a pressed button shows as
    its title, a payload no button offered (typed by hand) is left out."""
    conversation = get_conversation(session=session, sender_id=sender_id)
    if conversation is None:
        return []
    rows = list(
        session.exec(
            select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(col(Message.id).desc())
            .limit(limit + LOOKBACK)
        ).all()
    )
    rows.reverse()
    offered: dict[str, str] = {}
    items: list[HistoryItem] = []
    for message in rows:
        assert message.id is not None
        if message.direction == "out":
            offered.update(_pressable(message))
            custom = (message.payload or {}).get("custom") or {}
            items.append(
                HistoryItem(message.id, "bot", message.text, message.created_at,
                            _buttons(message), custom)
            )  # fmt: skip
            continue
        text = message.text
        if text.startswith("/"):
            if text not in offered:
                continue
            text = offered[text]
        items.append(HistoryItem(message.id, "user", text, message.created_at))
    return items[-limit:]

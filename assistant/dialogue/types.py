"""What a conversation turn produces, before any channel renders it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nlu.parse import Parse


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    # Rasa's convention: "/intent{json entities}" is taken as-is, without NLU.
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    # Set when an action wrote speech-specific output; channels derive SSML from text otherwise.
    ssml: str | None = None
    custom: dict[str, Any] | None = None

    def to_rasa(self, recipient_id: str) -> dict[str, Any]:
        """The shape of one message of Rasa's REST channel response."""
        message: dict[str, Any] = {"recipient_id": recipient_id, "text": self.text}
        if self.buttons:
            message["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.custom:
            message["custom"] = self.custom
        return message


@dataclass(slots=True)
class Turn:
    sender_id: str
    lang: str
    parse: Parse
    replies: list[Reply] = field(default_factory=list)
    active_form: str | None = None
    requested_slot: str | None = None

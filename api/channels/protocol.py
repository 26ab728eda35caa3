"""The WebSocket chat protocol: every frame has a `type` and (after auth) an increasing `id`.

Modelled on Home Assistant's websocket API: the client authenticates first, then sends
commands; each command gets exactly one `result` (success or an error with a code), and a
subscription additionally receives `event` frames carrying its id until it is cancelled.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    TypeAdapter,
    ValidationError,
)

from assistant.dialogue.types import Turn
from geofences.schemas import PingIn

MAX_TEXT_CHARS = 2000

MessageId = Annotated[StrictInt, Field(gt=0)]


def no_nul(value: str) -> str:
    """Turns are stored (tracker store) and PostgreSQL text cannot hold NUL: refused on every
    backend alike, before the dialogue runs."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    return value


ChatText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(no_nul)]


class ErrorCode:
    invalid_format = "invalid_format"
    unknown_type = "unknown_type"
    id_reused = "id_reused"
    not_authenticated = "not_authenticated"
    text_too_long = "text_too_long"
    not_found = "not_found"
    internal_error = "internal_error"
    # Chat messages beyond the household's budget (CHAT_RATE_LIMIT per window, all processes).
    rate_limited = "rate_limited"
    # Location frames: the same codes as POST /me/location/pings.
    location_consent_required = "location_consent_required"
    batch_too_large = "batch_too_large"
    ping_in_future = "ping_in_future"


class _Frame(BaseModel):
    # Unknown fields are refused: a typo in a client must not be silently ignored.
    model_config = ConfigDict(extra="forbid")


class AuthFrame(_Frame):
    type: Literal["auth"]
    id: MessageId | None = None
    token: Annotated[str, Field(min_length=1, max_length=4096)]


class ChatFrame(_Frame):
    type: Literal["message"]
    id: MessageId
    text: ChatText
    lang: Literal["fr", "en"] | None = None


class PingFrame(_Frame):
    type: Literal["ping"]
    id: MessageId


class LocationFrame(_Frame):
    """A batch of location pings, as the body of POST /me/location/pings."""

    type: Literal["location"]
    id: MessageId
    pings: Annotated[list[PingIn], Field(min_length=1)]


class SubscribeFrame(_Frame):
    type: Literal["subscribe_notifications"]
    id: MessageId


class UnsubscribeFrame(_Frame):
    type: Literal["unsubscribe"]
    id: MessageId
    subscription: MessageId


ClientFrame = Annotated[
    AuthFrame | ChatFrame | PingFrame | LocationFrame | SubscribeFrame | UnsubscribeFrame,
    Field(discriminator="type"),
]
_CLIENT_FRAME: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)
FRAME_TYPES = frozenset(
    {"auth", "message", "ping", "location", "subscribe_notifications", "unsubscribe"}
)


class PushEvent(BaseModel):
    """A proactive message (notification outbox, reminders) as the socket receives it."""

    model_config = ConfigDict(extra="allow")

    kind: Annotated[str, Field(min_length=1, max_length=60)]
    title: Annotated[str, Field(max_length=200)]
    body: Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
    explanation: str | None = None


class FrameError(Exception):
    """A frame the server refuses; `id` is echoed when the frame carried a usable one."""

    def __init__(self, code: str, message: str, frame_id: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.id = frame_id


def _usable_id(raw: dict[str, Any]) -> int | None:
    value = raw.get("id")
    return value if type(value) is int and value > 0 else None


def parse_frame(data: str | bytes) -> ClientFrame:
    """Decode and schema-check one frame, or raise `FrameError` with the protocol's code."""
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: JSON nested beyond the interpreter's stack (`[[[[...]]]]`).
        raise FrameError(ErrorCode.invalid_format, "the frame is not valid JSON") from exc
    if not isinstance(raw, dict):
        raise FrameError(ErrorCode.invalid_format, "a frame must be a JSON object")
    frame_id = _usable_id(raw)
    frame_type = raw.get("type")
    if not isinstance(frame_type, str):
        raise FrameError(ErrorCode.invalid_format, "the frame has no type", frame_id)
    if frame_type not in FRAME_TYPES:
        raise FrameError(ErrorCode.unknown_type, f"unknown message type {frame_type!r}", frame_id)
    try:
        return _CLIENT_FRAME.validate_python(raw)
    except ValidationError as exc:
        errors = exc.errors()
        if any(e["type"] == "string_too_long" and e["loc"][-1:] == ("text",) for e in errors):
            raise FrameError(
                ErrorCode.text_too_long,
                f"the text exceeds {MAX_TEXT_CHARS} characters",
                frame_id,
            ) from exc
        fields = ", ".join(".".join(str(p) for p in e["loc"][1:]) or "frame" for e in errors)
        raise FrameError(ErrorCode.invalid_format, f"invalid fields: {fields}", frame_id) from exc


def result_ok(frame_id: int, result: Any = None) -> dict[str, Any]:
    return {"type": "result", "id": frame_id, "success": True, "result": result}


def result_error(frame_id: int | None, code: str, message: str) -> dict[str, Any]:
    return {
        "type": "result",
        "id": frame_id,
        "success": False,
        "error": {"code": code, "message": message},
    }


def event_frame(subscription_id: int, event: dict[str, Any]) -> dict[str, Any]:
    return {"type": "event", "id": subscription_id, "event": event}


def turn_result(turn: Turn) -> dict[str, Any]:
    """What a chat client needs from a turn: the replies to show and the dialogue's state."""
    return {
        "replies": [
            {
                "text": reply.text,
                "buttons": [{"title": b.title, "payload": b.payload} for b in reply.buttons],
                "custom": reply.custom,
            }
            for reply in turn.replies
        ],
        "intent": {"name": turn.parse.intent, "confidence": turn.parse.confidence},
        "entities": [entity.to_rasa() for entity in turn.parse.entities],
        "lang": turn.lang,
        "active_form": turn.active_form,
        "requested_slot": turn.requested_slot,
    }

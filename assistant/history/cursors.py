"""Opaque keyset cursors: a (purchased_at, id) position in a newest-first listing."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from assistant.errors import AppError


class InvalidCursor(AppError):
    status_code = 400
    code = "invalid_cursor"


def encode_cursor(*, kind: str, at: dt.datetime, row_id: int) -> str:
    # The kind keeps a receipts cursor from being replayed against purchases.
    payload = json.dumps([kind, at.astimezone(dt.UTC).isoformat(), row_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


MAX_CURSOR_LENGTH = 256


def decode_cursor(*, kind: str, cursor: str) -> tuple[dt.datetime, int]:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("the cursor is malformed")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode())
        cursor_kind, at_text, row_id = payload
        at = dt.datetime.fromisoformat(at_text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise InvalidCursor("the cursor is malformed") from exc
    if (
        cursor_kind != kind
        or at.tzinfo is None
        or not isinstance(row_id, int)
        or isinstance(row_id, bool)
    ):
        raise InvalidCursor("the cursor is malformed")
    return at, row_id

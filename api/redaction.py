"""Secrets never reach the logs: uvicorn's access log and its WebSocket lines (logged by
`uvicorn.error`: "WebSocket /ws/chat?token=…" [accepted]) show paths without the tokens some
URLs carry (`/ws/chat?token=`, signed booking and unsubscribe links), and httpx's INFO lines,
which quote whole URLs (weather coordinates among them), are silenced."""

from __future__ import annotations

import logging
import re

# Path segments that are bearer secrets themselves.
_SECRET_SEGMENT = re.compile(r"^(/book/|/notifications/unsubscribe/)[^/?]+")
REDACTED = "[redacted]"


def redact_path(path: str) -> str:
    """The path with every query value and any secret segment replaced."""
    base, _, query = path.partition("?")
    base = _SECRET_SEGMENT.sub(lambda m: m.group(1) + REDACTED, base)
    if not query:
        return base
    names = [part.partition("=")[0] for part in query.split("&") if part]
    return base + "?" + "&".join(f"{name}={REDACTED}" for name in names)


class AccessLogRedaction(logging.Filter):
    """Rewrites uvicorn's access records: (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2]), *args[3:])
        return True


class PathArgumentRedaction(logging.Filter):
    """Rewrites every argument of a record that is a request path (uvicorn's server log quotes
    the WebSocket's path with its query string when it accepts or refuses a socket)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in args
            )
        return True


def install_log_redaction() -> None:
    for name, kind in (
        ("uvicorn.access", AccessLogRedaction),
        ("uvicorn.error", PathArgumentRedaction),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger("httpx").level))

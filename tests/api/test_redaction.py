"""Tokens in URLs never reach the access log."""

from __future__ import annotations

import logging

import pytest

from api.main import create_app
from api.redaction import redact_path
from assistant.config import Settings


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/ws/chat?token=eyJhbGciOi.abc.def", "/ws/chat?token=[redacted]"),
        ("/book/eyJ0eXAi.x.y", "/book/[redacted]"),
        ("/book/eyJ0eXAi.x.y/event.ics", "/book/[redacted]/event.ics"),
        ("/notifications/unsubscribe/abc123", "/notifications/unsubscribe/[redacted]"),
        ("/me/receipts?limit=5&cursor=xyz", "/me/receipts?limit=[redacted]&cursor=[redacted]"),
        ("/me/receipts", "/me/receipts"),
        ("/bookings/12", "/bookings/12"),
    ],
)
def test_redact_path(path: str, logged: str) -> None:
    assert redact_path(path) == logged


def test_the_app_redacts_uvicorn_access_records(caplog: pytest.LogCaptureFixture) -> None:
    create_app(Settings(assistant_env="test", database_url="sqlite://"))
    access = logging.getLogger("uvicorn.access")
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        access.info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/ws/chat?token=secret-jwt", "1.1",
            101,
        )  # fmt: skip
    (record,) = [r for r in caplog.records if r.name == "uvicorn.access"]
    assert "secret-jwt" not in record.getMessage()
    assert "/ws/chat?token=[redacted]" in record.getMessage()
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING

"""Notify test helpers: consents, a fake sender implementing `Sender`, a relay on the test
session."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session

from assistant.config import Settings
from assistant.customers.models import Consent, Household
from assistant.notify.relay import Relay, SessionFactory
from assistant.notify.senders import Delivery, Outcome, Sender, SendResult
from tests import clock
from tests.clock import local, on_weekday

# A Tuesday, 10:00 in Paris (UTC+1 in November): outside quiet hours.
DAY = on_weekday(clock.TODAY, 1)  # a Tuesday, the first from the suite's day
NOON = local(DAY, "10:00")


def grant(session: Session, household: Household, channel: str, purpose: str) -> Consent:
    assert household.id is not None
    consent = Consent(
        household_id=household.id, channel=channel, purpose=purpose, granted=True, granted_at=NOON
    )
    session.add(consent)
    session.flush()
    return consent


class FakeSender:
    """Records every delivery; answers from a script of outcomes (then `sent`)."""

    def __init__(self, channel: str, script: list[SendResult] | None = None) -> None:
        self.channel = channel
        self.script = list(script or [])
        self.deliveries: list[Delivery] = []

    async def send(self, delivery: Delivery) -> SendResult:
        self.deliveries.append(delivery)
        if self.script:
            return self.script.pop(0)
        return SendResult(Outcome.sent, delivered={"fake": delivery.idempotency_key})

    @property
    def ids(self) -> list[int]:
        return [d.message_id for d in self.deliveries]


def session_unit_of_work(session: Session) -> SessionFactory:
    """The relay's unit of work on the test session (its commits are savepoints)."""

    @contextmanager
    def factory() -> Iterator[Session]:
        yield session
        session.commit()

    return factory


@pytest.fixture
def notify_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"notify_daily_cap": 3, "notify_max_attempts": 3})


def make_relay(session: Session, settings: Settings, *senders: Sender, **kwargs: Any) -> Relay:
    return Relay(
        sessions=session_unit_of_work(session), settings=settings, senders=senders, **kwargs
    )


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`pytest.mark.anyio`) run on asyncio, like the API and the relay."""
    return "asyncio"


@dataclass
class Mailbox:
    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse_with: str | None = None  # e.g. "451 4.3.0 try later"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_with:
            return self.refuse_with
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()

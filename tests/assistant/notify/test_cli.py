"""`assistant notify relay --once` (notify_app) against a SQLite file and a local SMTP server."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.config import Settings
from assistant.customers.models import Consent, Household
from assistant.db import make_engine, migrate
from assistant.notify.cli import notify_app
from assistant.notify.models import OutboxMessage
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import Mailbox
from tests.clock import NOW

runner = CliRunner()


def test_relay_once_delivers_what_is_due(
    cli_database_url: str, mailbox: tuple[Mailbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(mailbox[1]))
    migrate(cli_database_url)
    engine = make_engine(cli_database_url)
    with Session(engine, expire_on_commit=False) as session:
        household = Household(name="Famille Zerty", email="zerty@example.org")
        session.add(household)
        session.flush()
        assert household.id is not None
        session.add(
            Consent(household_id=household.id, channel="email", purpose="service", granted=True)
        )
        message = enqueue(
            session=session,
            household_id=household.id,
            channel="email",
            purpose="service",
            kind="booking_confirmation",
            title="Réservation confirmée",
            body="4 places pour le cirque samedi.",
            explanation="Vous avez réservé depuis l'assistant.",
            transactional=True,
            now=NOW,
            settings=Settings(assistant_env="test", database_url=cli_database_url),
        )
        assert message is not None
        session.commit()
    result = runner.invoke(notify_app, ["relay", "--once"])
    assert result.exit_code == 0, result.output
    assert "done: 1 sent" in result.output
    ((recipients, mail),) = mailbox[0].messages
    assert recipients == ["zerty@example.org"] and mail["Subject"] == "Réservation confirmée"
    with Session(engine) as session:
        stored = session.get(OutboxMessage, message.id)
        assert stored is not None and stored.status == "sent"
    engine.dispose()
    # Nothing left: a second run sends nothing more.
    again = runner.invoke(notify_app, ["relay", "--once"])
    assert "done: 0 sent" in again.output and len(mailbox[0].messages) == 1


def test_relay_without_any_channel_says_so(cli_database_url: str) -> None:
    result = runner.invoke(notify_app, ["relay", "--once"])
    assert result.exit_code == 0
    assert "no channel configured" in result.output

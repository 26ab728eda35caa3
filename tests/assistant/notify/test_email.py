"""The evening digest by email, against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.config import Settings
from assistant.notify.models import OutboxMessage
from assistant.notify.senders import EmailSender
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import NOON, Mailbox, grant, make_relay
from tests.factories import make_household

pytestmark = pytest.mark.anyio


@pytest.fixture
def smtp_settings(notify_settings: Settings, mailbox: tuple[Mailbox, int]) -> Settings:
    return notify_settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mailbox[1]})


def digest(
    session: Session, settings: Settings, address: str | None = "zerty@example.org"
) -> OutboxMessage:
    household = make_household(session, email=address, name="Famille Zerty")
    grant(session, household, "email", "marketing")
    assert household.id is not None
    message = enqueue(
        session=session,
        household_id=household.id,
        channel="email",
        purpose="marketing",
        kind="digest",
        title="Votre soirée : 3 idées et vos courses de demain",
        body="Lait et café à racheter.\n\nCirque samedi : 4 places.",
        explanation="Vous recevez le résumé du soir que vous avez demandé.",
        payload={"html": "<h1>Votre soirée</h1><ul><li>Lait</li><li>Café</li></ul>"},
        now=NOON,
        settings=settings,
    )
    assert message is not None
    return message


async def test_the_digest_arrives_with_text_html_and_unsubscribe(
    session: Session, smtp_settings: Settings, mailbox: tuple[Mailbox, int]
) -> None:
    message = digest(session, smtp_settings)
    relay = make_relay(session, smtp_settings, EmailSender(smtp_settings))
    assert (await relay.run_once(now=NOON)).sent == 1
    ((recipients, mail),) = mailbox[0].messages
    assert recipients == ["zerty@example.org"]
    assert mail["Subject"] == "Votre soirée : 3 idées et vos courses de demain"
    assert mail["X-Idempotency-Key"] == f"outbox-{message.id}"
    unsubscribe = mail["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{smtp_settings.base_url}/notifications/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and html is not None
    assert "Cirque samedi : 4 places." in text.get_content()
    assert "le résumé du soir que vous avez demandé" in text.get_content()
    assert "<li>Café</li>" in html.get_content()
    assert "le résumé du soir que vous avez demandé" in html.get_content()
    session.expire_all()
    stored = session.get(OutboxMessage, message.id)
    assert stored is not None and stored.status == "sent"
    assert stored.delivered["email"] == mail["Message-ID"]


@pytest.mark.parametrize(
    ("reply", "status"),
    [("451 4.3.0 try again later", "pending"), ("554 5.7.1 rejected", "failed")],
)
async def test_smtp_refusals(
    session: Session,
    smtp_settings: Settings,
    mailbox: tuple[Mailbox, int],
    reply: str,
    status: str,
) -> None:
    mailbox[0].refuse_with = reply
    message = digest(session, smtp_settings)
    await make_relay(session, smtp_settings, EmailSender(smtp_settings)).run_once(now=NOON)
    session.expire_all()
    stored = session.get(OutboxMessage, message.id)
    assert stored is not None
    assert stored.status == status and reply.split()[0] in (stored.last_error or "")


async def test_no_address_fails_without_sending(
    session: Session, smtp_settings: Settings, mailbox: tuple[Mailbox, int]
) -> None:
    message = digest(session, smtp_settings, address=None)
    assert (
        await make_relay(session, smtp_settings, EmailSender(smtp_settings)).run_once(now=NOON)
    ).failed == 1
    assert mailbox[0].messages == []
    session.expire_all()
    stored = session.get(OutboxMessage, message.id)
    assert stored is not None and stored.last_error == "the household has no email address"

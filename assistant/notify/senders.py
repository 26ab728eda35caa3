"""How the relay hands a message to a channel: the `Sender` protocol and its results.

Senders never touch the database: the relay gives them everything they need (`Delivery`)
and applies what they answer (`SendResult`), so a sender is easy to fake and never holds a
transaction open while it waits on the network.
"""

from __future__ import annotations

import asyncio
import html
import smtplib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from enum import StrEnum
from typing import Any, Protocol

from assistant.config import Settings
from assistant.i18n import LANGS, render


class Outcome(StrEnum):
    sent = "sent"
    retry = "retry"  # transient (quota, unavailable): try again after a backoff
    failed = "failed"  # permanent: never retried


@dataclass(frozen=True)
class Delivery:
    """One outbox message as a sender sees it."""

    message_id: int
    household_id: int
    channel: str
    purpose: str
    kind: str
    lang: str
    title: str
    body: str
    explanation: str
    payload: Mapping[str, Any]
    attempt: int
    # Device id -> FCM registration token, without the devices already served.
    push_tokens: Mapping[int, str] = field(default_factory=dict)
    email: str | None = None
    household_name: str = ""
    unsubscribe_url: str | None = None

    @property
    def idempotency_key(self) -> str:
        """The same on every attempt: receivers may drop the duplicates at-least-once yields."""
        return f"outbox-{self.message_id}"


@dataclass
class SendResult:
    outcome: Outcome
    error: str | None = None
    # Target -> provider id (FCM message name, SMTP Message-ID, live socket count).
    delivered: dict[str, Any] = field(default_factory=dict)
    # Devices whose token FCM declared unregistered or invalid: the relay clears them.
    invalid_devices: list[int] = field(default_factory=list)
    retry_after: float | None = None  # seconds, when the provider said so (Retry-After)


class Sender(Protocol):
    channel: str

    async def send(self, delivery: Delivery) -> SendResult: ...


# --- in-app ------------------------------------------------------------------------------

# Returns the sockets reached, or a mapping of counts (`Hub.publish_all`: "sockets" of the
# relaying process and other "processes" reached through Redis) stored as `delivered`.
Publish = Callable[[int, dict[str, Any]], Awaitable[int | Mapping[str, int]]]


class InAppSender:
    """Pushes the message to the household's open sockets (`Hub.publish`).

    Nobody connected is not an error: the message stays in the inbox (`GET /me/notifications`).
    With several API processes, `delivered` = {"sockets": n, "processes": m}: n sockets held
    by the relaying process, m other processes that received it (each delivers to its own
    sockets of the household, if it has any: m counts processes, not sockets).
    """

    channel = "in_app"

    def __init__(self, publish: Publish) -> None:
        self._publish = publish

    async def send(self, delivery: Delivery) -> SendResult:
        event = {
            "kind": delivery.kind,
            "title": delivery.title[:200],
            "body": delivery.body,
            "explanation": delivery.explanation,
            "notification_id": delivery.message_id,
            "idempotency_key": delivery.idempotency_key,
            "payload": dict(delivery.payload),
        }
        reached = await self._publish(delivery.household_id, event)
        delivered = {"sockets": reached} if isinstance(reached, int) else dict(reached)
        return SendResult(Outcome.sent, delivered=delivered)


# --- email -------------------------------------------------------------------------------


def build_email(delivery: Delivery, *, sender: str) -> EmailMessage:
    """A text + HTML email with the explanation and a one-click unsubscribe (RFC 8058)."""
    assert delivery.email is not None
    lang = delivery.lang if delivery.lang in LANGS else "en"
    footer = render(lang, "notify.email.footer", why=delivery.explanation)
    message = EmailMessage()
    message["Subject"] = delivery.title
    message["From"] = sender
    message["To"] = delivery.email
    message["Message-ID"] = make_msgid(idstring=delivery.idempotency_key)
    message["X-Idempotency-Key"] = delivery.idempotency_key
    if delivery.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(f"{delivery.body}\n\n-- \n{footer}\n")
    html_body = delivery.payload.get("html")
    if not isinstance(html_body, str):
        paragraphs = "".join(
            f"<p>{html.escape(block)}</p>" for block in delivery.body.split("\n\n") if block
        )
        html_body = f"<h1>{html.escape(delivery.title)}</h1>{paragraphs}"
    message.add_alternative(
        f'<!doctype html><html lang="{html.escape(delivery.lang)}"><body>{html_body}'
        f"<hr><p><small>{html.escape(footer)}</small></p></body></html>",
        subtype="html",
    )
    return message


class EmailSender:
    """SMTP with the standard library, in a worker thread (smtplib blocks)."""

    channel = "email"

    def __init__(self, settings: Settings, *, timeout: float = 30.0) -> None:
        if not settings.smtp_host:
            raise ValueError("SMTP_HOST is not set")
        self._settings = settings
        self._timeout = timeout

    async def send(self, delivery: Delivery) -> SendResult:
        if not delivery.email:
            return SendResult(Outcome.failed, error="the household has no email address")
        message = build_email(delivery, sender=self._settings.smtp_from)
        try:
            await asyncio.to_thread(self._deliver, message)
        except smtplib.SMTPRecipientsRefused as exc:
            return SendResult(Outcome.failed, error=f"recipient refused: {exc.recipients}")
        except smtplib.SMTPResponseException as exc:
            # 4xx is the server's "try later"; 5xx is final.
            outcome = Outcome.retry if 400 <= exc.smtp_code < 500 else Outcome.failed
            return SendResult(outcome, error=f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")
        except (smtplib.SMTPException, OSError) as exc:
            return SendResult(Outcome.retry, error=f"SMTP unavailable: {exc}")
        return SendResult(Outcome.sent, delivered={"email": message["Message-ID"]})

    def _deliver(self, message: EmailMessage) -> None:
        settings = self._settings
        assert settings.smtp_host is not None
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=self._timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(message)

"""One-click unsubscribe links (RFC 8058) for emails: signed, no login needed."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

from sqlmodel import Session, select

from assistant.config import Settings
from assistant.customers.models import Consent
from assistant.errors import NotFound
from assistant.privacy.consent import apply_withdrawal


def _sign(settings: Settings, body: str) -> str:
    digest = hmac.new(
        settings.jwt_secret.encode(), f"unsubscribe:{body}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def unsubscribe_token(*, settings: Settings, household_id: int, channel: str, purpose: str) -> str:
    body = f"{household_id}.{channel}.{purpose}"
    return f"{body}.{_sign(settings, body)}"


def unsubscribe_url(
    *, settings: Settings, household_id: int, channel: str, purpose: str
) -> str | None:
    if channel != "email":
        return None
    token = unsubscribe_token(
        settings=settings, household_id=household_id, channel=channel, purpose=purpose
    )
    return f"{settings.public_base_url.rstrip('/')}/notifications/unsubscribe/{token}"


def read_token(*, settings: Settings, token: str) -> tuple[int, str, str]:
    parts = token.split(".")
    if len(parts) != 4 or not parts[0].isdigit():
        raise NotFound("unknown unsubscribe link", code="unsubscribe_link_invalid")
    body = ".".join(parts[:3])
    if not hmac.compare_digest(_sign(settings, body), parts[3]):
        raise NotFound("unknown unsubscribe link", code="unsubscribe_link_invalid")
    return int(parts[0]), parts[1], parts[2]


def withdraw(
    *, session: Session, household_id: int, channel: str, purpose: str, now: dt.datetime
) -> bool:
    """Withdraw the consent (idempotent); False when it was not granted."""
    consent = session.exec(
        select(Consent).where(
            Consent.household_id == household_id,
            Consent.channel == channel,
            Consent.purpose == purpose,
        )
    ).first()
    if consent is None or not consent.granted:
        return False
    consent.granted = False
    consent.withdrawn_at = now
    consent.updated_at = now
    consent.source = "unsubscribe_link"
    session.add(consent)
    session.flush()
    apply_withdrawal(
        session=session, household_id=household_id, channel=channel, purpose=purpose, now=now
    )
    return True

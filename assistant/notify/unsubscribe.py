"""One-click unsubscribe links (RFC 8058) for emails: signed, no login needed."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlmodel import Session, select

from assistant.config import Settings
from assistant.customers.models import Consent, Household
from assistant.errors import NotFound
from assistant.privacy.consent import apply_withdrawal


def _sign(settings: Settings, body: str) -> str:
    digest = hmac.new(
        settings.jwt_secret.encode(), f"unsubscribe:{body}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


@dataclass(frozen=True)
class UnsubscribeClaim:
    household_id: int
    public_id: str  # the household's: its id alone may be an erased household's
    channel: str
    purpose: str


def unsubscribe_token(
    *, settings: Settings, household_id: int, public_id: str, channel: str, purpose: str
) -> str:
    body = f"{household_id}.{public_id}.{channel}.{purpose}"
    return f"{body}.{_sign(settings, body)}"


def unsubscribe_url(
    *, settings: Settings, household_id: int, public_id: str, channel: str, purpose: str
) -> str | None:
    if channel != "email":
        return None
    token = unsubscribe_token(
        settings=settings, household_id=household_id, public_id=public_id, channel=channel,
        purpose=purpose,
    )  # fmt: skip
    return f"{settings.base_url}/notifications/unsubscribe/{token}"


def read_token(*, settings: Settings, token: str) -> UnsubscribeClaim:
    parts = token.split(".")
    if len(parts) != 5 or not parts[0].isdigit() or len(parts[0]) > 18:
        raise NotFound("unknown unsubscribe link", code="unsubscribe_link_invalid")
    body = ".".join(parts[:4])
    if not hmac.compare_digest(_sign(settings, body), parts[4]):
        raise NotFound("unknown unsubscribe link", code="unsubscribe_link_invalid")
    return UnsubscribeClaim(int(parts[0]), parts[1], parts[2], parts[3])


def withdraw(*, session: Session, claim: UnsubscribeClaim, now: dt.datetime) -> bool:
    """Withdraw the consent the link names (idempotent); False when it was not granted.
    NotFound when the household is gone, or its id now belongs to another household."""
    household = session.get(Household, claim.household_id)
    if household is None or household.public_id != claim.public_id:
        raise NotFound("unknown unsubscribe link", code="unsubscribe_link_invalid")
    household_id, channel, purpose = claim.household_id, claim.channel, claim.purpose
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

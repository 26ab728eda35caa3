"""What a consent withdrawal does at once, whichever way it was withdrawn (app, chat,
unsubscribe link):

- the household's pending outbox messages of that channel and purpose are suppressed (kept
  for the audit trail, never delivered; the relay also re-checks consent at delivery);
- when no location consent is left on any channel, the stored raw pings and the presence
  state are deleted (visits, the history of store visits, are kept as the design says).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.customers.models import Consent, Purpose
from assistant.notify.models import OutboxMessage, OutboxStatus
from geofences.models import LocationPing, PresenceState

WITHDRAWN = "consent withdrawn before delivery"


@dataclass(frozen=True)
class WithdrawalEffects:
    suppressed_messages: int = 0
    deleted_pings: int = 0
    deleted_presence: int = 0


def _location_consent_left(session: Session, household_id: int) -> bool:
    granted = session.exec(
        select(Consent.id).where(
            Consent.household_id == household_id,
            Consent.purpose == Purpose.location,
            Consent.granted == True,  # noqa: E712
        )
    ).first()
    return granted is not None


def apply_withdrawal(
    *,
    session: Session,
    household_id: int,
    channel: str,
    purpose: str,
    now: dt.datetime,
) -> WithdrawalEffects:
    """Call after the consent row is saved as withdrawn (same transaction)."""
    session.flush()
    suppressed = session.execute(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.household_id) == household_id,
            col(OutboxMessage.channel) == channel,
            col(OutboxMessage.purpose) == purpose,
            col(OutboxMessage.status) == OutboxStatus.pending,
        )
        .values(status=OutboxStatus.suppressed, last_error=WITHDRAWN, next_attempt_at=None)
    )
    pings = presence = 0
    if purpose == Purpose.location and not _location_consent_left(session, household_id):
        pings = session.execute(
            sa.delete(LocationPing).where(col(LocationPing.household_id) == household_id)
        ).rowcount  # type: ignore[attr-defined]
        presence = session.execute(
            sa.delete(PresenceState).where(col(PresenceState.household_id) == household_id)
        ).rowcount  # type: ignore[attr-defined]
    session.flush()
    return WithdrawalEffects(
        suppressed_messages=int(suppressed.rowcount or 0),  # type: ignore[attr-defined]
        deleted_pings=int(pings or 0),
        deleted_presence=int(presence or 0),
    )

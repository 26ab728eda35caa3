"""Writing notifications: the outbox row goes in the caller's transaction (flush, no commit).

The relay (`assistant.notify.relay`) delivers them after the commit, so a business change and
its notification are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from assistant.config import Settings, get_settings
from assistant.customers.models import Channel, Consent, Household, Purpose
from assistant.errors import NotFound, Unprocessable
from assistant.notify.models import OutboxMessage, OutboxStatus
from assistant.notify.policy import end_of_quiet_hours, local_day_bounds, parse_hhmm, zone

log = logging.getLogger(__name__)

CHANNELS = frozenset(c.value for c in Channel)
PURPOSES = frozenset(p.value for p in Purpose)
# Rows that reached, or may still reach, the customer count towards the daily cap.
CAP_STATUSES = (OutboxStatus.pending, OutboxStatus.sending, OutboxStatus.sent)


def has_consent(*, session: Session, household_id: int, channel: str, purpose: str) -> bool:
    granted = session.exec(
        select(Consent.granted).where(
            Consent.household_id == household_id,
            Consent.channel == channel,
            Consent.purpose == purpose,
        )
    ).first()
    return bool(granted)


def _duplicate(*, session: Session, dedup_key: str) -> bool:
    found = session.exec(select(OutboxMessage.id).where(OutboxMessage.dedup_key == dedup_key))
    return found.first() is not None


def _serialise_household(*, session: Session, household_id: int) -> None:
    """Lock the household's row until the caller's transaction ends, so that concurrent
    enqueues (two API processes, a scheduler) count and write the daily cap one at a time:
    counting alone is a read that two transactions could both pass. PostgreSQL: FOR UPDATE;
    SQLite: a no-op write, which takes the database's write lock at once."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(Household.id).where(col(Household.id) == household_id).with_for_update()
        )
    else:
        session.execute(
            sa.text("UPDATE households SET id = id WHERE id = :id"), {"id": household_id}
        )


def _proactive_count(
    *, session: Session, household_id: int, start: dt.datetime, end: dt.datetime
) -> int:
    count = session.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.household_id == household_id,
            col(OutboxMessage.transactional).is_(False),
            col(OutboxMessage.status).in_([s.value for s in CAP_STATUSES]),
            col(OutboxMessage.scheduled_for) >= start,
            col(OutboxMessage.scheduled_for) < end,
        )
    ).one()
    return int(count)


def enqueue(
    *,
    session: Session,
    household_id: int,
    channel: str,
    purpose: str,
    kind: str,
    title: str,
    body: str,
    explanation: str,
    lang: str = "fr",
    ssml: str | None = None,
    payload: dict[str, Any] | None = None,
    dedup_key: str | None = None,
    now: dt.datetime,
    transactional: bool = False,
    settings: Settings | None = None,
) -> OutboxMessage | None:
    """Write a notification to the outbox, or nothing (None) when it must not be sent.

    None: the dedup_key exists, consent for (channel, purpose) is not granted, or the daily
    cap of proactive messages is reached on the local day it would be delivered. Proactive
    messages enqueued in quiet hours are delayed to their end; transactional ones are not.
    """
    settings = settings or get_settings()
    if channel not in CHANNELS:
        raise Unprocessable(f"unknown channel {channel!r}", code="unknown_channel")
    if purpose not in PURPOSES:
        raise Unprocessable(f"unknown purpose {purpose!r}", code="unknown_purpose")
    if not explanation.strip():
        raise Unprocessable("a notification needs its explanation", code="explanation_required")
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    if dedup_key is not None and _duplicate(session=session, dedup_key=dedup_key):
        return None
    consented = has_consent(
        session=session, household_id=household_id, channel=channel, purpose=purpose
    )
    if not consented:
        log.info("no %s/%s consent for household %s: not written", channel, purpose, household_id)
        return None
    due = now
    if not transactional:
        tz = zone(household.timezone, settings.default_timezone)
        due = end_of_quiet_hours(
            now,
            tz=tz,
            start=parse_hhmm(settings.quiet_hours_start),
            end=parse_hhmm(settings.quiet_hours_end),
        )
        start, end = local_day_bounds(due, tz)
        _serialise_household(session=session, household_id=household_id)
        sent_today = _proactive_count(
            session=session, household_id=household_id, start=start, end=end
        )
        if sent_today >= settings.notify_daily_cap:
            log.info("daily cap reached for household %s: %s not written", household_id, kind)
            return None
    message = OutboxMessage(
        household_id=household_id,
        channel=channel,
        purpose=purpose,
        kind=kind,
        lang=lang,
        title=title,
        body=body,
        ssml=ssml,
        payload=payload or {},
        explanation=explanation.strip(),
        dedup_key=dedup_key,
        transactional=transactional,
        next_attempt_at=due,
        scheduled_for=due,
        created_at=now,
    )
    if dedup_key is None:
        session.add(message)
        session.flush()
        return message
    return _insert_unless_duplicate(session=session, message=message)


def _insert_unless_duplicate(*, session: Session, message: OutboxMessage) -> OutboxMessage | None:
    """INSERT ... ON CONFLICT (dedup_key) DO NOTHING: a concurrent writer of the same key
    makes this a no-op instead of an error that would abort the caller's transaction (and
    it needs no SAVEPOINT, which the SQLite driver mishandles outside a transaction)."""
    session.flush()
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    values = {c.name: getattr(message, c.name) for c in table.columns if c.name != "id"}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedup_key"])
        .returning(table.c.id)
    )
    new_id = session.execute(statement).scalar_one_or_none()
    if new_id is None:
        return None
    return session.get(OutboxMessage, new_id)


# --- the in-app inbox ----------------------------------------------------------------------


def inbox(
    *, session: Session, household_id: int, now: dt.datetime, limit: int = 50
) -> list[OutboxMessage]:
    """In-app messages that are due (delivered live or waiting for the app to open)."""
    rows = session.exec(
        select(OutboxMessage)
        .where(
            OutboxMessage.household_id == household_id,
            OutboxMessage.channel == Channel.in_app,
            col(OutboxMessage.status).in_(
                [OutboxStatus.pending, OutboxStatus.sending, OutboxStatus.sent]
            ),
            sa.or_(
                col(OutboxMessage.next_attempt_at).is_(None),
                col(OutboxMessage.next_attempt_at) <= now,
                col(OutboxMessage.sent_at).is_not(None),
            ),
        )
        .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
        .limit(limit)
    ).all()
    return list(rows)


def get_message(*, session: Session, household_id: int, message_id: int) -> OutboxMessage:
    message = session.get(OutboxMessage, message_id)
    if message is None or message.household_id != household_id:
        raise NotFound("no such notification", code="notification_not_found")
    return message


def mark_read(
    *, session: Session, household_id: int, message_id: int, now: dt.datetime
) -> OutboxMessage:
    message = get_message(session=session, household_id=household_id, message_id=message_id)
    if message.read_at is None:
        message.read_at = now
        session.add(message)
        session.flush()
    return message

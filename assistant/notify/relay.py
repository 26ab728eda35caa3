"""The outbox relay: claims due messages with a lease, delivers them, records the outcome.

At-least-once: a row is claimed (status `sending`, `locked_until` = now + lease) and committed
before any network call; if the process dies while delivering, the lease runs out and the
next relay claims the row again. Every attempt carries the same idempotency key (the message
id) so receivers can drop the rare duplicate. PostgreSQL claims with `FOR UPDATE SKIP LOCKED`
(relays never wait on each other); SQLite, whose writers are serialised anyway, with a
conditional UPDATE.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.clock import Clock
from assistant.config import Settings
from assistant.customers.models import Device, Household
from assistant.notify.models import OutboxMessage, OutboxStatus
from assistant.notify.policy import end_of_quiet_hours, parse_hhmm, zone
from assistant.notify.senders import Delivery, Outcome, Sender, SendResult
from assistant.notify.service import has_consent
from assistant.notify.unsubscribe import unsubscribe_url

log = logging.getLogger(__name__)

SessionFactory = Callable[[], AbstractContextManager[Session]]
OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]


def unit_of_work(engine: Engine) -> SessionFactory:
    """Sessions that commit when the block ends without error (one per relay step)."""

    @contextmanager
    def factory() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    return factory


@dataclass
class RelayStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0
    deferred: int = 0  # found due inside quiet hours: moved to their end


class Relay:
    def __init__(
        self,
        *,
        sessions: SessionFactory,
        settings: Settings,
        senders: Iterable[Sender],
        clock: Clock | None = None,
        lease_seconds: float = 120.0,
        batch_size: int = 50,
        backoff_base: float = 2.0,
        backoff_max: float = 900.0,
        rng: random.Random | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.senders = {sender.channel: sender for sender in senders}
        # Read once per batch by `run_forever`, the relay's boundary.
        self.clock: Clock = clock or settings.clock()
        self.lease = dt.timedelta(seconds=lease_seconds)
        self.batch_size = batch_size
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.rng = rng or random.Random()
        # Steps may share one session (tests): database work runs one step at a time.
        self._db = asyncio.Lock()

    # --- claiming ----------------------------------------------------------------------------

    def _due(self, now: dt.datetime) -> sa.ColumnElement[bool]:
        return sa.and_(
            OUTBOX.c.channel.in_(sorted(self.senders)),
            OUTBOX.c.attempts < self.settings.notify_max_attempts,
            sa.or_(
                sa.and_(
                    OUTBOX.c.status == OutboxStatus.pending,
                    sa.or_(OUTBOX.c.next_attempt_at.is_(None), OUTBOX.c.next_attempt_at <= now),
                ),
                sa.and_(OUTBOX.c.status == OutboxStatus.sending, OUTBOX.c.locked_until <= now),
            ),
        )

    def claim(self, *, now: dt.datetime, limit: int | None = None) -> tuple[str, list[int]]:
        """Lease up to `limit` due messages to this call; returns (lease token, ids)."""
        token = uuid.uuid4().hex
        limit = limit or self.batch_size
        with self.sessions() as session:
            self._expire_exhausted(session, now)
            candidates = (
                sa.select(OUTBOX.c.id)
                .where(self._due(now))
                .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
                .limit(limit)
            )
            if session.get_bind().dialect.name == "postgresql":
                ids = list(session.execute(candidates.with_for_update(skip_locked=True)).scalars())
                if not ids:
                    return token, []
                condition = OUTBOX.c.id.in_(ids)
            else:
                # One write statement: SQLite takes its write lock at once (no read-then-write
                # upgrade to deadlock on), and the due condition is checked under that lock.
                condition = sa.and_(OUTBOX.c.id.in_(candidates.scalar_subquery()), self._due(now))
            session.execute(
                sa.update(OUTBOX)
                .where(condition)
                .values(
                    status=OutboxStatus.sending,
                    locked_until=now + self.lease,
                    lease_token=token,
                    attempts=OUTBOX.c.attempts + 1,
                )
            )
            claimed = session.execute(
                sa.select(OUTBOX.c.id)
                .where(OUTBOX.c.lease_token == token)
                .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
            ).scalars()
            return token, list(claimed)

    def _expire_exhausted(self, session: Session, now: dt.datetime) -> None:
        """A message whose every attempt died with its relay is failed, not claimed forever."""
        session.execute(
            sa.update(OUTBOX)
            .where(
                OUTBOX.c.status == OutboxStatus.sending,
                OUTBOX.c.locked_until <= now,
                OUTBOX.c.attempts >= self.settings.notify_max_attempts,
            )
            .values(
                status=OutboxStatus.failed,
                locked_until=None,
                lease_token=None,
                last_error="the relay stopped while delivering, on every attempt",
            )
        )

    # --- one message -------------------------------------------------------------------------

    def _quiet_until(
        self, message: OutboxMessage, household: Household, at: dt.datetime
    ) -> dt.datetime:
        """`at`, or the end of the household's quiet hours for a proactive message."""
        if message.transactional:
            return at
        return end_of_quiet_hours(
            at,
            tz=zone(household.timezone, self.settings.default_timezone),
            start=parse_hhmm(self.settings.quiet_hours_start),
            end=parse_hhmm(self.settings.quiet_hours_end),
        )

    def _load(self, message_id: int, token: str, now: dt.datetime) -> Delivery | str:
        with self.sessions() as session:
            message = session.get(OutboxMessage, message_id, populate_existing=True)
            if message is None or message.lease_token != token:
                return "lost"
            assert message.id is not None
            household = (
                session.get(Household, message.household_id) if message.household_id else None
            )
            if household is None or not has_consent(
                session=session,
                household_id=household.id or 0,
                channel=message.channel,
                purpose=message.purpose,
            ):
                # Consent withdrawn since enqueue: the message is kept (audit), never sent.
                self._close(message, OutboxStatus.suppressed, "consent withdrawn before delivery")
                session.add(message)
                return OutboxStatus.suppressed
            quiet_end = self._quiet_until(message, household, now)
            if quiet_end > now:
                # Due before quiet hours but the relay was late (down, backlog): wait again,
                # without spending an attempt.
                self._close(message, OutboxStatus.pending, message.last_error)
                message.attempts = max(0, message.attempts - 1)
                message.next_attempt_at = quiet_end
                session.add(message)
                return "deferred"
            tokens: dict[int, str] = {}
            if message.channel == "push":
                devices = session.exec(
                    select(Device).where(
                        Device.household_id == household.id, col(Device.push_token).is_not(None)
                    )
                ).all()
                tokens = {
                    d.id: d.push_token
                    for d in devices
                    if d.id is not None and d.push_token and str(d.id) not in message.delivered
                }
            return Delivery(
                message_id=message.id,
                household_id=household.id or 0,
                channel=message.channel,
                purpose=message.purpose,
                kind=message.kind,
                lang=message.lang,
                title=message.title,
                body=message.body,
                explanation=message.explanation,
                payload=dict(message.payload),
                attempt=message.attempts,
                push_tokens=tokens,
                email=household.email,
                household_name=household.name,
                unsubscribe_url=unsubscribe_url(
                    settings=self.settings,
                    household_id=household.id or 0,
                    public_id=household.public_id or "",
                    channel=message.channel,
                    purpose=message.purpose,
                ),
            )

    @staticmethod
    def _close(message: OutboxMessage, status: OutboxStatus, error: str | None) -> None:
        message.status = status
        message.locked_until = None
        message.lease_token = None
        message.last_error = error[:1000] if error else None

    def backoff(self, attempt: int) -> float:
        """Exponential with equal jitter: [d/2, d], d = base * 2^(attempt-1), capped."""
        delay = min(self.backoff_max, self.backoff_base * 2 ** max(0, attempt - 1))
        return delay / 2 + self.rng.uniform(0, delay / 2)

    def _finish(self, message_id: int, token: str, result: SendResult, now: dt.datetime) -> str:
        with self.sessions() as session:
            message = session.get(OutboxMessage, message_id, populate_existing=True)
            if message is None or message.lease_token != token:
                # Our lease ran out and another relay owns the row now: it records the outcome.
                log.warning("outbox %s: lease lost before the outcome was recorded", message_id)
                return "lost"
            if result.delivered:
                message.delivered = {**message.delivered, **result.delivered}
            if result.invalid_devices:
                session.execute(
                    sa.update(Device)
                    .where(
                        col(Device.id).in_(result.invalid_devices),
                        col(Device.household_id) == message.household_id,
                    )
                    .values(push_token=None)
                )
            if result.outcome is Outcome.sent:
                self._close(message, OutboxStatus.sent, result.error)
                message.sent_at = now
            elif (
                result.outcome is Outcome.failed
                or message.attempts >= self.settings.notify_max_attempts
            ):
                self._close(message, OutboxStatus.failed, result.error or "failed")
            else:
                delay = max(self.backoff(message.attempts), result.retry_after or 0.0)
                self._close(message, OutboxStatus.pending, result.error or "retry")
                retry_at = now + dt.timedelta(seconds=delay)
                household = session.get(Household, message.household_id)
                if household is not None:
                    retry_at = self._quiet_until(message, household, retry_at)
                message.next_attempt_at = retry_at
            session.add(message)
            return message.status

    async def _deliver(self, message_id: int, token: str, now: dt.datetime) -> str:
        async with self._db:
            delivery = await asyncio.to_thread(self._load, message_id, token, now)
        if isinstance(delivery, str):
            return delivery
        sender = self.senders[delivery.channel]
        try:
            result = await sender.send(delivery)
        except Exception as exc:
            log.exception("outbox %s: the %s sender failed", message_id, delivery.channel)
            result = SendResult(Outcome.retry, error=f"{type(exc).__name__}: {exc}")
        async with self._db:
            return await asyncio.to_thread(self._finish, message_id, token, result, now)

    # --- loops -------------------------------------------------------------------------------

    async def run_once(self, *, now: dt.datetime) -> RelayStats:
        """Claim one batch of due messages and deliver them concurrently."""
        async with self._db:
            token, ids = await asyncio.to_thread(self.claim, now=now)
        stats = RelayStats(claimed=len(ids))
        outcomes = await asyncio.gather(*(self._deliver(i, token, now) for i in ids))
        for outcome in outcomes:
            if outcome == OutboxStatus.sent:
                stats.sent += 1
            elif outcome == OutboxStatus.failed:
                stats.failed += 1
            elif outcome == OutboxStatus.suppressed:
                stats.suppressed += 1
            elif outcome == OutboxStatus.pending:
                stats.retried += 1
            elif outcome == "deferred":
                stats.deferred += 1
        return stats

    async def run_forever(self, *, stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
        """Deliver until `stop` is set; a full batch is followed at once by the next one."""
        while not stop.is_set():
            try:
                stats = await self.run_once(now=self.clock.now())
            except Exception:
                log.exception("the notification relay failed; retrying")
                stats = RelayStats()
            if stats.claimed < self.batch_size:
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=poll_seconds)

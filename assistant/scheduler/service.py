"""Persistent jobs: briefings and digests at each household's local hour, and reminders.

Recurring jobs store their wall-clock time and zone, so the next run is computed in the
household's zone (07:00 stays 07:00 across DST). Runners claim due jobs with a lease:
PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite a conditional UPDATE, so two runners never run
the same job; a crashed runner's lease expires and the job is claimed again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.errors import NotFound, Unprocessable
from assistant.notify.policy import zone
from assistant.scheduler.models import Job, JobKind, JobStatus

DIGEST_TIME = dt.time(18, 30)
DIGEST_WEEKDAY = 4  # Friday evening: the weekend is being planned
# Saturday morning: the week's pre-filled list is ready before the big shop.
PROPOSAL_TIME = dt.time(8, 30)
PROPOSAL_WEEKDAY = 5
# A run later than this is skipped (then rescheduled): no 7:00 briefing sent at noon.
MAX_LATENESS = {
    JobKind.briefing: dt.timedelta(hours=1),
    JobKind.digest: dt.timedelta(hours=3),
    JobKind.reminder: dt.timedelta(hours=12),
    JobKind.proposal: dt.timedelta(hours=6),
    # Late housekeeping is still housekeeping: it always runs.
    JobKind.housekeeping: dt.timedelta(days=3650),
    # A late selection still loads the rest of the week's coupons.
    JobKind.weekly_offers: dt.timedelta(days=6),
}
# Friday night: the week's coupons are on every card before the Saturday list and shop.
WEEKLY_OFFERS_KEY = "weekly_offers"
WEEKLY_OFFERS_TIME = dt.time(22, 0)
WEEKLY_OFFERS_WEEKDAY = 4
HOUSEKEEPING_KEY = "housekeeping"
HOUSEKEEPING_EVERY = dt.timedelta(minutes=15)
Handler = Callable[[Session, Job, dt.datetime], str]


def next_local_run(
    local_time: dt.time, timezone: str, after: dt.datetime, weekday: int | None = None
) -> dt.datetime:
    """The first instant strictly after `after` when the clock in `timezone` shows
    `local_time` (on `weekday` if given), in UTC. A time skipped by a spring-forward
    change runs at the same offset as the evening before (02:30 -> 03:30)."""
    local_zone = zone(timezone)
    day = after.astimezone(local_zone).date()
    for _ in range(9):
        if weekday is None or day.weekday() == weekday:
            # Through UTC and back: normalises wall times that do not exist that day.
            candidate = dt.datetime.combine(day, local_time, tzinfo=local_zone).astimezone(dt.UTC)
            if candidate > after:
                return candidate
        day += dt.timedelta(days=1)
    raise AssertionError("unreachable: a week always has the weekday")


def _upsert(
    session: Session, *, key: str, kind: str, household: Household, local_time: dt.time,
    weekday: int | None, now: dt.datetime,
) -> Job:  # fmt: skip
    job = session.exec(select(Job).where(Job.key == key)).first()
    payload = {} if weekday is None else {"weekday": weekday}
    run_at = next_local_run(local_time, household.timezone, now, weekday)
    if job is None:
        job = Job(key=key, kind=kind, household_id=household.id, run_at=run_at)
    elif (
        job.status == JobStatus.scheduled
        and job.local_time == local_time
        and job.timezone == household.timezone
    ):
        return job  # unchanged: keep its pending run
    job.local_time, job.timezone, job.payload = local_time, household.timezone, payload
    job.run_at, job.status, job.updated_at = run_at, JobStatus.scheduled, now
    session.add(job)
    return job


def sync_household_jobs(*, session: Session, household_id: int, now: dt.datetime) -> list[Job]:
    """Create, move or cancel the household's briefing and digest jobs after a change of
    briefing_time or timezone. Flushes."""
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    jobs = [
        _upsert(session, key=f"digest:{household_id}", kind=JobKind.digest, household=household,
                local_time=DIGEST_TIME, weekday=DIGEST_WEEKDAY, now=now),
        _upsert(session, key=f"proposal:{household_id}", kind=JobKind.proposal,
                household=household, local_time=PROPOSAL_TIME, weekday=PROPOSAL_WEEKDAY, now=now),
    ]  # fmt: skip
    briefing_key = f"briefing:{household_id}"
    if household.briefing_time is not None:
        jobs.append(
            _upsert(session, key=briefing_key, kind=JobKind.briefing, household=household,
                    local_time=household.briefing_time, weekday=None, now=now)
        )  # fmt: skip
    else:
        existing = session.exec(select(Job).where(Job.key == briefing_key)).first()
        if existing is not None:
            existing.status, existing.updated_at = JobStatus.cancelled, now
            session.add(existing)
    session.flush()
    return jobs


def schedule_reminder(
    *, session: Session, household_id: int, run_at: dt.datetime, title: str, body: str,
    explanation: str,
) -> Job:  # fmt: skip
    """A one-off reminder, sent (push, purpose service) at `run_at`. Flushes."""
    if run_at.tzinfo is None:
        raise Unprocessable("run_at must carry a time zone", code="naive_datetime")
    if not explanation.strip():
        raise Unprocessable("a reminder needs its explanation", code="explanation_required")
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    # Unique per call: two reminders at the same instant are two reminders.
    key = f"reminder:{household_id}:{run_at.timestamp():.0f}:{uuid.uuid4().hex}"
    job = Job(
        key=key[:120], kind=JobKind.reminder, household_id=household_id,
        run_at=run_at.astimezone(dt.UTC), timezone=household.timezone,
        payload={"title": title, "body": body, "explanation": explanation},
    )  # fmt: skip
    session.add(job)
    session.flush()
    return job


def ensure_housekeeping(*, session: Session, now: dt.datetime) -> Job:
    """The one recurring job that releases expired seat holds and purges old location
    pings (the retention promise is kept by a job, not by whoever remembers). Flushes."""
    job = session.exec(select(Job).where(Job.key == HOUSEKEEPING_KEY)).first()
    if job is None:
        job = Job(
            key=HOUSEKEEPING_KEY, kind=JobKind.housekeeping, run_at=now,
            payload={"every_minutes": int(HOUSEKEEPING_EVERY.total_seconds() // 60)},
        )  # fmt: skip
    elif job.status != JobStatus.scheduled:
        job.status, job.run_at, job.updated_at = JobStatus.scheduled, now, now
    session.add(job)
    session.flush()
    return job


def ensure_weekly_offers(*, session: Session, now: dt.datetime, timezone: str) -> Job:
    """The one recurring job that loads each household's weekly selection of offers onto its
    card, Friday 22:00 in `timezone` (the chain's zone). Flushes."""
    job = session.exec(select(Job).where(Job.key == WEEKLY_OFFERS_KEY)).first()
    if job is None:
        job = Job(key=WEEKLY_OFFERS_KEY, kind=JobKind.weekly_offers, run_at=now)
    elif (
        job.status == JobStatus.scheduled
        and job.local_time == WEEKLY_OFFERS_TIME
        and job.timezone == timezone
    ):
        return job
    job.local_time, job.timezone = WEEKLY_OFFERS_TIME, timezone
    job.payload = {"weekday": WEEKLY_OFFERS_WEEKDAY}
    job.run_at = next_local_run(WEEKLY_OFFERS_TIME, timezone, now, WEEKLY_OFFERS_WEEKDAY)
    job.status, job.updated_at = JobStatus.scheduled, now
    session.add(job)
    session.flush()
    return job


def claim_due(
    *, session: Session, now: dt.datetime, owner: str, lease: dt.timedelta, limit: int = 100
) -> list[Job]:
    """Lease up to `limit` due jobs to `owner`. Flushes; commit to publish the lease."""
    free = sa.or_(col(Job.lease_until).is_(None), col(Job.lease_until) < now)
    due = (
        select(Job.id)
        .where(Job.status == JobStatus.scheduled, col(Job.run_at) <= now, free)
        .order_by(col(Job.run_at), col(Job.id))
        .limit(limit)
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        ids = list(session.exec(due.with_for_update(skip_locked=True)).all())
        if ids:
            session.execute(
                sa.update(Job).where(col(Job.id).in_(ids))
                .values(lease_owner=owner, lease_until=now + lease)
            )  # fmt: skip
    else:
        ids = []
        for job_id in session.exec(due).all():
            # Conditional UPDATE: only one runner sees rowcount 1 for a free job.
            result = session.execute(
                sa.update(Job).where(col(Job.id) == job_id, free)
                .values(lease_owner=owner, lease_until=now + lease)
            )  # fmt: skip
            if result.rowcount == 1:  # type: ignore[attr-defined]
                ids.append(job_id)
    session.flush()
    if not ids:
        return []
    session.expire_all()
    return list(session.exec(select(Job).where(col(Job.id).in_(ids)).order_by(col(Job.run_at))))


def run_job(*, session: Session, job: Job, now: dt.datetime, handlers: dict[str, Handler]) -> str:
    """Run (or skip when too late) a claimed job, then reschedule or close it. Flushes."""
    late = now - job.run_at
    if late > MAX_LATENESS.get(JobKind(job.kind), dt.timedelta(hours=1)):
        outcome = f"skipped: {int(late.total_seconds() // 60)} min late"
    else:
        outcome = handlers[job.kind](session, job, now)
    job.attempts += 1
    job.last_run_at, job.last_outcome, job.updated_at = now, outcome[:200], now
    job.lease_owner, job.lease_until = None, None
    if job.local_time is not None:
        weekday = job.payload.get("weekday")
        job.run_at = next_local_run(job.local_time, job.timezone, now, weekday)
    elif job.payload.get("every_minutes"):
        job.run_at = now + dt.timedelta(minutes=int(job.payload["every_minutes"]))
    else:
        job.status = JobStatus.done
    session.add(job)
    session.flush()
    return outcome

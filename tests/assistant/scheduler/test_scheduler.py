"""Persistent jobs: local-time runs across DST, leases, late skips, restart survival."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.outings.models import Booking, Event
from assistant.scheduler.models import Job, JobStatus
from assistant.scheduler.runner import handlers
from assistant.scheduler.service import (
    claim_due,
    ensure_housekeeping,
    next_local_run,
    run_job,
    schedule_reminder,
    sync_household_jobs,
)
from geofences.models import LocationPing
from tests.clock import TODAY, local, on_weekday
from tests.factories import make_household

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
LEASE = dt.timedelta(minutes=5)


@pytest.mark.parametrize(
    ("zone", "after", "expected_utc"),
    [
        # Paris: 7:00 is 06:00 UTC in winter, 05:00 UTC after the last Sunday of March.
        ("Europe/Paris", dt.datetime(2026, 3, 28, 7, 0, tzinfo=dt.UTC),
         dt.datetime(2026, 3, 29, 5, 0, tzinfo=dt.UTC)),
        ("Europe/Paris", dt.datetime(2026, 3, 27, 7, 0, tzinfo=dt.UTC),
         dt.datetime(2026, 3, 28, 6, 0, tzinfo=dt.UTC)),
        ("Europe/Paris", dt.datetime(2026, 10, 24, 6, 0, tzinfo=dt.UTC),
         dt.datetime(2026, 10, 25, 6, 0, tzinfo=dt.UTC)),
        # New York springs forward on the second Sunday of March.
        ("America/New_York", dt.datetime(2026, 3, 7, 13, 0, tzinfo=dt.UTC),
         dt.datetime(2026, 3, 8, 11, 0, tzinfo=dt.UTC)),
        ("America/New_York", dt.datetime(2026, 3, 6, 13, 0, tzinfo=dt.UTC),
         dt.datetime(2026, 3, 7, 12, 0, tzinfo=dt.UTC)),
    ],
)  # fmt: skip
def test_seven_o_clock_stays_seven_o_clock_across_dst(
    zone: str, after: dt.datetime, expected_utc: dt.datetime
) -> None:
    run = next_local_run(dt.time(7, 0), zone, after)
    assert run == expected_utc
    assert run.astimezone(ZoneInfo(zone)).time() == dt.time(7, 0)


def test_a_time_skipped_by_spring_forward_still_runs_that_day() -> None:
    run = next_local_run(
        dt.time(2, 30), "Europe/Paris", dt.datetime(2026, 3, 28, 12, tzinfo=dt.UTC)
    )
    assert run.astimezone(PARIS).date() == dt.date(2026, 3, 29)


def _household(session: Session, **fields: object) -> Household:
    return make_household(session, briefing_time=dt.time(7, 0), **fields)


def test_sync_creates_moves_and_cancels_the_briefing(session: Session) -> None:
    household = _household(session, timezone="America/New_York")
    assert household.id is not None
    now = dt.datetime(2026, 3, 7, 13, 0, tzinfo=dt.UTC)
    jobs = sync_household_jobs(session=session, household_id=household.id, now=now)
    briefing = next(j for j in jobs if j.kind == "briefing")
    assert briefing.run_at.astimezone(NEW_YORK) == dt.datetime(2026, 3, 8, 7, 0, tzinfo=NEW_YORK)
    household.briefing_time, household.timezone = dt.time(6, 30), "Europe/Paris"
    session.add(household)
    sync_household_jobs(session=session, household_id=household.id, now=now)
    assert briefing.run_at.astimezone(PARIS) == dt.datetime(2026, 3, 8, 6, 30, tzinfo=PARIS)
    household.briefing_time = None
    sync_household_jobs(session=session, household_id=household.id, now=now)
    assert briefing.status == JobStatus.cancelled
    digest = session.exec(select(Job).where(Job.key == f"digest:{household.id}")).one()
    assert digest.run_at.astimezone(NEW_YORK).weekday() == 4


# A Tuesday, the first from the suite's day: the jobs below run on the suite's calendar.
DAY = on_weekday(TODAY, 1)


def test_jobs_survive_a_restart(engine: Engine) -> None:
    now = local(DAY, "06:00")
    with Session(engine) as first:
        household = _household(first)
        assert household.id is not None
        hid = household.id
        reminder = schedule_reminder(session=first, household_id=hid, run_at=now,
                                     title="Retrait", body="Votre commande vous attend",
                                     explanation="Vous avez demandé un rappel")  # fmt: skip
        sync_household_jobs(session=first, household_id=hid, now=now)
        first.commit()
        reminder_id = reminder.id
    try:
        engine.dispose()  # the process "restarts": no pooled connection, no identity map
        with Session(engine) as second:
            keys = set(second.exec(select(Job.key).where(Job.household_id == hid)).all())
            assert {f"briefing:{hid}", f"digest:{hid}"} <= keys
            again = second.get(Job, reminder_id)
            assert again is not None and again.payload["title"] == "Retrait"
    finally:
        with Session(engine) as cleanup:
            cleanup.execute(sa.delete(Job).where(col(Job.household_id) == hid))
            cleanup.execute(sa.delete(Household).where(col(Household.id) == hid))
            cleanup.commit()


def test_a_leased_job_is_not_claimed_twice(session: Session) -> None:
    household = _household(session)
    assert household.id is not None
    now = local(DAY, "07:00")
    job = schedule_reminder(session=session, household_id=household.id, run_at=now,
                            title="t", body="b", explanation="e")  # fmt: skip
    first = claim_due(session=session, now=now, owner="a", lease=LEASE)
    second = claim_due(session=session, now=now, owner="b", lease=LEASE)
    assert job.id in [j.id for j in first] and job.id not in [j.id for j in second]
    # The first runner crashed: after its lease, another runner takes the job.
    later = claim_due(session=session, now=now + LEASE + dt.timedelta(seconds=1), owner="b",
                      lease=LEASE)  # fmt: skip
    assert job.id in [j.id for j in later]


@pytest.mark.parametrize(("late_minutes", "ran"), [(10, True), (59, True), (61, False)])
def test_a_late_briefing_is_skipped_and_rescheduled(
    session: Session, late_minutes: int, ran: bool
) -> None:
    household = _household(session)
    assert household.id is not None
    created = local(DAY - dt.timedelta(days=1), "13:00")
    jobs = sync_household_jobs(session=session, household_id=household.id, now=created)
    (briefing,) = [job for job in jobs if job.kind == "briefing"]
    now = briefing.run_at + dt.timedelta(minutes=late_minutes)
    calls: list[int] = []

    def handler(_session: Session, job: Job, _now: dt.datetime) -> str:
        calls.append(job.id or 0)
        return "sent"

    [claimed] = [j for j in claim_due(session=session, now=now, owner="a", lease=LEASE)
                 if j.id == briefing.id]  # fmt: skip
    outcome = run_job(session=session, job=claimed, now=now, handlers={"briefing": handler})
    assert bool(calls) is ran
    assert outcome.startswith("skipped") is not ran
    assert claimed.run_at == local(DAY + dt.timedelta(days=1), "07:00")
    assert claimed.lease_owner is None and claimed.status == JobStatus.scheduled


def test_housekeeping_releases_expired_holds_purges_old_pings_and_comes_back(
    session: Session,
) -> None:
    household = _household(session)
    assert household.id is not None
    now = local(DAY, "07:00")
    event = Event(kind="circus", title="Cirque d'hiver", starts_at=now + dt.timedelta(days=3),
                  capacity=10, seats_taken=3)  # fmt: skip
    session.add(event)
    session.flush()
    assert event.id is not None
    stale = Booking(event_id=event.id, household_id=household.id, seats=3, status="held",
                    hold_expires_at=now - dt.timedelta(minutes=1))  # fmt: skip
    old = LocationPing(household_id=household.id, recorded_at=now - dt.timedelta(hours=25),
                       lat=48.84, lon=2.32, accuracy_m=10)  # fmt: skip
    fresh = LocationPing(household_id=household.id, recorded_at=now - dt.timedelta(hours=1),
                         lat=48.84, lon=2.32, accuracy_m=10)  # fmt: skip
    session.add_all([stale, old, fresh])
    job = ensure_housekeeping(session=session, now=now)
    assert ensure_housekeeping(session=session, now=now).id == job.id  # one job, ever

    (claimed,) = [j for j in claim_due(session=session, now=now, owner="a", lease=LEASE)
                  if j.kind == "housekeeping"]  # fmt: skip
    outcome = run_job(session=session, job=claimed, now=now, handlers=handlers(None, None))

    assert outcome.startswith("holds expired: 1; pings purged: ")
    session.refresh(event)
    session.refresh(stale)
    assert (event.seats_taken, stale.status) == (0, "expired")
    left = session.exec(select(LocationPing.id).where(LocationPing.household_id == household.id))
    assert list(left) == [fresh.id]
    assert claimed.status == JobStatus.scheduled
    assert claimed.run_at.replace(tzinfo=dt.UTC) == now + dt.timedelta(minutes=15)

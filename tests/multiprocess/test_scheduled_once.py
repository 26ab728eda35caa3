"""Two scheduler runners (threads with engines of their own, released together) on the same
due briefings: each job runs once, each household gets one briefing."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.customers.models import Consent
from assistant.notify.models import OutboxMessage
from assistant.scheduler.models import Job, JobKind
from assistant.scheduler.runner import run_due
from assistant.scheduler.service import sync_household_jobs
from tests import clock
from tests.clock import local, on_weekday
from tests.factories import make_household

HOUSEHOLDS = 12
# Tuesday 06:00 in Paris: the jobs are synced before the 07:00 briefings.
BEFORE = local(on_weekday(clock.TODAY, 1), "06:00")
AT_SEVEN = BEFORE + dt.timedelta(hours=1, seconds=30)


def seed(engine: Engine) -> list[int]:
    ids = []
    with Session(engine) as session:
        for _ in range(HOUSEHOLDS):
            household = make_household(session, briefing_time=dt.time(7, 0))
            assert household.id is not None
            session.add(Consent(household_id=household.id, channel="radio", purpose="service",
                                granted=True, granted_at=BEFORE))  # fmt: skip
            sync_household_jobs(session=session, household_id=household.id, now=BEFORE)
            ids.append(household.id)
        session.commit()
    return ids


def test_two_runners_run_each_briefing_once(engines: list[Engine]) -> None:
    households = seed(engines[0])
    barrier = threading.Barrier(len(engines), timeout=60)

    def runner(index: int) -> list[tuple[int, str]]:
        barrier.wait()
        return run_due(engine=engines[index], now=AT_SEVEN, weather=None, traffic=None,
                       owner=f"runner-{index}", limit=HOUSEHOLDS)  # fmt: skip

    with ThreadPoolExecutor(len(engines)) as pool:
        futures = [pool.submit(runner, i) for i in range(len(engines))]
        done = [future.result(timeout=120) for future in futures]
    runs = Counter(job_id for results in done for job_id, _ in results)

    with Session(engines[1]) as session:
        jobs = session.exec(select(Job).where(Job.kind == JobKind.briefing)).all()
        briefings = Counter(session.exec(
            select(OutboxMessage.household_id).where(OutboxMessage.kind == "briefing")
        ).all())  # fmt: skip
        due_again = session.exec(select(Job.id).where(
            Job.kind == JobKind.briefing, col(Job.run_at) <= AT_SEVEN)).all()  # fmt: skip
    assert set(runs) == {job.id for job in jobs} and set(runs.values()) == {1}
    assert all(job.attempts == 1 and job.lease_owner is None for job in jobs)
    assert briefings == Counter({household_id: 1 for household_id in households})
    assert due_again == []  # rescheduled to tomorrow

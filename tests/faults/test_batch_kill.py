"""The scheduler killed with SIGKILL in the middle of a batch of briefings, then run again:
every household gets its briefing exactly once (each job commits on its own, the outbox's
dedup keys absorb a job run twice), on SQLite and PostgreSQL.

The runs are real `assistant scheduler run --once` processes on a simulated clock
(CLOCK_FILE): the second run happens past the dead runner's leases.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from assistant.clock import write_clock
from assistant.config import PROJECT_ROOT
from assistant.customers.models import Consent, Household
from assistant.db import make_engine, migrate
from assistant.notify.models import OutboxMessage
from assistant.scheduler.models import Job
from assistant.scheduler.runner import LEASE
from tests import clock
from tests.clock import local, on_weekday
from tests.live import BACKENDS, scratch_database

pytestmark = pytest.mark.slow
HOUSEHOLDS = 100  # one `run --once` batch (its claim limit)
T0 = local(on_weekday(clock.TODAY, 2), "07:00")  # a Wednesday, 07:00 in Paris
RUN_TIMEOUT = 300


@pytest.fixture(params=BACKENDS)
def batch_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with scratch_database(request.param, tmp_path, "batch") as url:
        migrate(url)
        yield url


@pytest.fixture
def batch_engine(batch_url: str) -> Iterator[Engine]:
    engine = make_engine(batch_url)
    yield engine
    engine.dispose()


def seed(engine: Engine) -> list[int]:
    """Households briefed at 07:00 on the radio, their briefing jobs due at T0."""
    with Session(engine) as session:
        households = [
            Household(
                name=f"Foyer {n}",
                slug=f"batch-{n}-{uuid.uuid4().hex[:6]}",
                briefing_time=dt.time(7, 0),
                timezone="Europe/Paris",
            )
            for n in range(HOUSEHOLDS)
        ]
        session.add_all(households)
        session.flush()
        ids = [h.id for h in households if h.id is not None]
        for household_id in ids:
            session.add(Consent(household_id=household_id, channel="radio", purpose="service",
                                granted=True))  # fmt: skip
            session.add(Job(key=f"briefing:{household_id}", kind="briefing",
                            household_id=household_id, run_at=T0, local_time=dt.time(7, 0),
                            timezone="Europe/Paris"))  # fmt: skip
        session.commit()
    return ids


def briefings(engine: Engine) -> list[int]:
    """The household of every briefing in the outbox."""
    with Session(engine) as session:
        return [
            h
            for h in session.exec(
                select(OutboxMessage.household_id).where(OutboxMessage.kind == "briefing")
            )
            if h is not None
        ]


def scheduler(url: str, clock: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": url, "ASSISTANT_ENV": "test", "CLOCK_FILE": str(clock),
           # Refused at once on loopback: the briefings go out in their no-weather form.
           "WEATHER_URL": "http://127.0.0.1:9", "TRAFFIC_FEED_URL": ""}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "scheduler", "run", "--once"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_a_killed_scheduler_resumes_without_duplicates(
    batch_url: str, batch_engine: Engine, tmp_path: Path
) -> None:
    ids = seed(batch_engine)
    clock = tmp_path / "clock"
    write_clock(clock, T0 + dt.timedelta(minutes=1))
    first = scheduler(batch_url, clock)
    try:
        # Killed as soon as some briefings are committed, while the batch is still running.
        deadline = time.monotonic() + RUN_TIMEOUT
        while not briefings(batch_engine) and first.poll() is None:
            assert time.monotonic() < deadline, "the scheduler wrote nothing"
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
    finally:
        _out, err = first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL, err
    partial = briefings(batch_engine)
    assert 0 < len(partial) < HOUSEHOLDS  # killed midway
    assert len(partial) == len(set(partial))

    # Past the dead runner's leases (5 min), within the briefing's allowed lateness (1 h).
    write_clock(clock, T0 + dt.timedelta(minutes=1) + LEASE + dt.timedelta(minutes=1))
    second = scheduler(batch_url, clock)
    out, err = second.communicate(timeout=RUN_TIMEOUT)
    assert second.returncode == 0, err
    done = briefings(batch_engine)
    assert sorted(done) == sorted(ids), out  # everyone once: none lost, none twice
    with Session(batch_engine) as session:
        leased = session.exec(
            select(func.count()).select_from(Job).where(col(Job.lease_owner).is_not(None))
        ).one()
        assert leased == 0  # no job left stuck under the dead runner's lease

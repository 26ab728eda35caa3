"""Killing the process between commit and delivery loses no notification.

A child Python process writes the message (and the business change) and dies with
`os._exit(17)`: before committing, after committing, or after claiming it, mid-delivery.
Then a fresh relay delivers every committed message exactly once. Runs on a SQLite file and
on a PostgreSQL database of its own, since the child needs committed data.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assistant.config import PROJECT_ROOT, Settings
from assistant.customers.models import Consent, Household
from assistant.db import make_engine, migrate
from assistant.notify.models import OutboxMessage
from assistant.notify.relay import Relay, unit_of_work
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import FakeSender
from tests.clock import NOW
from tests.live import BACKENDS, scratch_database

pytestmark = pytest.mark.anyio
LEASE_SECONDS = 60

CHILD = textwrap.dedent(
    """
    import os, sys
    from sqlmodel import Session
    from assistant.config import Settings
    from assistant.customers.models import Preference
    from assistant.db import make_engine
    from assistant.notify.relay import Relay, unit_of_work
    from assistant.notify.service import enqueue

    import datetime as dt
    url, household_id, mode, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    now = dt.datetime.fromisoformat(sys.argv[6])
    settings = Settings(assistant_env="test", database_url=url)
    engine = make_engine(url)

    class DyingSender:
        channel = "push"
        async def send(self, delivery):
            print("delivering", delivery.message_id, flush=True)
            os._exit(17)

    with Session(engine) as session:
        # The business change and its notification, in one transaction.
        session.add(Preference(household_id=household_id, kind="wish", value=key))
        message = enqueue(
            session=session, household_id=household_id, channel="push", purpose="service",
            kind="order_ready", title="Commande prête", body="Votre commande vous attend.",
            explanation="Vous avez commandé en click & collect.", dedup_key=key,
            transactional=True, settings=settings, now=now,
        )
        print("enqueued", message.id, flush=True)
        if mode == "before_commit":
            os._exit(17)
        session.commit()
    if mode == "after_commit":
        os._exit(17)
    import asyncio
    relay = Relay(sessions=unit_of_work(engine), settings=settings, senders=[DyingSender()],
                  lease_seconds=float(sys.argv[5]))
    asyncio.run(relay.run_once(now=now))
    os._exit(0)  # not reached: the sender kills the process
    """
)


@pytest.fixture(scope="module", params=BACKENDS)
def crash_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with scratch_database(request.param, tmp_path_factory.mktemp("crash"), "crash") as url:
        migrate(url)
        yield url


@pytest.fixture
def crash_engine(crash_url: str) -> Iterator[Engine]:
    engine = make_engine(crash_url)
    yield engine
    engine.dispose()


def seed(engine: Engine) -> int:
    with Session(engine, expire_on_commit=False) as session:
        household = Household(name="Famille Zerty", slug=f"zerty-{uuid.uuid4().hex[:8]}")
        session.add(household)
        session.flush()
        assert household.id is not None
        session.add(
            Consent(household_id=household.id, channel="push", purpose="service", granted=True)
        )
        session.commit()
        return household.id


def run_child(url: str, household_id: int, mode: str, key: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            url,
            str(household_id),
            mode,
            key,
            str(LEASE_SECONDS),
            NOW.isoformat(),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 17, done.stderr
    return done.stdout


def messages(engine: Engine, key: str) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.dedup_key == key)))


@pytest.mark.parametrize("mode", ["after_commit", "mid_delivery"])
async def test_a_committed_message_survives_the_crash(
    crash_engine: Engine, crash_url: str, mode: str
) -> None:
    household_id = seed(crash_engine)
    key = f"order-ready-{uuid.uuid4().hex}"
    output = run_child(crash_url, household_id, mode, key)
    found = messages(crash_engine, key)
    assert len(found) == 1, output
    (message,) = found
    assert f"enqueued {message.id}" in output
    if mode == "mid_delivery":
        assert f"delivering {message.id}" in output
        assert (message.status, message.attempts) == ("sending", 1)
    settings = Settings(assistant_env="test", database_url=crash_url)
    fake = FakeSender("push")
    relay = Relay(sessions=unit_of_work(crash_engine), settings=settings, senders=[fake])
    # Past the dead relay's lease; other tests' rows in this database are delivered too.
    later = NOW + dt.timedelta(seconds=LEASE_SECONDS + 1)
    await relay.run_once(now=later)
    await relay.run_once(now=later + dt.timedelta(hours=1))
    assert fake.ids.count(message.id) == 1
    assert fake.deliveries[fake.ids.index(message.id)].idempotency_key == f"outbox-{message.id}"
    (delivered,) = messages(crash_engine, key)
    assert delivered.status == "sent"


async def test_a_crash_before_commit_writes_neither_change_nor_message(
    crash_engine: Engine, crash_url: str
) -> None:
    from assistant.customers.models import Preference

    household_id = seed(crash_engine)
    key = f"order-ready-{uuid.uuid4().hex}"
    output = run_child(crash_url, household_id, "before_commit", key)
    assert "enqueued" in output
    assert messages(crash_engine, key) == []
    with Session(crash_engine) as session:
        assert session.exec(select(Preference).where(Preference.value == key)).all() == []


async def test_concurrent_relays_claim_disjoint_batches(
    crash_engine: Engine, crash_url: str
) -> None:
    household_id = seed(crash_engine)
    settings = Settings(assistant_env="test", database_url=crash_url)
    with Session(crash_engine, expire_on_commit=False) as session:
        ids = set()
        for n in range(12):
            message = enqueue(
                session=session,
                household_id=household_id,
                channel="push",
                purpose="service",
                kind="order_ready",
                title=f"Commande {n}",
                body="Prête.",
                explanation="Vous avez commandé en click & collect.",
                transactional=True,
                settings=settings,
                now=NOW,
            )
            assert message is not None and message.id is not None
            ids.add(message.id)
        session.commit()
    relays = [
        Relay(sessions=unit_of_work(crash_engine), settings=settings, senders=[FakeSender("push")])
        for _ in range(3)
    ]
    barrier = threading.Barrier(len(relays))
    now = NOW + dt.timedelta(seconds=1)

    def claim(relay: Relay) -> list[int]:
        barrier.wait(timeout=30)
        return relay.claim(now=now, limit=5)[1]

    with ThreadPoolExecutor(len(relays)) as pool:
        batches = [set(batch) & ids for batch in pool.map(claim, relays)]
    assert sorted(len(batch) for batch in batches) == [2, 5, 5]
    assert set().union(*batches) == ids
    # Those leases run out unanswered: one relay then delivers each message once.
    fake = FakeSender("push")
    relay = Relay(sessions=unit_of_work(crash_engine), settings=settings, senders=[fake])
    later = now + dt.timedelta(seconds=121)
    while (await relay.run_once(now=later)).claimed:
        pass
    assert sorted(i for i in fake.ids if i in ids) == sorted(ids)

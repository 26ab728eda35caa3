"""The notification relay while PostgreSQL is away: it fails its steps without dying, resumes
by itself when the database is back, and delivers each pending message exactly once."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.customers.models import Consent, Household
from assistant.db import make_engine
from assistant.notify.models import OutboxMessage
from assistant.notify.relay import Relay, unit_of_work
from assistant.notify.service import enqueue
from tests.assistant.notify.conftest import FakeSender
from tests.clock import NOW
from tests.faults.conftest import proxied
from tests.faults.proxy import FaultProxy, fault_proxy

pytestmark = pytest.mark.slow
MESSAGES = 30
DEADLINE = 60.0  # seconds for the resumed relay to drain the outbox (a hang, not a speed test)


@pytest.fixture
def proxy(postgres_url: str) -> Iterator[FaultProxy]:
    upstream = sa.engine.make_url(postgres_url)
    with fault_proxy(upstream.host or "127.0.0.1", upstream.port or 5432) as proxy:
        yield proxy


@pytest.fixture
def direct(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


def enqueue_messages(engine: Engine, settings: Settings) -> set[int]:
    with Session(engine, expire_on_commit=False) as session:
        household = Household(name="Famille Zerty", slug=f"zerty-{uuid.uuid4().hex[:8]}")
        session.add(household)
        session.flush()
        assert household.id is not None
        session.add(
            Consent(household_id=household.id, channel="push", purpose="service", granted=True)
        )
        ids = set()
        for n in range(MESSAGES):
            message = enqueue(
                session=session, household_id=household.id, channel="push", purpose="service",
                kind="order_ready", title=f"Commande {n}", body="Prête.",
                explanation="Vous avez commandé en click & collect.", transactional=True,
                settings=settings,
                now=NOW,
            )  # fmt: skip
            assert message is not None and message.id is not None
            ids.add(message.id)
        session.commit()
    return ids


def statuses(engine: Engine, ids: set[int]) -> list[str]:
    with Session(engine) as session:
        return list(
            session.exec(select(OutboxMessage.status).where(col(OutboxMessage.id).in_(ids)))
        )


def test_the_relay_resumes_after_an_outage_and_delivers_each_message_once(
    postgres_url: str, proxy: FaultProxy, direct: Engine
) -> None:
    settings = Settings(assistant_env="test", database_url=postgres_url)
    ids = enqueue_messages(direct, settings)
    engine = make_engine(proxied(postgres_url, proxy))
    sender = FakeSender("push")
    # Small batches: the outage comes back between two of them.
    relay = Relay(sessions=unit_of_work(engine), settings=settings, senders=[sender],
                  clock=StartedClock(NOW), batch_size=5)  # fmt: skip
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(
        target=loop.run_until_complete,
        args=(relay.run_forever(stop=stop, poll_seconds=0.1),),
        daemon=True,
    )
    try:
        proxy.cut()
        with pytest.raises(sa.exc.OperationalError):
            asyncio.run(relay.run_once(now=NOW))
        thread.start()
        time.sleep(0.5)  # a few failed polls while the database is away
        assert thread.is_alive() and sender.ids == []
        proxy.restore()
        deadline = time.monotonic() + DEADLINE
        while set(statuses(direct, ids)) != {"sent"} and time.monotonic() < deadline:
            time.sleep(0.1)
        assert set(statuses(direct, ids)) == {"sent"}
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)
        engine.dispose()
    delivered = [i for i in sender.ids if i in ids]
    assert sorted(delivered) == sorted(ids)  # every one, none twice

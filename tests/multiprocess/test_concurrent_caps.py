"""The daily cap and deduplication hold when several processes enqueue at the same moment
(threads with engines of their own, released together by a barrier)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from assistant.config import Settings
from assistant.customers.models import Consent
from assistant.notify.models import OutboxMessage
from assistant.notify.service import enqueue
from tests import clock
from tests.clock import local, on_weekday
from tests.factories import make_household

WRITERS = 8
# A Tuesday, 10:00 in Paris: outside quiet hours.
NOON = local(on_weekday(clock.TODAY, 1), "10:00")
SETTINGS = Settings(assistant_env="test", secret_key=SecretStr("x" * 40), notify_daily_cap=3)


def household_with_consent(engine: Engine) -> int:
    with Session(engine) as session:
        household = make_household(session)
        assert household.id is not None
        for purpose in ("marketing", "service"):
            session.add(Consent(household_id=household.id, channel="push", purpose=purpose,
                                granted=True, granted_at=NOON))  # fmt: skip
        session.commit()
        return household.id


def concurrently(engines: list[Engine], write: Callable[[Session, int], object]) -> None:
    """WRITERS transactions, alternating between the engines, each committing its write."""
    barrier = threading.Barrier(WRITERS, timeout=60)

    def one(index: int) -> None:
        with Session(engines[index % len(engines)]) as session:
            barrier.wait()
            write(session, index)
            session.commit()

    with ThreadPoolExecutor(WRITERS) as pool:
        for future in [pool.submit(one, i) for i in range(WRITERS)]:
            future.result()


def rows(engine: Engine, household_id: int) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(
            select(OutboxMessage).where(OutboxMessage.household_id == household_id)
        ).all())  # fmt: skip


def test_concurrent_proactive_messages_never_exceed_the_daily_cap(engines: list[Engine]) -> None:
    household_id = household_with_consent(engines[0])

    def write(session: Session, index: int) -> object:
        return enqueue(
            session=session, household_id=household_id, channel="push", purpose="marketing",
            kind="offer", title=f"offer {index}", body="b", explanation="why",
            dedup_key=f"offer:{household_id}:{index}", now=NOON, settings=SETTINGS,
        )  # fmt: skip

    concurrently(engines, write)
    assert len(rows(engines[1], household_id)) == SETTINGS.notify_daily_cap


def test_concurrent_writers_of_one_dedup_key_write_it_once(engines: list[Engine]) -> None:
    household_id = household_with_consent(engines[0])

    def write(session: Session, index: int) -> object:
        return enqueue(
            session=session, household_id=household_id, channel="push", purpose="service",
            kind="order_ready", title="ready", body="b", explanation="your order",
            dedup_key=f"order:{household_id}:ready", now=NOON, transactional=True,
            settings=SETTINGS,
        )  # fmt: skip

    concurrently(engines, write)
    written = rows(engines[1], household_id)
    assert [m.dedup_key for m in written] == [f"order:{household_id}:ready"]
    with Session(engines[0]) as session:
        total = session.exec(select(func.count()).select_from(OutboxMessage).where(
            col(OutboxMessage.dedup_key) == f"order:{household_id}:ready")).one()  # fmt: skip
    assert total == 1

"""Concurrent redemptions, each in its own session on the app's engine, committed for real:
the balance never goes below zero, the stock never below zero, a key never debits twice."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.db import make_engine
from assistant.errors import Conflict
from assistant.loyalty.models import LoyaltyEntry, Reward
from assistant.loyalty.service import balance, redeem
from tests.assistant.loyalty.helpers import give_points, make_reward
from tests.clock import NOW
from tests.factories import make_household

CLIENTS = 10


@pytest.fixture
def app_engine(database_url: str, engine: Engine) -> Iterator[Engine]:
    """The app's own engine (not the tests' explicit-BEGIN one) on the migrated database."""
    app_engine = make_engine(database_url)
    yield app_engine
    app_engine.dispose()


def _together(engine: Engine, jobs: list[Callable[[Session], Any]]) -> list[Any]:
    """Run every job at once, each in its own committed session; Conflicts are results."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[Session], Any]) -> Any:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                result = job(session)
            except Conflict as exc:
                session.rollback()
                return exc.code
            session.commit()
            return result

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


@pytest.fixture
def cleanup(app_engine: Engine) -> Iterator[tuple[list[int], list[int]]]:
    households: list[int] = []
    rewards: list[int] = []
    yield households, rewards
    with Session(app_engine) as session:
        session.execute(
            sa.delete(LoyaltyEntry).where(col(LoyaltyEntry.household_id).in_(households))
        )
        session.execute(sa.delete(Household).where(col(Household.id).in_(households)))
        session.execute(sa.delete(Reward).where(col(Reward.id).in_(rewards)))
        session.commit()


def _setup(app_engine: Engine, cleanup: tuple[list[int], list[int]], households: int,
           points: int, **reward: Any) -> tuple[list[int], int]:  # fmt: skip
    with Session(app_engine, expire_on_commit=False) as session:
        made = [make_household(session) for _ in range(households)]
        for household in made:
            give_points(session, household, points)
        prize = make_reward(session, **reward)
        session.commit()
    ids = [h.id or 0 for h in made]
    cleanup[0].extend(ids)
    cleanup[1].append(prize.id or 0)
    return ids, prize.id or 0


def _redeem(household: int, reward: int, key: str, read: str) -> Callable[[Session], Any]:
    """A job redeeming `reward`, returning `read` of the result (balance, entry id, stock)."""

    def job(session: Session) -> Any:
        done = redeem(session=session, household_id=household, reward_id=reward,
                      idempotency_key=key, now=NOW)  # fmt: skip
        return {"balance": done.balance, "entry": done.entry.id, "stock": done.reward.stock}[read]

    return job


def test_concurrent_redemptions_never_take_the_balance_below_zero(
    app_engine: Engine, cleanup: tuple[list[int], list[int]]
) -> None:
    (household,), reward = _setup(app_engine, cleanup, 1, 150, points_cost=50)
    jobs = [_redeem(household, reward, f"k{i}", "balance") for i in range(CLIENTS)]
    results = _together(app_engine, jobs)
    assert sorted(r for r in results if isinstance(r, int)) == [0, 50, 100]
    assert results.count("insufficient_points") == CLIENTS - 3
    with Session(app_engine) as session:
        assert balance(session=session, household_id=household) == 0


def test_the_same_key_sent_concurrently_debits_once(
    app_engine: Engine, cleanup: tuple[list[int], list[int]]
) -> None:
    (household,), reward = _setup(app_engine, cleanup, 1, 500, points_cost=50)
    results = _together(app_engine, [_redeem(household, reward, "same", "entry")] * CLIENTS)
    assert len(set(results)) == 1 and isinstance(results[0], int)
    with Session(app_engine) as session:
        assert balance(session=session, household_id=household) == 450


def test_the_last_rewards_in_stock_are_never_oversold(
    app_engine: Engine, cleanup: tuple[list[int], list[int]]
) -> None:
    households, reward = _setup(app_engine, cleanup, CLIENTS, 100, points_cost=50, stock=3)
    results = _together(app_engine, [_redeem(hid, reward, "k", "stock") for hid in households])
    assert sorted(r for r in results if isinstance(r, int)) == [0, 1, 2]
    assert results.count("reward_out_of_stock") == CLIENTS - 3
    with Session(app_engine) as session:
        stored = session.get(Reward, reward)
        debits = session.exec(select(LoyaltyEntry).where(LoyaltyEntry.reward_id == reward)).all()
        assert stored is not None and stored.stock == 0 and len(debits) == 3

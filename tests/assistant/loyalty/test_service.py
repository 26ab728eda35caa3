from __future__ import annotations

import pytest
from sqlmodel import Session, select

from assistant.demo.points import points_for_receipt
from assistant.errors import Conflict, NotFound
from assistant.history.cursors import InvalidCursor
from assistant.loyalty.models import LoyaltyEntry, Reward
from assistant.loyalty.rules import points_for
from assistant.loyalty.service import balance, earn_for_receipt, history, redeem
from assistant.loyalty.wishes import wished_rewards
from tests.assistant.loyalty.helpers import give_points, make_reward, till_receipt
from tests.clock import NOW
from tests.factories import (
    make_household,
    make_member,
    make_preference,
    make_store,
    unique_card,
    unique_phone,
)


@pytest.mark.parametrize(
    ("total", "kind", "points"),
    [(5000, "fuel", 10), (4999, "fuel", 9), (5000, "store", 5), (999, "store", 0),
     (12345, "drive", 12), (0, "store", 0), (-3000, "fuel", 0)],
)  # fmt: skip
def test_points_rule_and_the_demo_rule_agree(total: int, kind: str, points: int) -> None:
    assert points_for(total_cents=total, kind=kind) == points
    assert points_for_receipt(total, kind) == points


def test_a_fuel_receipt_earns_in_the_same_transaction_and_only_once(session: Session) -> None:
    card = unique_card()
    household = make_household(session, loyalty_card=card)
    station = make_store(session, services=["fuel"]).code
    receipt, created = till_receipt(session, card, 5000, "fuel", receipt_id="fuel-1",
                                    store_code=station)  # fmt: skip
    assert created
    entries = session.exec(
        select(LoyaltyEntry).where(LoyaltyEntry.household_id == household.id)
    ).all()
    assert [(e.points, e.kind, e.receipt_id) for e in entries] == [(10, "earn", receipt.id)]
    assert entries[0].reason.startswith("Carburant du ")
    # The till retries: the receipt is a replay and no second entry appears.
    replay, created = till_receipt(session, card, 5000, "fuel", receipt_id="fuel-1",
                                   store_code=station)  # fmt: skip
    assert (replay.id, created) == (receipt.id, False)
    again = earn_for_receipt(session=session, receipt=receipt, now=NOW)
    assert again is not None and again.id == entries[0].id
    assert balance(session=session, household_id=household.id or 0) == 10


def test_unclaimed_and_zero_point_receipts_earn_nothing(session: Session) -> None:
    unclaimed, _ = till_receipt(session, None, 9000, phone=unique_phone())
    assert unclaimed.household_id is None
    assert earn_for_receipt(session=session, receipt=unclaimed, now=NOW) is None
    card = unique_card()
    household = make_household(session, loyalty_card=card)
    small, _ = till_receipt(session, card, 950)
    assert earn_for_receipt(session=session, receipt=small, now=NOW) is None
    assert balance(session=session, household_id=household.id or 0) == 0


def test_history_pages_newest_first(session: Session) -> None:
    card = unique_card()
    household = make_household(session, loyalty_card=card)
    assert household.id is not None
    for _ in range(5):
        till_receipt(session, card, 2000)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        items, cursor = history(session=session, household_id=household.id, limit=2, cursor=cursor)
        seen.extend(entry.id or 0 for entry in items)
        pages += 1
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 5 == len(set(seen))
    assert seen == sorted(seen, reverse=True)
    with pytest.raises(InvalidCursor):
        history(session=session, household_id=household.id, limit=2, cursor="garbage")


def test_redeem_debits_decrements_stock_and_replays(session: Session) -> None:
    household = make_household(session)
    assert household.id is not None
    give_points(session, household, 120)
    reward = make_reward(session, points_cost=50, stock=3)
    assert reward.id is not None
    done = redeem(session=session, household_id=household.id, reward_id=reward.id,
                  idempotency_key="k1", now=NOW)  # fmt: skip
    assert (done.created, done.balance, done.entry.points, done.reward.stock) == (True, 70, -50, 2)
    again = redeem(session=session, household_id=household.id, reward_id=reward.id,
                   idempotency_key="k1", now=NOW)  # fmt: skip
    assert (again.created, again.entry.id, again.balance) == (False, done.entry.id, 70)
    session.refresh(reward)
    assert reward.stock == 2
    other = make_reward(session, points_cost=10)
    with pytest.raises(Conflict) as reused:
        redeem(session=session, household_id=household.id, reward_id=other.id or 0,
               idempotency_key="k1", now=NOW)  # fmt: skip
    assert reused.value.code == "idempotency_key_reused"


@pytest.mark.parametrize(
    ("points", "stock", "active", "code"),
    [(49, None, True, "insufficient_points"), (100, 0, True, "reward_out_of_stock"),
     (100, None, False, "reward_unavailable")],
)  # fmt: skip
def test_redeem_refusals_leave_no_trace(
    session: Session, points: int, stock: int | None, active: bool, code: str
) -> None:
    household = make_household(session)
    assert household.id is not None
    give_points(session, household, points)
    reward = make_reward(session, points_cost=50, stock=stock, active=active)
    with pytest.raises(Conflict) as refused:
        redeem(session=session, household_id=household.id, reward_id=reward.id or 0,
               idempotency_key="k", now=NOW)  # fmt: skip
    assert refused.value.code == code
    assert balance(session=session, household_id=household.id) == points
    session.refresh(reward)
    assert reward.stock == stock


def test_redeem_an_unknown_reward(session: Session) -> None:
    household = make_household(session)
    with pytest.raises(NotFound):
        redeem(session=session, household_id=household.id or 0, reward_id=10**9,
               idempotency_key="k", now=NOW)  # fmt: skip


@pytest.mark.parametrize(
    ("wish", "expected"),
    [("ballon de football dédicacé", {"FOOT"}), ("un nouveau ballon de foot", set()),
     ("a new football", {"FOOT"}), ("places de cinéma", {"CINE"}), ("", set())],
)  # fmt: skip
def test_wishes_match_rewards_by_most_of_their_words(
    session: Session, wish: str, expected: set[str]
) -> None:
    household = make_household(session)
    andre = make_member(session, household, first_name="André", role="child")
    make_preference(session, household, kind="wish", value=wish or "de la", member_id=andre.id)
    rewards: list[Reward] = [
        make_reward(session, code=f"FOOT-{household.id}", name_fr="Ballon de football dédicacé",
                    name_en="Signed football", tags=["football", "sport"]),
        make_reward(session, code=f"CINE-{household.id}", name_fr="Deux places de cinéma",
                    name_en="Two cinema tickets", tags=["cinema", "football"]),
    ]  # fmt: skip
    found = wished_rewards(session=session, household_id=household.id or 0, rewards=rewards)
    assert {r.code.split("-")[0] for r in rewards if r.id in found} == expected
    assert set(found.values()) <= {"André"}

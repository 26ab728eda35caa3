"""Loyalty: the append-only ledger (earn, redeem), its balance and history, and rewards.

Every entry carries a unique idempotency key, so the same receipt never earns twice and the
same redemption request never debits twice: a replay returns the entry already written.
Functions are keyword-only and `flush`; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.errors import Conflict, NotFound
from assistant.history.cursors import decode_cursor, encode_cursor
from assistant.history.models import Receipt
from assistant.loyalty.models import LoyaltyEntry, Reward
from assistant.loyalty.rules import FUEL_KIND, points_for

HISTORY_CURSOR = "l"


def balance(*, session: Session, household_id: int) -> int:
    """The sum of the household's ledger entries (earned, redeemed, expired, adjusted)."""
    total = session.exec(
        select(func.coalesce(func.sum(LoyaltyEntry.points), 0)).where(
            LoyaltyEntry.household_id == household_id
        )
    ).one()
    return int(total)


def active_rewards(*, session: Session) -> list[Reward]:
    """Rewards on offer (not out of stock), cheapest first."""
    rows = session.exec(
        select(Reward)
        .where(col(Reward.active).is_(True))
        .order_by(col(Reward.points_cost), col(Reward.code))
    ).all()
    return [reward for reward in rows if reward.stock is None or reward.stock > 0]


def entry_by_key(*, session: Session, idempotency_key: str) -> LoyaltyEntry | None:
    return session.exec(
        select(LoyaltyEntry).where(LoyaltyEntry.idempotency_key == idempotency_key)
    ).first()


def _append(session: Session, entry: LoyaltyEntry) -> tuple[LoyaltyEntry, bool]:
    """Insert once: a concurrent writer of the same key wins and its entry is returned."""
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError:
        winner = entry_by_key(session=session, idempotency_key=entry.idempotency_key)
        if winner is None:
            raise
        return winner, False
    return entry, True


def receipt_key(receipt: Receipt) -> str:
    # The same key as the demo seed's earn entries, so a replayed demo receipt never earns twice.
    return f"receipt:{receipt.receipt_uid}"


def earn_for_receipt(
    *, session: Session, receipt: Receipt, now: dt.datetime
) -> LoyaltyEntry | None:
    """The points a household's receipt earns, written once (replays return the entry), dated
    `now` (when the receipt reached the household: at the till, or when claimed).

    None when the receipt is unclaimed (no household yet) or earns nothing (a refund).
    """
    if receipt.household_id is None or receipt.id is None or receipt.review_reason is not None:
        # Unclaimed, or held for review (a till's mistake must not become points).
        return None
    key = receipt_key(receipt)
    existing = entry_by_key(session=session, idempotency_key=key)
    if existing is not None:
        return existing
    points = points_for(total_cents=receipt.total_cents, kind=receipt.kind)
    if points <= 0:
        return None
    what = "Carburant" if receipt.kind == FUEL_KIND else "Ticket"
    entry, _ = _append(
        session,
        LoyaltyEntry(
            household_id=receipt.household_id,
            points=points,
            kind="earn",
            reason=f"{what} du {receipt.purchased_at:%d/%m/%Y}",
            idempotency_key=key,
            receipt_id=receipt.id,
            created_at=now,
        ),
    )
    return entry


def history(
    *, session: Session, household_id: int, limit: int, cursor: str | None = None
) -> tuple[list[LoyaltyEntry], str | None]:
    """Ledger entries newest first, one keyset page, and the cursor of the next page."""
    query = select(LoyaltyEntry).where(LoyaltyEntry.household_id == household_id)
    if cursor is not None:
        at, row_id = decode_cursor(kind=HISTORY_CURSOR, cursor=cursor)
        query = query.where(
            sa.or_(
                col(LoyaltyEntry.created_at) < at,
                sa.and_(col(LoyaltyEntry.created_at) == at, col(LoyaltyEntry.id) < row_id),
            )
        )
    rows = list(
        session.exec(
            query.order_by(col(LoyaltyEntry.created_at).desc(), col(LoyaltyEntry.id).desc()).limit(
                limit + 1
            )
        ).all()
    )
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    assert last.id is not None
    return rows[:limit], encode_cursor(kind=HISTORY_CURSOR, at=last.created_at, row_id=last.id)


@dataclass(frozen=True)
class Redemption:
    entry: LoyaltyEntry
    reward: Reward
    balance: int  # after the redemption
    created: bool  # False: a replay of the same Idempotency-Key


def _lock_household(session: Session, household_id: int) -> None:
    """Serialise the household's debits until the transaction ends.

    PostgreSQL: a row lock on the household (the balance read after it sees every debit
    committed before). SQLite: a write takes the database's write lock at once, and no other
    writer can slip in between our balance read and our insert.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            sa.select(col(Household.id)).where(col(Household.id) == household_id).with_for_update()
        )
    else:
        session.execute(
            sa.update(Household)
            .where(col(Household.id) == household_id)
            .values(id=col(Household.id))
            .execution_options(synchronize_session=False)
        )


def _replay(session: Session, entry: LoyaltyEntry, reward_id: int, household_id: int) -> Redemption:
    if entry.reward_id != reward_id or entry.household_id != household_id:
        raise Conflict(
            "this Idempotency-Key was already used for another redemption",
            code="idempotency_key_reused",
        )
    reward = session.get(Reward, reward_id)
    assert reward is not None
    return Redemption(entry, reward, balance(session=session, household_id=household_id), False)


def redeem(
    *,
    session: Session,
    household_id: int,
    reward_id: int,
    idempotency_key: str,
    now: dt.datetime,
) -> Redemption:
    """Spend points on a reward, atomically: the balance check, the stock decrement and the
    debit happen under the household's lock, so concurrent redemptions never take the
    balance below zero nor the stock below zero.

    Conflicts: `insufficient_points`, `reward_out_of_stock`, `reward_unavailable`,
    `idempotency_key_reused`; NotFound `reward_not_found`.
    """
    key = f"redeem:{household_id}:{idempotency_key}"
    existing = entry_by_key(session=session, idempotency_key=key)
    if existing is not None:
        return _replay(session, existing, reward_id, household_id)
    reward = session.get(Reward, reward_id)
    if reward is None:
        raise NotFound("no such reward", code="reward_not_found")
    if not reward.active:
        raise Conflict("this reward is no longer on offer", code="reward_unavailable")
    try:
        with session.begin_nested():
            _lock_household(session, household_id)
            # A request with the same key may have committed while we waited for the lock.
            existing = entry_by_key(session=session, idempotency_key=key)
            if existing is not None:
                return _replay(session, existing, reward_id, household_id)
            points = balance(session=session, household_id=household_id)
            if points < reward.points_cost:
                raise Conflict(
                    "not enough points for this reward",
                    code="insufficient_points",
                    details={"balance": points, "points_cost": reward.points_cost},
                )
            taken = session.execute(
                sa.update(Reward)
                .where(
                    col(Reward.id) == reward_id,
                    col(Reward.active).is_(True),
                    sa.or_(col(Reward.stock).is_(None), col(Reward.stock) > 0),
                )
                .values(
                    stock=sa.case((col(Reward.stock).is_(None), None), else_=col(Reward.stock) - 1)
                )
                .returning(col(Reward.stock))
                .execution_options(synchronize_session=False)
            ).first()
            if taken is None:
                raise Conflict("this reward is out of stock", code="reward_out_of_stock")
            # The stock as this debit left it, without marking the object dirty.
            set_committed_value(reward, "stock", taken[0])
            entry = LoyaltyEntry(
                household_id=household_id,
                points=-reward.points_cost,
                kind="redeem",
                reason=reward.name_fr[:200],
                idempotency_key=key,
                reward_id=reward_id,
                created_at=now,
            )
            session.add(entry)
            session.flush()
    except IntegrityError:
        # The same key committed by a concurrent request (PostgreSQL: the unique index waited).
        winner = entry_by_key(session=session, idempotency_key=key)
        if winner is None:
            raise
        return _replay(session, winner, reward_id, household_id)
    return Redemption(entry, reward, points - reward.points_cost, True)

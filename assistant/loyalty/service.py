"""Loyalty reads: the balance of the append-only ledger and the rewards catalog."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from assistant.loyalty.models import LoyaltyEntry, Reward


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

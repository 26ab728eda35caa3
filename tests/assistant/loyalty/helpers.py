"""Households with points, rewards and receipts for the loyalty tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from assistant.customers.models import Household
from assistant.history.models import Receipt
from assistant.history.schemas import ReceiptCreate
from assistant.history.service import ingest_receipt
from assistant.loyalty.models import LoyaltyEntry, Reward
from tests.clock import NOW
from tests.factories import make_store, unique_card

T0 = dt.datetime(2026, 11, 20, 17, 30, tzinfo=dt.UTC)


def give_points(session: Session, household: Household, points: int, key: str = "") -> None:
    assert household.id is not None
    session.add(
        LoyaltyEntry(
            household_id=household.id,
            points=points,
            kind="adjust",
            reason="test",
            idempotency_key=f"test:{household.id}:{key or points}",
        )
    )
    session.flush()


def make_reward(session: Session, **fields: Any) -> Reward:
    values: dict[str, Any] = {
        "code": f"R-{unique_card()[-8:]}",
        "name_fr": "Bon d'achat",
        "name_en": "Voucher",
        "points_cost": 50,
        "tags": ["voucher"],
    }
    values.update(fields)
    reward = Reward(**values)
    session.add(reward)
    session.flush()
    return reward


def till_receipt(
    session: Session, card: str | None, total_cents: int, kind: str = "store", **fields: Any
) -> tuple[Receipt, bool]:
    store_code = fields.pop("store_code", None) or make_store(session).code
    data = ReceiptCreate(
        receipt_id=fields.pop("receipt_id", f"till-{unique_card()}"),
        store_code=store_code,
        purchased_at=T0,
        kind=kind,
        loyalty_card=card,
        lines=[{"label": "Achat", "quantity": 1, "unit_price_cents": total_cents}],
        **fields,
    )
    return ingest_receipt(session=session, data=data, now=NOW)

"""What a household will need next, from its receipts in the database.

`predictions_for` reads the household's purchase lines (one query) and ranks its own
products with the next-basket model (cycle, recency, decayed frequency, seasonality);
when that leaves room, products it never bought come from households with overlapping
purchases (one more query), only when the household has a history. The full user-KNN
of the model needs every household's vectors: a batch job's business, not a request's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.history.models import Receipt, ReceiptLine
from assistant.replenishment import explain
from assistant.replenishment.model import NextBasketModel


@dataclass(frozen=True)
class Prediction:
    product_id: int  # our products.id
    score: float
    quantity: int  # usual quantity per purchase (>= 1)
    due_in_days: float | None  # expected days until next need (negative = overdue), None if unknown
    explanation_fr: str  # "acheté tous les 12 jours, dernier achat il y a 13 jours"
    explanation_en: str  # "bought every 12 days, last 13 days ago"


def _history(
    session: Session, household_id: int, at: dt.datetime
) -> list[tuple[int, int, int, dt.datetime, float]]:
    """(household, receipt, product, time, quantity) of the household's lines up to `at`."""
    rows = session.exec(
        select(
            ReceiptLine.receipt_id,
            ReceiptLine.product_id,
            Receipt.purchased_at,
            ReceiptLine.quantity,
        )
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .where(
            Receipt.household_id == household_id,
            col(ReceiptLine.product_id).is_not(None),
            col(Receipt.purchased_at) <= at,
        )
    ).all()
    return [
        (household_id, receipt_id, int(product_id), purchased_at, float(quantity))
        for receipt_id, product_id, purchased_at, quantity in rows
        if product_id is not None
    ]


def predictions_for(
    *, session: Session, household_id: int, at: dt.datetime, k: int = 20
) -> list[Prediction]:
    """The household's `k` most likely next purchases at `at`, best first."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    history = _history(session, household_id, at)
    if not history:
        return []
    # One household alone: its own signals with the weights tuned on the Complete
    # Journey (tuning needs many households), no neighbours inside the fit.
    model = NextBasketModel(tune=False).fit(history)
    found = [
        Prediction(
            product_id=int(r.product_id),
            score=r.score,
            quantity=r.quantity,
            due_in_days=r.due_in_days,
            explanation_fr=r.explanation("fr"),
            explanation_en=r.explanation("en"),
        )
        for r in model.recommend(household_id, at=at, k=k)
        if r.source == "repeat"
    ]
    if len(found) < k:
        found.extend(
            _neighbour_items(
                session, household_id, at, {p.product_id for p in found}, k - len(found)
            )
        )
    return found


def _neighbour_items(
    session: Session, household_id: int, at: dt.datetime, own: set[int], k: int
) -> list[Prediction]:
    """Products often bought by households that bought the same products."""
    theirs = (
        select(Receipt.household_id)
        .join(ReceiptLine, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .where(
            col(ReceiptLine.product_id).in_(own),
            Receipt.household_id != household_id,
            col(Receipt.purchased_at) <= at,
        )
        .distinct()
    )
    rows = session.exec(
        select(ReceiptLine.product_id, sa.func.count())
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .where(
            col(Receipt.household_id).in_(theirs),
            col(ReceiptLine.product_id).is_not(None),
            col(ReceiptLine.product_id).not_in(own),
            col(Receipt.purchased_at) <= at,
        )
        .group_by(col(ReceiptLine.product_id))
        .order_by(sa.func.count().desc(), col(ReceiptLine.product_id))
        .limit(k)
    ).all()
    return [
        Prediction(
            product_id=int(product_id),
            score=0.0,
            quantity=1,
            due_in_days=None,
            explanation_fr=explain.neighbour_text(lang="fr"),
            explanation_en=explain.neighbour_text(lang="en"),
        )
        for product_id, _count in rows
        if product_id is not None
    ]

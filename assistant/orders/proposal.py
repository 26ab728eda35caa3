"""The weekly proposal: the replenishment model's predictions written into the shopping list.

A refresh keeps what the customer did: lines they added, quantities they changed, proposals
they accepted; a predicted product they removed is not proposed again the same week (a
dismissal, keyed by the Monday of the household's local week).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from assistant.catalog.models import Product
from assistant.clock import local_day
from assistant.customers.models import Household
from assistant.errors import NotFound
from assistant.orders.models import ListDismissal, Order, OrderLine
from assistant.orders.service import choose_store, draft_order, order_lines, refresh_list
from assistant.replenishment.service import predictions_for

# Fuel is bought at the pump and a durable is replaced, not replenished: never on a drive list.
NOT_ON_A_LIST = frozenset({"carburant"})
DEFAULT_K = 20


def _household(session: Session, household_id: int) -> Household:
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    return household


def week_start(at: dt.datetime, timezone: str) -> dt.date:
    """The Monday of `at`'s week in the household's time zone."""
    local = local_day(at, timezone)
    return local - dt.timedelta(days=local.weekday())


def dismiss(*, session: Session, household_id: int, product_id: int, now: dt.datetime) -> None:
    """Remembers that the customer does not want the product proposed this week."""
    household = _household(session, household_id)
    week = week_start(now, household.timezone)
    exists = session.exec(
        select(ListDismissal).where(
            ListDismissal.household_id == household_id,
            ListDismissal.product_id == product_id,
            ListDismissal.week_start == week,
        )
    ).first()
    if exists is None:
        session.add(
            ListDismissal(household_id=household_id, product_id=product_id, week_start=week)
        )
        session.flush()


def dismissed(*, session: Session, household_id: int, week: dt.date) -> set[int]:
    rows = session.exec(
        select(ListDismissal.product_id).where(
            ListDismissal.household_id == household_id, ListDismissal.week_start == week
        )
    ).all()
    return set(rows)


def listable(product: Product) -> bool:
    return product.department not in NOT_ON_A_LIST and not product.lifespan_days


def propose_list(
    *,
    session: Session,
    household_id: int,
    store_id: int | None,
    at: dt.datetime,
    k: int = DEFAULT_K,
) -> Order:
    """Builds or refreshes the week's proposal in the household's draft order.

    New predictions become proposed lines (not yet accepted) with the usual quantity and
    their explanation; untouched proposals no longer predicted are dropped; customer lines,
    customer quantities and accepted proposals stay; dismissed products are left out.
    `store_id` None keeps the list's store (or the household's preferred store).
    """
    household = _household(session, household_id)
    order = draft_order(session=session, household_id=household_id, create=True)
    assert order is not None and order.id is not None
    chosen = store_id or order.store_id or household.preferred_store_id
    if chosen is not None and chosen != order.store_id:
        order = choose_store(session=session, household_id=household_id, store_id=chosen)
    assert order.id is not None
    week = week_start(at, household.timezone)
    skip = dismissed(session=session, household_id=household_id, week=week)
    existing = {
        line.product_id: line for line, _ in order_lines(session=session, order_id=order.id)
    }
    predicted: set[int] = set()
    for prediction in predictions_for(session=session, household_id=household_id, at=at, k=k):
        product = session.get(Product, prediction.product_id)
        if product is None or product.id in skip or not listable(product):
            continue
        predicted.add(prediction.product_id)
        line = existing.get(prediction.product_id)
        if line is None:
            session.add(
                OrderLine(
                    order_id=order.id,
                    product_id=prediction.product_id,
                    quantity=max(1, prediction.quantity),
                    unit_price_cents=product.price_cents,
                    origin="predicted",
                    accepted=False,
                    explanation=prediction.explanation_fr[:300],
                    explanation_en=prediction.explanation_en[:300],
                    score=prediction.score,
                )
            )
            continue
        if line.origin == "predicted":
            line.explanation = prediction.explanation_fr[:300]
            line.explanation_en = prediction.explanation_en[:300]
            line.score = prediction.score
            if not line.customer_edited:
                line.quantity = max(1, prediction.quantity)
            session.add(line)
    for product_id, line in existing.items():
        # Last week's proposal the customer never touched: it is no longer due.
        stale = line.origin == "predicted" and not line.accepted and not line.customer_edited
        if stale and product_id not in predicted:
            session.delete(line)
    order.proposed_week = week
    session.add(order)
    session.flush()
    refresh_list(session=session, order=order, now=at)
    return order

"""Order test helpers: purchase history, pickup slots, a fixed clock."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlmodel import Session

from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.history.models import Receipt, ReceiptLine
from assistant.orders.models import PickupSlot
from tests import clock
from tests.clock import local, on_weekday

# A Tuesday (the first from the suite's day), 10:00 in Paris.
TODAY = on_weekday(clock.TODAY, 1)
NOW = local(TODAY, "10:00")
_receipts = itertools.count(1)


def buy(
    session: Session,
    household: Household,
    store: Store,
    product: Product,
    days_ago: float,
    quantity: int = 1,
    now: dt.datetime = NOW,
) -> None:
    at = now - dt.timedelta(days=days_ago)
    receipt = Receipt(
        receipt_uid=f"orders-{next(_receipts)}-{household.id}-{id(session)}",
        household_id=household.id,
        store_id=store.id,
        purchased_at=at,
        total_cents=product.price_cents * quantity,
    )
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    session.add(
        ReceiptLine(
            receipt_id=receipt.id,
            product_id=product.id,
            ean=product.ean,
            label=product.name_fr,
            quantity=quantity,
            amount_cents=product.price_cents * quantity,
            unit_price_cents=product.price_cents,
        )
    )
    session.flush()


def every(
    session: Session,
    household: Household,
    store: Store,
    product: Product,
    period: int,
    last: int,
    times: int = 5,
    quantity: int = 1,
    now: dt.datetime = NOW,
) -> None:
    """Bought `times` times, every `period` days, the last time `last` days before `now`."""
    for index in range(times):
        buy(session, household, store, product, last + index * period, quantity, now)


def make_slot(
    session: Session, store: Store, hours_ahead: float = 24, capacity: int = 3, booked: int = 0
) -> PickupSlot:
    assert store.id is not None
    starts = NOW + dt.timedelta(hours=hours_ahead)
    slot = PickupSlot(
        store_id=store.id,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        capacity=capacity,
        booked=booked,
    )
    session.add(slot)
    session.flush()
    return slot

"""Rows presence tests need: consents, a store with a pickup order, a shopping list."""

from __future__ import annotations

from sqlmodel import Session

from assistant.catalog.models import Store
from assistant.customers.models import Consent, Household
from assistant.orders.models import Order, OrderLine
from tests.clock import NOW
from tests.factories import make_product, make_store

STORE_LAT, STORE_LON = 48.8421, 2.3219

# Without push marketing: no entry offer is looked for (team F's part is tested on its own).
SERVICE_CONSENTS = [("push", "location"), ("push", "service"), ("in_app", "service")]
ALL_CONSENTS = [
    ("push", "location"),
    ("push", "service"),
    ("push", "marketing"),
    ("in_app", "service"),
    ("in_app", "marketing"),
]


def grant(session: Session, household: Household, pairs: list[tuple[str, str]]) -> None:
    assert household.id is not None
    now = NOW
    for channel, purpose in pairs:
        session.add(
            Consent(
                household_id=household.id,
                channel=channel,
                purpose=purpose,
                granted=True,
                granted_at=now,
            )
        )
    session.flush()


def montparnasse(session: Session) -> Store:
    return make_store(
        session, name="Carchan Montparnasse", lat=STORE_LAT, lon=STORE_LON, fence_radius_m=150
    )


def make_order(
    session: Session,
    household: Household,
    store: Store | None,
    status: str,
    lines: int = 0,
    promoted: int = 0,
) -> Order:
    assert household.id is not None
    order = Order(household_id=household.id, store_id=store.id if store else None, status=status)
    session.add(order)
    session.flush()
    assert order.id is not None
    for i in range(lines):
        product = make_product(session)
        assert product.id is not None
        session.add(
            OrderLine(
                order_id=order.id,
                product_id=product.id,
                quantity=1,
                discount_cents=50 if i < promoted else 0,
            )
        )
    session.flush()
    return order

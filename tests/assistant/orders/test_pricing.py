"""The household's coupons applied to its list automatically."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from sqlmodel import Session

from assistant.catalog.models import Product
from assistant.coupons.wallet import discount_cents
from assistant.customers.models import Household
from assistant.offers.models import Coupon, CouponAssignment
from assistant.orders.service import add_to_list
from assistant.orders.view import list_view
from tests.clock import NOW, TODAY
from tests.factories import make_household, make_product

_codes = itertools.count(1)


def coupon(
    session: Session, holder: Household | None = None, redeemed: bool = False, **fields: Any
) -> Coupon:
    row = Coupon(
        code=f"T-{next(_codes)}-{id(session)}",
        description_fr="coupon",
        description_en="coupon",
        **fields,
    )
    session.add(row)
    session.flush()
    if holder is not None:
        assert row.id is not None and holder.id is not None
        session.add(
            CouponAssignment(
                coupon_id=row.id,
                household_id=holder.id,
                redeemed_at=NOW - dt.timedelta(days=20) if redeemed else None,
            )
        )
        session.flush()
    return row


@pytest.mark.parametrize(
    ("kind", "value", "minimum", "subtotal", "expected"),
    [
        ("percent", 30, 0, 1000, 300),
        ("percent", 30, 0, 333, 99),  # rounded down: never more than announced
        ("amount", 150, 0, 1000, 150),
        ("amount", 150, 0, 100, 100),  # never more than the line
        ("amount", 150, 500, 499, 0),  # below the minimum purchase
        ("amount", 150, 500, 500, 150),
        ("bogus", 150, 0, 500, 0),
    ],
)
def test_discount_of_a_coupon(
    kind: str, value: int, minimum: int, subtotal: int, expected: int
) -> None:
    row = Coupon(
        code="x",
        description_fr="",
        description_en="",
        discount_kind=kind,
        discount_value=value,
        min_purchase_cents=minimum,
    )
    assert discount_cents(row, subtotal_cents=subtotal) == expected


@pytest.fixture
def coffee(session: Session) -> Product:
    return make_product(session, category="cafe", price_cents=500)


def _discount(session: Session, household: Household, product: Product, quantity: int = 2) -> Any:
    assert household.id is not None
    add_to_list(
        session=session, household_id=household.id, product=product, quantity=quantity, now=NOW
    )
    view = list_view(session=session, household_id=household.id, now=NOW)
    line = view.lines[0]
    return line.line.discount_cents, line.coupon, view


def test_the_best_held_coupon_is_applied(session: Session, coffee: Product) -> None:
    household = make_household(session)
    coupon(session, household, product_id=coffee.id, discount_kind="amount", discount_value=100)
    best = coupon(session, household, category="cafe", discount_kind="percent", discount_value=30)
    value, chosen, view = _discount(session, household, coffee)
    assert (value, chosen.id) == (300, best.id)
    assert (view.total_cents, view.discount_cents, view.to_pay_cents) == (1000, 300, 700)
    assert view.order is not None and view.order.discount_cents == 300


@pytest.mark.parametrize(
    "fields",
    [
        {"redeemed": True},
        {"valid_to": TODAY - dt.timedelta(days=1)},
        {"valid_from": TODAY + dt.timedelta(days=1)},
        {"other_household": True},
        {"other_category": True},
    ],
)
def test_coupons_the_household_cannot_use_are_not_applied(
    session: Session, coffee: Product, fields: dict[str, Any]
) -> None:
    fields = dict(fields)  # the parameter is shared by both backends' runs
    household = make_household(session)
    holder = make_household(session) if fields.pop("other_household", False) else household
    category = "the" if fields.pop("other_category", False) else "cafe"
    coupon(session, holder, category=category, discount_value=30, **fields)
    value, chosen, _view = _discount(session, household, coffee)
    assert (value, chosen) == (0, None)


def test_a_generic_coupon_is_everyones(session: Session, coffee: Product) -> None:
    household = make_household(session)
    generic = coupon(session, None, is_generic=True, product_id=coffee.id, discount_value=10)
    value, chosen, _view = _discount(session, household, coffee)
    assert (value, chosen.id) == (100, generic.id)


def test_one_coupon_discounts_one_line(session: Session) -> None:
    household = make_household(session)
    assert household.id is not None
    cheap = make_product(session, category="cafe", price_cents=200)
    dear = make_product(session, category="cafe", price_cents=800)
    coupon(session, household, category="cafe", discount_value=50)
    for product in (cheap, dear):
        add_to_list(session=session, household_id=household.id, product=product, now=NOW)
    view = list_view(session=session, household_id=household.id, now=NOW)
    assert {v.product.id: v.line.discount_cents for v in view.lines} == {cheap.id: 0, dear.id: 400}

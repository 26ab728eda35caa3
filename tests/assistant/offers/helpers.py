"""Rows the offer tests share: coupons, assignments and receipts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlmodel import Session

from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.history import habits
from assistant.history.models import Receipt, ReceiptLine
from assistant.offers.models import Coupon, CouponAssignment
from tests.clock import NOW, TODAY, local

__all__ = ["NOW", "TODAY", "assign", "buy", "make_coupon"]

_uid = itertools.count(1)


def make_coupon(
    session: Session, code: str, product: Product | None = None, **fields: Any
) -> Coupon:
    values: dict[str, Any] = {
        "code": f"{code}-{next(_uid)}",
        "description_fr": f"Remise {code}",
        "description_en": f"Discount {code}",
        "product_id": product.id if product else None,
        "valid_from": TODAY - dt.timedelta(days=1),
        "valid_to": TODAY + dt.timedelta(days=7),
        **fields,
    }
    coupon = Coupon(**values)
    session.add(coupon)
    session.flush()
    return coupon


def assign(
    session: Session, household: Household, coupon: Coupon, explanation: str | None = None
) -> CouponAssignment:
    assert coupon.id is not None and household.id is not None
    assignment = CouponAssignment(
        coupon_id=coupon.id, household_id=household.id, explanation=explanation
    )
    session.add(assignment)
    session.flush()
    return assignment


def buy(
    session: Session,
    household: Household,
    store: Store,
    day: dt.date,
    *products: Product,
    coupon_code: str | None = None,
) -> Receipt:
    at = local(day, "11:00")
    receipt = Receipt(
        receipt_uid=f"offers-test-{next(_uid)}-{id(session)}",
        household_id=household.id,
        store_id=store.id,
        purchased_at=at,
        total_cents=sum(p.price_cents for p in products),
    )
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    session.add_all(
        ReceiptLine(
            receipt_id=receipt.id, line_no=n, product_id=p.id, ean=p.ean, label=p.name_fr,
            unit_price_cents=p.price_cents, amount_cents=p.price_cents, coupon_code=coupon_code,
        )
        for n, p in enumerate(products, start=1)
    )  # fmt: skip
    # As every writer of a household's receipts does (ingestion, claiming, bulk loads).
    habits.record(session, [receipt.id])
    return receipt

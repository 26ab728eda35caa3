"""The household's coupons applied to its list: each line gets the best coupon it can use.

Read-only on the offers tables. A coupon the household holds is one assigned to it and not
yet redeemed, or a generic coupon (everyone holds those). Each coupon discounts at most one
line of an order and each line takes at most one coupon: the pairs are chosen greedily,
biggest discount first, which is what a customer would do at the till.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from assistant.catalog.models import Product
from assistant.offers.models import Coupon, CouponAssignment
from assistant.orders.models import Order, OrderLine


@dataclass(frozen=True)
class LineDiscount:
    line_id: int
    coupon: Coupon
    discount_cents: int


def valid_on(coupon: Coupon, day: dt.date) -> bool:
    if coupon.valid_from is not None and day < coupon.valid_from:
        return False
    return coupon.valid_to is None or day <= coupon.valid_to


def held_coupons(*, session: Session, household_id: int, today: dt.date) -> list[Coupon]:
    """Coupons the household can use today: its unredeemed ones and the generic ones."""
    assigned = select(CouponAssignment.coupon_id).where(
        CouponAssignment.household_id == household_id,
        col(CouponAssignment.redeemed_at).is_(None),
    )
    coupons = session.exec(
        select(Coupon)
        .where(or_(col(Coupon.is_generic).is_(True), col(Coupon.id).in_(assigned)))
        .order_by(col(Coupon.id))
    ).all()
    return [coupon for coupon in coupons if valid_on(coupon, today)]


def applies_to(coupon: Coupon, product: Product) -> bool:
    if coupon.product_id is not None:
        return coupon.product_id == product.id
    return coupon.category is not None and coupon.category == product.category


def discount_cents(coupon: Coupon, *, subtotal_cents: int) -> int:
    """What the coupon takes off a line of `subtotal_cents` (never more than the line)."""
    if subtotal_cents <= 0 or subtotal_cents < coupon.min_purchase_cents:
        return 0
    if coupon.discount_kind == "percent":
        value = subtotal_cents * max(0, min(coupon.discount_value, 100)) // 100
    elif coupon.discount_kind == "amount":
        value = coupon.discount_value
    else:
        return 0
    return max(0, min(value, subtotal_cents))


def best_discounts(
    lines: list[tuple[OrderLine, Product]], coupons: list[Coupon]
) -> dict[int, LineDiscount]:
    """The coupon of each line (by line id), one coupon per line and per order."""
    pairs: list[tuple[int, int, int, Coupon]] = []
    for line, product in lines:
        assert line.id is not None
        subtotal = line.quantity * line.unit_price_cents
        for coupon in coupons:
            if not applies_to(coupon, product):
                continue
            value = discount_cents(coupon, subtotal_cents=subtotal)
            if value > 0:
                assert coupon.id is not None
                pairs.append((value, line.id, coupon.id, coupon))
    # Biggest first; ties: the older line, then the older coupon (stable, reproducible).
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    chosen: dict[int, LineDiscount] = {}
    used: set[int] = set()
    for value, line_id, coupon_id, coupon in pairs:
        if line_id in chosen or coupon_id in used:
            continue
        chosen[line_id] = LineDiscount(line_id, coupon, value)
        used.add(coupon_id)
    return chosen


def price_order(
    *, session: Session, order: Order, lines: list[tuple[OrderLine, Product]], today: dt.date
) -> dict[int, LineDiscount]:
    """Writes each line's coupon and discount and the order's totals; returns the choices."""
    coupons = held_coupons(session=session, household_id=order.household_id, today=today)
    chosen = best_discounts(lines, coupons)
    total = discount = 0
    for line, _product in lines:
        assert line.id is not None
        picked = chosen.get(line.id)
        coupon_id = picked.coupon.id if picked else None
        value = picked.discount_cents if picked else 0
        if (line.coupon_id, line.discount_cents) != (coupon_id, value):
            line.coupon_id, line.discount_cents = coupon_id, value
            session.add(line)
        total += line.quantity * line.unit_price_cents
        discount += value
    order.total_cents, order.discount_cents = total, discount
    session.add(order)
    session.flush()
    return chosen

"""The household's coupons applied to its list and order (rules in `assistant.coupons.wallet`).

Read-only on the offers tables: each line gets the best product or category coupon it can use
and the basket the best basket coupon ("10 € off over 60 €"); the order's discount is both.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from assistant.catalog.models import Product
from assistant.coupons import wallet
from assistant.coupons.wallet import Savings
from assistant.orders.models import Order, OrderLine


def basket(lines: list[tuple[OrderLine, Product]]) -> list[wallet.BasketLine]:
    return wallet.product_lines(
        (line.id or 0, product, line.quantity * line.unit_price_cents) for line, product in lines
    )


def price_order(
    *, session: Session, order: Order, lines: list[tuple[OrderLine, Product]], today: dt.date
) -> Savings:
    """Writes each line's coupon and discount and the order's totals; returns the savings."""
    coupons = wallet.held(session=session, household_id=order.household_id, day=today)
    chosen = wallet.savings(basket(lines), coupons)
    total = 0
    for line, _product in lines:
        assert line.id is not None
        picked = chosen.lines.get(line.id)
        coupon_id = picked.coupon.id if picked else None
        value = picked.cents if picked else 0
        if (line.coupon_id, line.discount_cents) != (coupon_id, value):
            line.coupon_id, line.discount_cents = coupon_id, value
            session.add(line)
        total += line.quantity * line.unit_price_cents
    order.total_cents, order.discount_cents = total, chosen.total_cents
    session.add(order)
    session.flush()
    return chosen

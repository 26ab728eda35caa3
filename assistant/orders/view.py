"""The shopping list as the customer sees it: priced with their coupons, checked against the
chosen store's stock, with a substitute proposed for each missing line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session

from assistant.catalog.models import Product, Store
from assistant.coupons.wallet import Saving, Savings
from assistant.errors import Conflict
from assistant.offers.models import Coupon
from assistant.orders.models import Order, OrderLine
from assistant.orders.proposal import dismiss
from assistant.orders.service import draft_order, get_line, order_lines, refresh_list
from assistant.orders.stock import Substitute, find_substitute, stock_levels


@dataclass(frozen=True)
class LineView:
    line: OrderLine
    product: Product
    coupon: Coupon | None
    stock: int | None  # units at the chosen store; None when no store is chosen
    substitute: Substitute | None

    @property
    def in_stock(self) -> bool | None:
        return None if self.stock is None else self.stock >= self.line.quantity

    @property
    def subtotal_cents(self) -> int:
        return self.line.quantity * self.line.unit_price_cents


@dataclass(frozen=True)
class ListView:
    order: Order | None
    store: Store | None
    lines: list[LineView]
    savings: Savings = field(default_factory=Savings)

    @property
    def total_cents(self) -> int:
        return sum(view.subtotal_cents for view in self.lines)

    @property
    def discount_cents(self) -> int:
        return self.savings.total_cents

    @property
    def basket(self) -> Saving | None:
        """The basket coupon applied ("10 € off over 60 €"), if any."""
        return self.savings.basket

    @property
    def coupons_applied(self) -> int:
        return len(self.savings.coupons)

    @property
    def to_pay_cents(self) -> int:
        return self.total_cents - self.discount_cents

    @property
    def proposed(self) -> list[LineView]:
        return [view for view in self.lines if not view.line.accepted]

    @property
    def missing(self) -> list[LineView]:
        return [view for view in self.lines if view.in_stock is False]


def list_view(*, session: Session, household_id: int, now: dt.datetime) -> ListView:
    """Prices the list, checks it against the store's stock (writing each missing line's
    substitute) and returns it; an empty view when the household has no list."""
    order = draft_order(session=session, household_id=household_id)
    if order is None or order.id is None:
        return ListView(order=None, store=None, lines=[])
    chosen = refresh_list(session=session, order=order, now=now)
    rows = order_lines(session=session, order_id=order.id)
    store = session.get(Store, order.store_id) if order.store_id is not None else None
    levels = (
        stock_levels(
            session=session,
            store_id=order.store_id,
            product_ids=[line.product_id for line, _ in rows],
        )
        if store is not None and order.store_id is not None
        else {}
    )
    on_list = {line.product_id for line, _ in rows}
    views = []
    for line, product in rows:
        stock = levels.get(line.product_id, 0) if store is not None else None
        substitute = None
        if store is not None and stock is not None and stock < line.quantity:
            substitute = find_substitute(
                session=session,
                store=store,
                product=product,
                quantity=line.quantity,
                exclude=on_list,
            )
        wanted = substitute.product.id if substitute is not None else None
        if line.substitute_product_id != wanted:
            line.substitute_product_id = wanted
            session.add(line)
        coupon = session.get(Coupon, line.coupon_id) if line.coupon_id is not None else None
        views.append(LineView(line, product, coupon, stock, substitute))
    session.flush()
    return ListView(order=order, store=store, lines=views, savings=chosen)


def accept_substitute(
    *, session: Session, household_id: int, line_id: int, now: dt.datetime
) -> OrderLine:
    """Replaces the missing line's product by its substitute (merged into the substitute's
    line when it is already on the list). Conflict `no_substitute` when none is proposed."""
    order, line = get_line(session=session, household_id=household_id, line_id=line_id)
    substitute_id = line.substitute_product_id
    substitute = session.get(Product, substitute_id) if substitute_id is not None else None
    original = session.get(Product, line.product_id)
    if substitute is None or substitute.id is None or original is None:
        raise Conflict("this line has no substitute to accept", code="no_substitute")
    # The missing product must not come back with the next proposal this week.
    dismiss(session=session, household_id=household_id, product_id=original.id or 0, now=now)
    rows = order_lines(session=session, order_id=line.order_id)
    already = next((other for other, _ in rows if other.product_id == substitute.id), None)
    if already is not None:
        already.quantity += line.quantity
        already.accepted = True
        session.delete(line)
        line = already
    else:
        line.product_id = substitute.id
        line.unit_price_cents = substitute.price_cents
        line.substitute_product_id = None
        line.accepted = True
        line.explanation = f"remplace {original.name_fr}, en rupture"[:300]
        line.explanation_en = f"replaces {original.name_en}, out of stock"[:300]
    session.add(line)
    session.flush()
    refresh_list(session=session, order=order, now=now)
    return line

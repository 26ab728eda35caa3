"""The shopping list (the household's draft order), pickup slots and placing an order.

Functions are keyword-only and `flush`; the caller commits. Booking a slot is one
conditional UPDATE (`booked < capacity`): two customers racing for the last place
cannot both get it, whatever the backend.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Store
from assistant.clock import local_day
from assistant.coupons.wallet import Savings
from assistant.customers.models import Household
from assistant.errors import Conflict, NotFound
from assistant.history.models import Receipt, ReceiptLine
from assistant.orders.models import Order, OrderLine, OrderStatus, PickupSlot
from assistant.orders.slots import take_slot

STALE_FACTOR = 2.5
OPEN_STATUSES = (OrderStatus.placed, OrderStatus.picking, OrderStatus.ready)


def draft_order(*, session: Session, household_id: int, create: bool = False) -> Order | None:
    """The household's shopping list; created empty on demand."""
    order = session.exec(
        select(Order)
        .where(Order.household_id == household_id, Order.status == OrderStatus.draft)
        .order_by(col(Order.id))
    ).first()
    if order is None and create:
        order = Order(
            household_id=household_id,
            status=OrderStatus.draft,
            store_id=_usual_store_id(session=session, household_id=household_id),
        )
        session.add(order)
        session.flush()
    return order


def _usual_store_id(*, session: Session, household_id: int) -> int | None:
    """Where a new list is collected: the store of the household's last order (a list
    ordered must not leave the next one without its store), else its preferred store."""
    last = session.exec(
        select(Order.store_id)
        .where(
            Order.household_id == household_id,
            Order.status != OrderStatus.draft,
            Order.status != OrderStatus.cancelled,
            col(Order.store_id).is_not(None),
        )
        .order_by(col(Order.id).desc())
    ).first()
    if last is not None:
        return last
    household = session.get(Household, household_id)
    return household.preferred_store_id if household is not None else None


def order_lines(*, session: Session, order_id: int) -> list[tuple[OrderLine, Product]]:
    rows = session.exec(
        select(OrderLine, Product)
        .join(Product, col(Product.id) == col(OrderLine.product_id))
        .where(OrderLine.order_id == order_id)
        .order_by(col(OrderLine.id))
    ).all()
    return [(line, product) for line, product in rows]


def refresh_list(*, session: Session, order: Order, now: dt.datetime) -> Savings:
    """Re-prices the list with the coupons the household holds on its own day (not the UTC
    date), writes the order's totals and returns what the coupons take off."""
    from assistant.orders.pricing import price_order

    assert order.id is not None
    household = session.get(Household, order.household_id)
    today = local_day(now, household.timezone if household is not None else None)
    lines = order_lines(session=session, order_id=order.id)
    chosen = price_order(session=session, order=order, lines=lines, today=today)
    order.updated_at = now
    session.add(order)
    session.flush()
    return chosen


def _line_by_product(session: Session, order_id: int, product_id: int) -> OrderLine | None:
    return session.exec(
        select(OrderLine).where(OrderLine.order_id == order_id, OrderLine.product_id == product_id)
    ).first()


def add_to_list(
    *,
    session: Session,
    household_id: int,
    product: Product,
    quantity: int = 1,
    origin: str = "customer",
    explanation: str | None = None,
    explanation_en: str | None = None,
    set_quantity: bool = False,
    now: dt.datetime,
) -> OrderLine:
    """Adds `quantity` of the product to the list (on top of what is already there), or
    with `set_quantity` makes it exactly `quantity`. A customer's add accepts a proposal."""
    if quantity < 1:
        raise Conflict("the quantity must be at least 1", code="invalid_quantity")
    order = draft_order(session=session, household_id=household_id, create=True)
    assert order is not None and order.id is not None and product.id is not None
    line = _line_by_product(session, order.id, product.id)
    if line is None:
        line = OrderLine(
            order_id=order.id,
            product_id=product.id,
            quantity=0,
            unit_price_cents=product.price_cents,
            origin=origin,
            explanation=explanation,
            explanation_en=explanation_en,
            accepted=origin != "predicted",
        )
    elif origin == "customer":
        line.accepted = True
        line.customer_edited = True
    line.quantity = quantity if set_quantity else line.quantity + quantity
    session.add(line)
    session.flush()
    refresh_list(session=session, order=order, now=now)
    return line


def get_line(*, session: Session, household_id: int, line_id: int) -> tuple[Order, OrderLine]:
    """A line of the household's shopping list; another household's line is not found."""
    order = draft_order(session=session, household_id=household_id)
    line = session.get(OrderLine, line_id)
    if order is None or line is None or line.order_id != order.id:
        raise NotFound("no such line on your shopping list", code="line_not_found")
    return order, line


def set_line_quantity(
    *, session: Session, household_id: int, line_id: int, quantity: int, now: dt.datetime
) -> OrderLine:
    """The customer's quantity for a line; a proposal edited this way is accepted."""
    if quantity < 1:
        raise Conflict("the quantity must be at least 1", code="invalid_quantity")
    order, line = get_line(session=session, household_id=household_id, line_id=line_id)
    line.quantity, line.accepted, line.customer_edited = quantity, True, True
    session.add(line)
    session.flush()
    refresh_list(session=session, order=order, now=now)
    return line


def remove_line(*, session: Session, household_id: int, line_id: int, now: dt.datetime) -> None:
    """Takes the line off the list; a predicted product is not proposed again this week."""
    from assistant.orders.proposal import dismiss

    order, line = get_line(session=session, household_id=household_id, line_id=line_id)
    if line.origin == "predicted":
        dismiss(session=session, household_id=household_id, product_id=line.product_id, now=now)
    session.delete(line)
    session.flush()
    refresh_list(session=session, order=order, now=now)


def remove_from_list(
    *, session: Session, household_id: int, product_id: int, now: dt.datetime
) -> bool:
    """Removes the product's line; False when it was not on the list."""
    order = draft_order(session=session, household_id=household_id)
    if order is None or order.id is None:
        return False
    line = _line_by_product(session, order.id, product_id)
    if line is None or line.id is None:
        return False
    remove_line(session=session, household_id=household_id, line_id=line.id, now=now)
    return True


def accept_all(*, session: Session, household_id: int) -> int:
    """Every proposed line becomes the customer's; returns how many were accepted."""
    order = draft_order(session=session, household_id=household_id)
    if order is None or order.id is None:
        return 0
    count = 0
    for line, _product in order_lines(session=session, order_id=order.id):
        if not line.accepted:
            line.accepted = True
            session.add(line)
            count += 1
    session.flush()
    return count


def choose_store(*, session: Session, household_id: int, store_id: int) -> Order:
    """The store whose stock the list is checked against (and where it will be picked up)."""
    if session.get(Store, store_id) is None:
        raise NotFound("no such store", code="store_not_found")
    order = draft_order(session=session, household_id=household_id, create=True)
    assert order is not None
    order.store_id = store_id
    session.add(order)
    session.flush()
    return order


def list_summary(*, session: Session, household_id: int) -> tuple[int, int]:
    """(number of lines, total to pay in cents after coupons) of the shopping list."""
    order = draft_order(session=session, household_id=household_id)
    if order is None or order.id is None:
        return 0, 0
    lines = order_lines(session=session, order_id=order.id)
    # The order's discount includes a basket coupon besides the lines' own.
    return len(lines), sum(
        line.quantity * line.unit_price_cents for line, _ in lines
    ) - order.discount_cents


def find_slot(
    *, session: Session, store_id: int, day: dt.date, at: dt.time, tz: ZoneInfo
) -> PickupSlot | None:
    starts = dt.datetime.combine(day, at, tz).astimezone(dt.UTC)
    return session.exec(
        select(PickupSlot).where(PickupSlot.store_id == store_id, PickupSlot.starts_at == starts)
    ).first()


def free_slots(
    *, session: Session, store_id: int, after: dt.datetime, limit: int = 3
) -> list[PickupSlot]:
    """The next slots of the store that still have room, earliest first."""
    return list(
        session.exec(
            select(PickupSlot)
            .where(
                PickupSlot.store_id == store_id,
                col(PickupSlot.starts_at) >= after,
                col(PickupSlot.booked) < col(PickupSlot.capacity),
            )
            .order_by(col(PickupSlot.starts_at))
            .limit(limit)
        ).all()
    )


def place_order(*, session: Session, order_id: int, slot_id: int, now: dt.datetime) -> Order:
    """Draft -> placed on the slot. Raises NotFound `slot_not_found`, Conflict `slot_full`,
    `slot_past`, `order_not_draft`, `empty_order` or `out_of_stock` (a slot at another store
    than the one the list was checked against, which lacks some of it); on any of them
    nothing changes."""
    slot = session.get(PickupSlot, slot_id)
    if slot is None:
        raise NotFound("no such pickup slot", code="slot_not_found")
    if slot.starts_at <= now:
        raise Conflict("this pickup slot has already started", code="slot_past")
    lines = order_lines(session=session, order_id=order_id)
    if not lines:
        raise Conflict("the shopping list is empty", code="empty_order")
    draft = session.get(Order, order_id)
    if draft is not None and draft.store_id is not None and draft.store_id != slot.store_id:
        _check_stock_at(session, slot.store_id, lines)
    if draft is not None and draft.status == OrderStatus.draft:
        refresh_list(session=session, order=draft, now=now)
    with session.begin_nested():
        placed = session.execute(
            sa.update(Order)
            .where(col(Order.id) == order_id, col(Order.status) == OrderStatus.draft)
            .values(
                status=OrderStatus.placed,
                slot_id=slot_id,
                store_id=slot.store_id,
                placed_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if placed.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("this order is no longer a shopping list", code="order_not_draft")
        take_slot(session, slot_id)
        # Placing the list as shown is accepting what was still only proposed.
        for line, _product in order_lines(session=session, order_id=order_id):
            if not line.accepted:
                line.accepted = True
                session.add(line)
        session.flush()
    session.get(PickupSlot, slot_id, populate_existing=True)
    order = session.get(Order, order_id, populate_existing=True)
    assert order is not None
    return order


def _check_stock_at(
    session: Session, store_id: int | None, lines: list[tuple[OrderLine, Product]]
) -> None:
    """The list was checked against another store: the slot's store must have it."""
    from assistant.orders.stock import stock_levels

    if store_id is None:
        return
    levels = stock_levels(
        session=session, store_id=store_id, product_ids=[line.product_id for line, _ in lines]
    )
    missing = [
        {"product_id": product.id, "name": product.name_fr, "wanted": line.quantity,
         "in_stock": levels.get(line.product_id, 0)}
        for line, product in lines
        if levels.get(line.product_id, 0) < line.quantity
    ]  # fmt: skip
    if missing:
        raise Conflict(
            "some items of the list are out of stock at that store: choose it for the list "
            "to see substitutes, or another slot",
            code="out_of_stock",
            details={"store_id": store_id, "missing": missing},
        )


def open_orders(*, session: Session, household_id: int) -> list[Order]:
    """Orders placed and not yet collected (nor cancelled), oldest first."""
    return list(
        session.exec(
            select(Order)
            .where(Order.household_id == household_id, col(Order.status).in_(OPEN_STATUSES))
            .order_by(col(Order.placed_at), col(Order.id))
        ).all()
    )


@dataclass(frozen=True)
class DueItem:
    product: Product
    purchases: int
    interval_days: float
    days_since: int
    quantity: int


def due_items(
    *, session: Session, household_id: int, today: dt.date, min_purchases: int = 3, limit: int = 8
) -> list[DueItem]:
    """Products bought at least `min_purchases` times (on different days) whose average
    interval has elapsed since the last purchase, most overdue first. A plain heuristic
    until the replenishment model arrives; its numbers are the explanation."""
    rows = session.exec(
        select(ReceiptLine.product_id, ReceiptLine.quantity, Receipt.purchased_at)
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .where(Receipt.household_id == household_id, col(ReceiptLine.product_id).is_not(None))
    ).all()
    days: dict[int, set[dt.date]] = defaultdict(set)
    quantities: dict[int, list[float]] = defaultdict(list)
    for product_id, quantity, purchased_at in rows:
        assert product_id is not None
        days[product_id].add(purchased_at.date())
        quantities[product_id].append(quantity)
    found: list[tuple[float, int, float, int, int]] = []
    for product_id, bought in days.items():
        if len(bought) < min_purchases:
            continue
        ordered = sorted(bought)
        interval = (ordered[-1] - ordered[0]).days / (len(ordered) - 1)
        since = (today - ordered[-1]).days
        # Due once the usual interval has passed; long past it, the habit has stopped
        # (a seasonal fruit, a product given up): proposing it would be noise.
        if interval < 1 or not interval <= since <= STALE_FACTOR * interval:
            continue
        typical = max(1, round(sum(quantities[product_id]) / len(quantities[product_id])))
        found.append((since / interval, product_id, interval, since, typical))
    found.sort(key=lambda item: (-item[0], item[1]))
    items = []
    for _ratio, product_id, interval, since, typical in found[:limit]:
        product = session.get(Product, product_id)
        if product is not None:
            items.append(DueItem(product, len(days[product_id]), interval, since, typical))
    return items

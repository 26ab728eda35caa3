"""One answer to "which coupons does household H hold on its local day D, and what do they
take off basket B": used by the offers screen, list and order pricing, and the till.

A household holds the coupons loaded onto its card (an assignment not yet spent, valid on D
by the coupon's dates and the assignment's own window) and the generic coupons it has not
spent. A coupon is about one product, one category, or the whole basket (neither): each
line takes at most one product or category coupon and each coupon discounts at most one
line, chosen greedily biggest first, as a customer would at the till; then the best basket
coupon applies to what is left, when the basket reaches its minimum.

Functions are keyword-only; they flush, the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from assistant.catalog.models import Product
from assistant.clock import local_day
from assistant.customers.models import Household
from assistant.errors import Conflict, NotFound
from assistant.history.models import Receipt, ReceiptLine
from assistant.offers.models import Coupon, CouponAssignment

Scope = Literal["product", "category", "basket"]
# Where an assignment comes from: the weekly selection, the customer (app or chat), a
# campaign imported with its households, a durable's replacement, a generic coupon spent.
SOURCES = ("weekly", "clip", "campaign", "durable", "generic")


def scope(coupon: Coupon) -> Scope:
    if coupon.product_id is not None:
        return "product"
    return "category" if coupon.category else "basket"


def valid_on(coupon: Coupon, day: dt.date) -> bool:
    if coupon.valid_from is not None and day < coupon.valid_from:
        return False
    return coupon.valid_to is None or day <= coupon.valid_to


def valid_clause(day: dt.date) -> list[ColumnElement[bool]]:
    """The coupon's own dates contain `day` (SQL)."""
    return [
        or_(col(Coupon.valid_from).is_(None), col(Coupon.valid_from) <= day),
        or_(col(Coupon.valid_to).is_(None), col(Coupon.valid_to) >= day),
    ]


def _loaded_clause(household_id: int, day: dt.date) -> list[ColumnElement[bool]]:
    return [
        col(CouponAssignment.household_id) == household_id,
        col(CouponAssignment.redeemed_at).is_(None),
        or_(col(CouponAssignment.valid_from).is_(None), col(CouponAssignment.valid_from) <= day),
        or_(col(CouponAssignment.valid_to).is_(None), col(CouponAssignment.valid_to) >= day),
        *valid_clause(day),
    ]


def held(*, session: Session, household_id: int, day: dt.date) -> list[Coupon]:
    """The coupons the household can use on its local `day`, by id."""
    loaded = session.exec(
        select(Coupon)
        .join(CouponAssignment, col(CouponAssignment.coupon_id) == col(Coupon.id))
        .where(*_loaded_clause(household_id, day))
    ).all()
    spent = select(CouponAssignment.coupon_id).where(
        CouponAssignment.household_id == household_id,
        col(CouponAssignment.redeemed_at).is_not(None),
    )
    generic = session.exec(
        select(Coupon).where(
            col(Coupon.is_generic).is_(True), col(Coupon.id).not_in(spent), *valid_clause(day)
        )
    ).all()
    coupons = {c.id: c for c in (*loaded, *generic)}
    return [coupons[key] for key in sorted(k for k in coupons if k is not None)]


def loaded_ids(*, session: Session, household_id: int, day: dt.date) -> set[int]:
    """Ids of the coupons on the household's card on `day` (loaded, unspent, valid)."""
    rows = session.exec(
        select(CouponAssignment.coupon_id)
        .join(Coupon, col(Coupon.id) == col(CouponAssignment.coupon_id))
        .where(*_loaded_clause(household_id, day))
    ).all()
    return set(rows)


@dataclass(frozen=True)
class BasketLine:
    key: int  # the caller's line id
    product_id: int | None
    category: str | None
    subtotal_cents: int


@dataclass(frozen=True)
class Saving:
    coupon: Coupon
    cents: int
    line: int | None = None  # the line's key; None for a basket coupon


@dataclass(frozen=True)
class Savings:
    lines: dict[int, Saving] = field(default_factory=dict)
    basket: Saving | None = None

    @property
    def total_cents(self) -> int:
        return sum(s.cents for s in self.lines.values()) + (self.basket.cents if self.basket else 0)

    @property
    def coupons(self) -> list[Coupon]:
        used = [s.coupon for s in self.lines.values()]
        return used + ([self.basket.coupon] if self.basket else [])


def discount_cents(coupon: Coupon, *, subtotal_cents: int) -> int:
    """What the coupon takes off `subtotal_cents` (never more than it; 0 under its minimum)."""
    if subtotal_cents <= 0 or subtotal_cents < coupon.min_purchase_cents:
        return 0
    if coupon.discount_kind == "percent":
        value = subtotal_cents * max(0, min(coupon.discount_value, 100)) // 100
    elif coupon.discount_kind == "amount":
        value = coupon.discount_value
    else:
        return 0
    return max(0, min(value, subtotal_cents))


def _applies(coupon: Coupon, line: BasketLine) -> bool:
    if coupon.product_id is not None:
        return coupon.product_id == line.product_id
    return coupon.category is not None and coupon.category == line.category


def savings(lines: Sequence[BasketLine], coupons: Iterable[Coupon]) -> Savings:
    """The best use of `coupons` on the basket `lines` (see the module's rules)."""
    coupons = list(coupons)
    pairs: list[tuple[int, int, int, Coupon]] = []
    for line in lines:
        for coupon in coupons:
            if scope(coupon) == "basket" or not _applies(coupon, line):
                continue
            value = discount_cents(coupon, subtotal_cents=line.subtotal_cents)
            if value > 0:
                assert coupon.id is not None
                pairs.append((value, line.key, coupon.id, coupon))
    # Biggest first; ties: the older line, then the older coupon (stable, reproducible).
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    chosen: dict[int, Saving] = {}
    used: set[int] = set()
    for value, key, coupon_id, coupon in pairs:
        if key in chosen or coupon_id in used:
            continue
        chosen[key] = Saving(coupon, value, key)
        used.add(coupon_id)
    rest = sum(line.subtotal_cents for line in lines) - sum(s.cents for s in chosen.values())
    best: Saving | None = None
    for coupon in coupons:
        if scope(coupon) != "basket":
            continue
        value = discount_cents(coupon, subtotal_cents=rest)
        if value > 0 and (best is None or value > best.cents):
            best = Saving(coupon, value)
    return Savings(chosen, best)


def product_lines(rows: Iterable[tuple[int, Product, int]]) -> list[BasketLine]:
    """Basket lines from (key, product, subtotal in cents)."""
    return [BasketLine(key, p.id, p.category, subtotal) for key, p, subtotal in rows]


def _household(session: Session, household_id: int) -> Household:
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    return household


def _assignment(session: Session, household_id: int, coupon_id: int) -> CouponAssignment | None:
    return session.exec(
        select(CouponAssignment).where(
            CouponAssignment.household_id == household_id,
            CouponAssignment.coupon_id == coupon_id,
        )
    ).first()


def _refuse_spent(assignment: CouponAssignment | None) -> None:
    if assignment is not None and assignment.redeemed_at is not None:
        raise Conflict("you already used this coupon", code="coupon_spent")


def ensure_unspent(*, session: Session, household_id: int, coupon_id: int) -> None:
    """Conflict `coupon_spent` when the household already used this coupon."""
    _refuse_spent(_assignment(session, household_id, coupon_id))


def load(
    *,
    session: Session,
    household_id: int,
    coupon_id: int,
    now: dt.datetime,
    source: str = "clip",
    explanation: str | None = None,
) -> tuple[CouponAssignment, bool]:
    """Loads the coupon onto the household's card: (assignment, newly loaded). Idempotent.
    Conflict `coupon_spent` once used, `coupon_expired` when not valid on its local day."""
    household = _household(session, household_id)
    coupon = session.get(Coupon, coupon_id)
    if coupon is None:
        raise NotFound("no such coupon", code="offer_not_found")
    existing = _assignment(session, household_id, coupon_id)
    _refuse_spent(existing)
    day = local_day(now, household.timezone)
    if not valid_on(coupon, day):
        raise Conflict("this coupon is no longer valid", code="coupon_expired")
    if existing is not None:
        if existing.valid_to is not None and existing.valid_to < day:
            # A weekly selection's window that ended: the customer asks for it again.
            existing.valid_to, existing.source = None, source
            session.add(existing)
            session.flush()
            return existing, True
        return existing, False
    assignment = CouponAssignment(
        coupon_id=coupon_id, household_id=household_id, assigned_at=now, source=source,
        explanation=explanation[:300] if explanation else None,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(assignment)
            session.flush()
    except IntegrityError:
        # The same coupon loaded by a concurrent request (a double tap): theirs is ours.
        winner = _assignment(session, household_id, coupon_id)
        if winner is None:
            raise
        return winner, False
    return assignment, True


def unload(*, session: Session, household_id: int, coupon_id: int) -> bool:
    """Takes an unspent coupon off the card; False when it was not on it."""
    assignment = _assignment(session, household_id, coupon_id)
    if assignment is None or assignment.redeemed_at is not None:
        return False
    session.delete(assignment)
    session.flush()
    return True


def redeem_on_receipt(*, session: Session, receipt: Receipt) -> list[CouponAssignment]:
    """Spends the coupons this till receipt used: a coupon whose code is on a line (even past
    its dates: the till accepted it), and the loaded coupons that apply to its lines on the
    household's local day of purchase (the till applies loaded coupons by itself). A generic
    coupon is spent only when its code was scanned; one of unknown value (0: an imported
    campaign's) when a line buys what it covers. Idempotent; flushes."""
    if receipt.household_id is None or receipt.id is None:
        return []
    hid = receipt.household_id
    # The household's assignments, read once: spent by this receipt, spent before, or open.
    mine = {
        a.coupon_id: a
        for a in session.exec(select(CouponAssignment).where(CouponAssignment.household_id == hid))
    }
    already = [a for a in mine.values() if a.receipt_id == receipt.id]
    if already:
        return already
    rows = session.exec(
        select(ReceiptLine, Product)
        .join(Product, col(Product.id) == col(ReceiptLine.product_id), isouter=True)
        .where(ReceiptLine.receipt_id == receipt.id)
    ).all()
    codes = {line.coupon_code for line, _ in rows if line.coupon_code}
    lines = [
        BasketLine(
            line.id or 0,
            line.product_id,
            product.category if product is not None else None,
            line.amount_cents + line.discount_cents,
        )
        for line, product in rows
    ]
    household = session.get(Household, hid)
    day = local_day(receipt.purchased_at, household.timezone if household else None)
    loaded = [c for c in held(session=session, household_id=hid, day=day) if not c.is_generic]
    used = {c.id for c in savings(lines, loaded).coupons}
    # A coupon of unknown value (an imported campaign's) is used when its product is bought.
    used |= {
        c.id
        for c in loaded
        if c.discount_value == 0 and scope(c) != "basket" and any(_applies(c, x) for x in lines)
    }
    scanned = session.exec(select(Coupon).where(col(Coupon.code).in_(codes))).all() if codes else []
    open_ = {cid: a for cid, a in mine.items() if a.redeemed_at is None}
    spent = []
    for coupon in scanned:
        if coupon.id in open_ or coupon.is_generic:
            used.add(coupon.id)
    for coupon_id in sorted(c for c in used if c is not None):
        assignment = open_.get(coupon_id)
        if assignment is None:
            if coupon_id in mine:
                continue  # spent before: once only
            assignment = CouponAssignment(
                coupon_id=coupon_id, household_id=hid, assigned_at=receipt.purchased_at,
                source="generic",
            )  # fmt: skip
        assignment.redeemed_at = receipt.purchased_at
        assignment.receipt_id = receipt.id
        session.add(assignment)
        spent.append(assignment)
    session.flush()
    return spent


__all__ = [
    "BasketLine",
    "Saving",
    "Savings",
    "discount_cents",
    "ensure_unspent",
    "held",
    "load",
    "loaded_ids",
    "product_lines",
    "redeem_on_receipt",
    "savings",
    "scope",
    "unload",
    "valid_clause",
    "valid_on",
]

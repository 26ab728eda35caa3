"""Which coupons a household may be shown: assigned, matching its habits, or generic,
never one it cannot use (pet food without that pet, baby products without a baby,
alcohol without an adult).

Functions are keyword-only and read only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, or_, select

from assistant.catalog.models import Product
from assistant.customers.models import Member, Pet
from assistant.history.models import Receipt, ReceiptLine
from assistant.offers.models import Coupon, CouponAssignment

BABY_YEARS = 3
ADULT_YEARS = 18
HABIT_PURCHASES = 2


@dataclass(frozen=True)
class HouseholdTraits:
    species: frozenset[str]
    has_baby: bool
    has_child: bool
    has_adult: bool


@dataclass(frozen=True)
class Offer:
    coupon: Coupon
    source: str  # assigned | habit | generic
    explanation: str | None = None
    purchases: int = 0


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def household_traits(*, session: Session, household_id: int, today: dt.date) -> HouseholdTraits:
    pets = session.exec(select(Pet.species).where(Pet.household_id == household_id)).all()
    members = session.exec(select(Member).where(Member.household_id == household_id)).all()
    ages = [_age(m.birth_date, today) for m in members if m.birth_date is not None]
    roles = [m.role for m in members if m.birth_date is None]
    return HouseholdTraits(
        species=frozenset(pets),
        has_baby=any(age < BABY_YEARS for age in ages),
        has_child=any(age < ADULT_YEARS for age in ages) or "child" in roles,
        has_adult=any(age >= ADULT_YEARS for age in ages) or "adult" in roles,
    )


def product_allowed(product: Product, traits: HouseholdTraits) -> bool:
    if product.pet_species and product.pet_species not in traits.species:
        return False
    if product.is_baby and not traits.has_baby:
        return False
    return not (product.is_alcohol and not traits.has_adult)


def coupon_allowed(*, session: Session, coupon: Coupon, traits: HouseholdTraits) -> bool:
    if coupon.product_id is not None:
        product = session.get(Product, coupon.product_id)
        return product is None or product_allowed(product, traits)
    if coupon.category is None:
        return True
    category = coupon.category.lower()
    if any(word in category for word in ("enfant", "kid", "child")) and not traits.has_child:
        return False
    if any(word in category for word in ("bebe", "bébé", "baby")) and not traits.has_baby:
        return False
    products = session.exec(select(Product).where(Product.category == coupon.category)).all()
    return not products or any(product_allowed(product, traits) for product in products)


def _valid_on(today: dt.date) -> list[ColumnElement[bool]]:
    return [
        or_(col(Coupon.valid_from).is_(None), col(Coupon.valid_from) <= today),
        or_(col(Coupon.valid_to).is_(None), col(Coupon.valid_to) >= today),
    ]


def offers_for(
    *, session: Session, household_id: int, today: dt.date, limit: int = 5
) -> tuple[list[Offer], list[Offer]]:
    """(offers picked for the household, generic offers), both valid today and allowed."""
    traits = household_traits(session=session, household_id=household_id, today=today)
    picked: list[Offer] = []
    assigned = session.exec(
        select(Coupon, CouponAssignment)
        .join(CouponAssignment, col(CouponAssignment.coupon_id) == col(Coupon.id))
        .where(
            CouponAssignment.household_id == household_id,
            col(CouponAssignment.redeemed_at).is_(None),
            *_valid_on(today),
        )
        .order_by(col(Coupon.id))
    ).all()
    for coupon, assignment in assigned:
        picked.append(Offer(coupon, "assigned", assignment.explanation))
    seen = {offer.coupon.id for offer in picked}
    bought = Counter(
        session.exec(
            select(ReceiptLine.product_id)
            .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
            .where(Receipt.household_id == household_id, col(ReceiptLine.product_id).is_not(None))
        ).all()
    )
    targeted = session.exec(
        select(Coupon)
        .where(
            col(Coupon.is_generic).is_(False),
            col(Coupon.product_id).is_not(None),
            *_valid_on(today),
        )
        .order_by(col(Coupon.id))
    ).all()
    for coupon in targeted:
        count = bought.get(coupon.product_id, 0)
        if coupon.id not in seen and count >= HABIT_PURCHASES:
            picked.append(Offer(coupon, "habit", None, count))
    generic = [
        Offer(coupon, "generic")
        for coupon in session.exec(
            select(Coupon).where(col(Coupon.is_generic).is_(True), *_valid_on(today))
        ).all()
    ]
    allowed = [o for o in picked if coupon_allowed(session=session, coupon=o.coupon, traits=traits)]
    return allowed[:limit], [
        o for o in generic if coupon_allowed(session=session, coupon=o.coupon, traits=traits)
    ]

"""Durables past their age: which ones, and the replacement offer that names delivery,
installation and the support hotline.

`worn_out` is pure; `replacement_offer` materialises the coupon (one per replacement
product, in the "DURABLES" campaign) and the household's assignment, so the offer is a
real digital coupon like any other: shown, capped, redeemed at the till.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from assistant.catalog.models import Product, Stock
from assistant.i18n import render
from assistant.offers.models import Campaign, Coupon, CouponAssignment

# ARCEP reserves 01 99 00 xx xx for fiction: the demo hotline can never ring a real person.
SUPPORT_HOTLINE = "01 99 00 42 42"
CAMPAIGN_CODE = "DURABLES"
DISCOUNT_PERCENT = 15
VALID_DAYS = 30
T = TypeVar("T", Campaign, Coupon, CouponAssignment)


@dataclass(frozen=True, slots=True)
class Owned:
    product_id: int
    category: str
    lifespan_days: int
    bought_on: dt.date


@dataclass(frozen=True, slots=True)
class WornOut:
    owned: Owned
    age_days: int


def worn_out(owned: Iterable[Owned], today: dt.date) -> list[WornOut]:
    """The latest durable of each category, when it is older than its lifespan (a newer
    one of the same category means it was replaced already). Oldest excess first."""
    latest: dict[str, Owned] = {}
    for item in owned:
        current = latest.get(item.category)
        if current is None or item.bought_on > current.bought_on:
            latest[item.category] = item
    due = [
        WornOut(item, (today - item.bought_on).days)
        for item in latest.values()
        if (today - item.bought_on).days > item.lifespan_days
    ]
    return sorted(due, key=lambda w: (-(w.age_days - w.owned.lifespan_days), w.owned.product_id))


def years_months(days: int, lang: str) -> str:
    """ "3 ans et 2 mois" / "3 years and 2 months" from a number of days."""
    years, months = divmod(round(days / 30.4375), 12)
    if years and months:
        return render(lang, "durables.age.years_months", years=years, months=months)
    if years:
        return render(lang, "durables.age.years", years=years)
    if months:
        return render(lang, "durables.age.months", months=months)
    return render(lang, "durables.age.less")


def explanation(worn: WornOut, product: Product, lang: str) -> str:
    return render(
        lang, "durables.explanation", product=product.name_en if lang == "en" else product.name_fr,
        bought=worn.owned.bought_on, age=years_months(worn.age_days, lang),
        life=years_months(worn.owned.lifespan_days, lang), hotline=SUPPORT_HOTLINE,
    )  # fmt: skip


def _replacement_product(session: Session, owned: Product, store_id: int | None) -> Product:
    """The same model when still sold, else the same category and brand, else the category;
    in stock at the store first when one is given."""
    candidates = list(
        session.exec(
            select(Product).where(Product.category == owned.category).order_by(col(Product.id))
        ).all()
    )
    stocked: set[int] = set()
    if store_id is not None and candidates:
        stocked = set(
            session.exec(
                select(Stock.product_id).where(
                    Stock.store_id == store_id,
                    Stock.quantity > 0,
                    col(Stock.product_id).in_([p.id for p in candidates]),
                )
            ).all()
        )

    def preference(product: Product) -> tuple[bool, bool, bool, int]:
        return (
            product.id not in stocked,
            product.id != owned.id,
            product.brand != owned.brand,
            product.price_cents,
        )

    return min(candidates, key=preference) if candidates else owned


def _insert_once(session: Session, row: T, existing: SelectOfScalar[T]) -> T:
    """Inserts `row` in a savepoint; when a concurrent request won the unique key, its row."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        return session.exec(existing).one()


def _campaign(session: Session, today: dt.date) -> Campaign:
    campaign = session.exec(select(Campaign).where(Campaign.code == CAMPAIGN_CODE)).first()
    if campaign is None:
        campaign = Campaign(
            code=CAMPAIGN_CODE, name="Remplacement des équipements", kind="targeted",
            description="Pour les équipements qui ont dépassé leur durée de vie.",
            starts_on=today, source="offers",
        )  # fmt: skip
        campaign = _insert_once(
            session, campaign, select(Campaign).where(Campaign.code == CAMPAIGN_CODE)
        )
    return campaign


def replacement_offer(
    *,
    session: Session,
    household_id: int,
    worn: WornOut,
    lang: str,
    today: dt.date,
    store_id: int | None = None,
) -> tuple[Coupon, dict[str, str]]:
    """The replacement coupon for a worn-out durable, assigned to the household (created on
    first need, its validity renewed when it lapsed), with its explanation by language.
    Flushes."""
    owned = session.get(Product, worn.owned.product_id)
    assert owned is not None
    product = _replacement_product(session, owned, store_id)
    code = f"REMPL-{product.ean}"
    coupon = session.exec(select(Coupon).where(Coupon.code == code)).first()
    if coupon is None:
        coupon = Coupon(
            campaign_id=_campaign(session, today).id, code=code,
            description_fr=render("fr", "durables.coupon", percent=DISCOUNT_PERCENT,
                                  product=product.name_fr),
            description_en=render("en", "durables.coupon", percent=DISCOUNT_PERCENT,
                                  product=product.name_en),
            product_id=product.id, category=product.category, discount_kind="percent",
            discount_value=DISCOUNT_PERCENT, valid_from=today,
            valid_to=today + dt.timedelta(days=VALID_DAYS),
        )  # fmt: skip
        coupon = _insert_once(session, coupon, select(Coupon).where(Coupon.code == code))
    elif coupon.valid_to is not None and coupon.valid_to < today:
        coupon.valid_to = today + dt.timedelta(days=VALID_DAYS)
        session.add(coupon)
    texts = {code: explanation(worn, owned, code) for code in ("fr", "en")}
    text = texts["en" if lang == "en" else "fr"]
    assert coupon.id is not None
    assignment = session.exec(
        select(CouponAssignment).where(
            CouponAssignment.coupon_id == coupon.id,
            CouponAssignment.household_id == household_id,
        )
    ).first()
    if assignment is None:
        _insert_once(
            session,
            CouponAssignment(
                coupon_id=coupon.id, household_id=household_id, explanation=text, source="durable"
            ),
            select(CouponAssignment).where(
                CouponAssignment.coupon_id == coupon.id,
                CouponAssignment.household_id == household_id,
            ),
        )
    session.flush()
    return coupon, texts

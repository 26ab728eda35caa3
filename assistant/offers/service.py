"""The offers a household can use, ranked by what it buys and who it is, each with why.

Reads the database into the engine's plain data (`assistant.offers.engine`), so the rules
are the ones measured on The Complete Journey. Eligibility is never broken: pet food only
for the household's species, baby products only with a baby, alcohol only with an adult,
allergens and diets respected. When nothing personal is relevant the household gets the
generic offer, flagged and explained as such, never a fake personal one.

Functions are keyword-only; they flush, the caller commits.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Stock
from assistant.clock import local_day
from assistant.coupons import wallet
from assistant.customers.models import Household, Member, Pet, Preference
from assistant.errors import NotFound
from assistant.history.models import Receipt, ReceiptLine
from assistant.offers import durables
from assistant.offers.engine import (
    Candidate,
    CandidateIndex,
    Item,
    Ranked,
    Reason,
    Traits,
    item_violations,
    rank,
)
from assistant.offers.explain import explain
from assistant.offers.history import read_histories
from assistant.offers.models import Campaign, Coupon, CouponAssignment, OfferImpression
from assistant.text import fold

BABY_YEARS = 3
ADULT_YEARS = 18
WEEKLY_CAP = 3  # showings of one coupon to one household per 7 days, per proactive channel
CAP_WINDOW = dt.timedelta(days=7)
# Assignments that target the household by themselves (an imported campaign's, a durable's
# replacement): ranked and explained as such. Coupons the weekly selection or the customer
# loaded are ranked on their own merits.
TARGETED_SOURCES = frozenset({"campaign", "durable"})
FOOD_DEPARTMENTS = frozenset(
    {"epicerie", "frais", "fruits-legumes", "boucherie-volaille", "poissonnerie", "surgeles",
     "boissons", "alcool", "bebe"}
)  # fmt: skip
_KIDS_WORDS = ("enfant", "kid", "child", "junior")
_ALLERGENS = {
    "arachides": "arachide", "cacahuete": "arachide", "cacahuetes": "arachide",
    "peanut": "arachide", "peanuts": "arachide", "nuts": "fruits-a-coque",
    "tree-nuts": "fruits-a-coque", "noix": "fruits-a-coque", "milk": "lait",
    "lactose": "lait", "dairy": "lait", "egg": "oeuf", "eggs": "oeuf", "oeufs": "oeuf",
    "fish": "poisson", "shellfish": "crustaces", "crustaceans": "crustaces",
    "celery": "celeri", "mustard": "moutarde", "soy": "soja", "sulphites": "sulfites",
    "wheat": "gluten", "ble": "gluten",
}  # fmt: skip
_DIETS = {
    "vegetarien": "vegetarian", "vegetarienne": "vegetarian", "vegetalien": "vegan",
    "vegetalienne": "vegan", "vegane": "vegan", "sans-gluten": "gluten-free",
    "gluten-free": "gluten-free", "sans-lactose": "lactose-free",
}  # fmt: skip


@dataclass(frozen=True)
class Offer:
    coupon: Coupon
    source: str  # durable | assigned | habit | profile | generic
    explanation: str  # in the household's language
    explanation_fr: str = ""
    explanation_en: str = ""
    score: float = 0.0
    reasons: tuple[Reason, ...] = ()
    loaded: bool = False  # on the household's card: applies to the list, the order, the till

    @property
    def is_generic(self) -> bool:
        return self.source == "generic"

    @property
    def purchases(self) -> int:
        return max((r.purchases for r in self.reasons if r.kind == "product"), default=0)

    def text(self, lang: str) -> str:
        return self.explanation_en if lang == "en" else self.explanation_fr


def _key(value: str) -> str:
    return "-".join(fold(value).split())


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def household_traits(*, session: Session, household_id: int, today: dt.date) -> Traits:
    pets = session.exec(select(Pet.species).where(Pet.household_id == household_id)).all()
    members = session.exec(
        select(col(Member.birth_date), col(Member.role)).where(Member.household_id == household_id)
    ).all()
    prefs = session.exec(
        select(Preference.kind, Preference.value).where(Preference.household_id == household_id)
    ).all()
    return traits_of(pets, members, prefs, today)


def traits_of(
    pets: Iterable[str],
    members: Iterable[tuple[dt.date | None, str]],
    prefs: Iterable[tuple[str, str]],
    today: dt.date,
) -> Traits:
    """Traits from the household's pets' species, members' (birth date, role) and
    preferences' (kind, value): one place for the rules, whether read one household at a
    time or a batch at a time."""
    members = list(members)
    prefs = list(prefs)
    ages = [_age(born, today) for born, _role in members if born is not None]
    roles = [role for born, role in members if born is None]
    allergies = {_ALLERGENS.get(_key(v), _key(v)) for kind, v in prefs if kind == "allergy"}
    diets = {_DIETS.get(_key(v), _key(v)) for kind, v in prefs if kind == "diet"}
    likes = {fold(v).strip() for kind, v in prefs if kind in ("cuisine", "brand")}
    return Traits(
        species=frozenset(pets),
        has_baby=any(age < BABY_YEARS for age in ages),
        has_child=any(age < ADULT_YEARS for age in ages) or "child" in roles,
        has_adult=any(age >= ADULT_YEARS for age in ages) or "adult" in roles,
        allergies=frozenset(allergies),
        diets=frozenset(diets),
        likes=frozenset(likes),
    )


@functools.lru_cache(maxsize=4096)
def _for_kids(category: str | None) -> bool:
    # Cached: a category of The Complete Journey is shared by 1,000s of products.
    return category is not None and any(word in fold(category) for word in _KIDS_WORDS)


class ProductFacts(Protocol):
    """What the engine reads of a product: a Product, or a FactsRow."""

    @property
    def id(self) -> int | None: ...
    @property
    def category(self) -> str: ...
    @property
    def brand(self) -> str | None: ...
    @property
    def pet_species(self) -> str | None: ...
    @property
    def is_baby(self) -> bool: ...
    @property
    def is_alcohol(self) -> bool: ...
    @property
    def department(self) -> str: ...
    @property
    def allergens(self) -> list[str]: ...
    @property
    def diet_tags(self) -> list[str]: ...


def item_of(product: ProductFacts) -> Item:
    assert product.id is not None
    return Item(
        product_id=product.id,
        category=product.category,
        brand=product.brand,
        pet_species=product.pet_species,
        is_baby=product.is_baby,
        is_alcohol=product.is_alcohol,
        for_kids=_for_kids(product.category),
        is_food=product.department in FOOD_DEPARTMENTS,
        allergens=frozenset(product.allergens),
        diet_tags=frozenset(product.diet_tags),
    )


def product_allowed(product: Product, traits: Traits) -> bool:
    return not item_violations(item_of(product), traits)


def _day_end(today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def _owned_durables(session: Session, household_id: int, today: dt.date) -> list[durables.Owned]:
    rows = session.exec(
        select(Product.id, Product.category, Product.lifespan_days, Receipt.purchased_at)
        .select_from(ReceiptLine)
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .join(Product, col(Product.id) == col(ReceiptLine.product_id))
        .where(
            Receipt.household_id == household_id,
            col(Product.lifespan_days).is_not(None),
            Receipt.purchased_at < _day_end(today),
        )
    ).all()
    return [
        durables.Owned(pid, category, lifespan, bought.date())
        for pid, category, lifespan, bought in rows
        if pid is not None and lifespan is not None
    ]


def _shown(session: Session, household_id: int, channel: str, now: dt.datetime) -> dict[int, int]:
    rows = session.exec(
        select(OfferImpression.coupon_id, func.count())
        .where(
            OfferImpression.household_id == household_id,
            OfferImpression.channel == channel,
            OfferImpression.shown_at >= now - CAP_WINDOW,
        )
        .group_by(col(OfferImpression.coupon_id))
    ).all()
    return {coupon_id: int(count) for coupon_id, count in rows}


def record_impressions(
    *, session: Session, household_id: int, coupon_ids: Iterable[int], channel: str,
    now: dt.datetime,
) -> None:  # fmt: skip
    """Counts one showing per coupon towards the weekly cap of `channel`. Flushes."""
    session.add_all(
        OfferImpression(household_id=household_id, coupon_id=cid, channel=channel, shown_at=now)
        for cid in coupon_ids
    )
    session.flush()


@dataclass
class _Pool:
    coupons: dict[int, Coupon]
    stored: dict[int, str]  # explanations of campaign assignments, by coupon id
    loaded: set[int]  # coupon ids on the household's card today
    replacements: dict[int, dict[str, str]]  # durables' explanations by language
    candidates: list[Candidate]


def _pool(session: Session, household: Household, today: dt.date, store_id: int | None) -> _Pool:
    assert household.id is not None
    hid = household.id
    valid_today = select(Coupon).where(*wallet.valid_clause(today)).order_by(col(Coupon.id))
    valid = list(session.exec(valid_today))
    assignments = {
        a.coupon_id: a
        for a in session.exec(select(CouponAssignment).where(CouponAssignment.household_id == hid))
    }
    durable_campaign = session.exec(
        select(Campaign.id).where(Campaign.code == durables.CAMPAIGN_CODE)
    ).first()
    stored: dict[int, str] = {}
    replacements: dict[int, dict[str, str]] = {}
    for worn in durables.worn_out(_owned_durables(session, hid, today), today):
        coupon, texts = durables.replacement_offer(
            session=session, household_id=hid, worn=worn, lang=household.lang, today=today,
            store_id=store_id,
        )  # fmt: skip
        assert coupon.id is not None
        replacements[coupon.id] = texts
        if coupon not in valid:
            valid.append(coupon)
    coupons: dict[int, Coupon] = {}
    for coupon in valid:
        assert coupon.id is not None
        assignment = assignments.get(coupon.id)
        if assignment is not None and assignment.redeemed_at is not None:
            continue  # already used: a digital coupon is used once
        personal_only = durable_campaign is not None and coupon.campaign_id == durable_campaign
        if personal_only and coupon.id not in replacements:
            continue  # another household's replacement, or a durable already replaced
        coupons[coupon.id] = coupon
        targeted = assignment is not None and assignment.source in TARGETED_SOURCES
        if targeted and assignment and assignment.explanation and coupon.id not in replacements:
            stored[coupon.id] = assignment.explanation
    items = coupon_items(session, coupons.values())
    candidates = [
        Candidate(
            key=cid,
            items=items.get(cid, ()),
            categories=frozenset({c.category})
            if c.category and c.product_id is None
            else frozenset(),
            is_generic=c.is_generic,
            assigned=cid in assignments and assignments[cid].source in TARGETED_SOURCES,
            durable=cid in replacements,
        )
        for cid, c in coupons.items()
    ]
    loaded = wallet.loaded_ids(session=session, household_id=hid, day=today)
    return _Pool(coupons, stored, loaded, replacements, candidates)


def coupon_items(session: Session, coupons: Iterable[Coupon]) -> dict[int, tuple[Item, ...]]:
    """The products each coupon covers, as the engine's items, by coupon id.

    A coupon on a whole category gets one item per distinct set of facts among the category's
    products (the lowest product id standing for the others): eligibility and the profile
    read only the facts, and a category of The Complete Journey has 1,000s of products but a
    handful of distinct facts."""
    coupons = list(coupons)
    product_ids = {c.product_id for c in coupons if c.product_id is not None}
    categories = {c.category for c in coupons if c.product_id is None and c.category}
    by_id: dict[int, Item] = {}
    if product_ids:
        facts = product_facts(session, col(Product.id).in_(product_ids))
        by_id = {row.id: item_of(row) for row in facts}
    by_category: dict[str, list[Item]] = {}
    if categories:
        for row in session.execute(_distinct_facts(categories)):
            by_category.setdefault(row.category, []).append(item_of(FactsRow(*row)))
    out: dict[int, tuple[Item, ...]] = {}
    for coupon in coupons:
        assert coupon.id is not None
        if coupon.product_id is not None:
            item = by_id.get(coupon.product_id)
            out[coupon.id] = (item,) if item else ()
        elif coupon.category:
            out[coupon.id] = tuple(by_category.get(coupon.category, ()))
    return out


@dataclass(frozen=True, slots=True)
class FactsRow:
    """A product's facts read as columns (`product_facts`), not as a Product object."""

    id: int
    category: str
    brand: str | None
    pet_species: str | None
    is_baby: bool
    is_alcohol: bool
    department: str
    allergens_json: str | None
    diet_tags_json: str | None

    @property
    def allergens(self) -> list[str]:
        return _json_list(self.allergens_json)

    @property
    def diet_tags(self) -> list[str]:
        return _json_list(self.diet_tags_json)


@functools.lru_cache(maxsize=4096)
def _json_list(text: str | None) -> list[str]:
    return list(json.loads(text)) if text else []


# The columns of FactsRow after the id. The JSON lists are read as text: decoded once per
# distinct value, and comparable (PostgreSQL's json type has no equality).
_FACTS = (
    col(Product.category), col(Product.brand), col(Product.pet_species),
    col(Product.is_baby), col(Product.is_alcohol), col(Product.department),
    sa.cast(col(Product.allergens), sa.Text), sa.cast(col(Product.diet_tags), sa.Text),
)  # fmt: skip


def product_facts(session: Session, where: sa.ColumnElement[bool]) -> list[FactsRow]:
    """The facts of every product matching `where`, as rows (10,000s without building
    Product objects)."""
    query = sa.select(col(Product.id), *_FACTS).where(where)
    return [FactsRow(*row) for row in session.execute(query)]


def _distinct_facts(categories: Iterable[str]) -> Any:
    """(lowest id, facts…) per distinct facts of the products of `categories`."""
    return (
        sa.select(sa.func.min(col(Product.id)), *_FACTS)
        .where(col(Product.category).in_(list(categories)))
        .group_by(*_FACTS)
        .order_by(sa.func.min(col(Product.id)))
    )


def _source(reasons: Sequence[Reason]) -> str:
    kinds = {r.kind for r in reasons}
    for kind, source in (("durable", "durable"), ("generic", "generic"), ("assigned", "assigned"),
                         ("product", "habit"), ("category", "habit")):  # fmt: skip
        if kind in kinds:
            return source
    return "profile"


def _offer(ranked: Ranked, pool: _Pool, lang: str) -> Offer:
    coupon = pool.coupons[ranked.candidate.key]
    stored = pool.stored.get(ranked.candidate.key)
    replacement = pool.replacements.get(ranked.candidate.key)
    if replacement is not None:
        fr, en = replacement["fr"], replacement["en"]
    else:
        fr = explain(ranked.reasons, "fr", stored=stored)
        en = explain(ranked.reasons, "en", stored=stored)
    return Offer(
        coupon=coupon, source=_source(ranked.reasons), explanation=en if lang == "en" else fr,
        explanation_fr=fr, explanation_en=en, score=round(ranked.score, 4),
        reasons=ranked.reasons, loaded=ranked.candidate.key in pool.loaded,
    )  # fmt: skip


def _household(session: Session, household_id: int) -> Household:
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    return household


def _ranked(
    session: Session,
    household: Household,
    now: dt.datetime,
    *,
    channel: str | None = None,
    store_id: int | None = None,
) -> tuple[list[Offer], list[Offer]]:
    assert household.id is not None
    # Coupons are valid on the household's own day, not on the UTC date.
    today = local_day(now, household.timezone)
    pool = _pool(session, household, today, store_id)
    traits = household_traits(session=session, household_id=household.id, today=today)
    history = read_histories(session, [household.id], today)[household.id]
    shown = _shown(session, household.id, channel, now) if channel else None
    ranked = rank(CandidateIndex(pool.candidates), traits, history, shown=shown, cap=WEEKLY_CAP)
    offers = [_offer(r, pool, household.lang) for r in ranked]
    return [o for o in offers if not o.is_generic], [o for o in offers if o.is_generic]


def offers_about(offers: list[Offer], said: str) -> list[Offer]:
    """The offers whose description (in either language) or category holds every word of
    `said` ("café", "coffee", "pintade")."""
    words = [w for w in fold(said).split() if len(w) > 2]
    return [
        o for o in offers
        if words and all(
            w in fold(f"{o.coupon.description_fr} {o.coupon.description_en} {o.coupon.category}")
            for w in words
        )
    ]  # fmt: skip


def ranked_offers(
    *,
    session: Session,
    household_id: int,
    now: dt.datetime,
    limit: int = 10,
    channel: str | None = None,
    about: str | None = None,
) -> list[Offer]:
    """The personal offers best first; the generic ones (flagged) only when none is
    personal; with `about`, only those about it. With a `channel` ("chat", "push") the
    weekly cap applies and the offers returned count as shown on it."""
    household = _household(session, household_id)
    personal, generic = _ranked(session, household, now, channel=channel)
    offers = personal or generic
    if about is not None:
        offers = offers_about(personal, about) or offers_about(generic, about)
    offers = offers[:limit]
    if channel:
        record_impressions(
            session=session, household_id=household_id,
            coupon_ids=[o.coupon.id for o in offers if o.coupon.id is not None], channel=channel,
            now=now,
        )  # fmt: skip
    return offers


def offers_for(
    *, session: Session, household_id: int, now: dt.datetime, limit: int = 5
) -> tuple[list[Offer], list[Offer]]:
    """(personal offers, generic offers), both valid today and allowed."""
    personal, generic = _ranked(session, _household(session, household_id), now)
    return personal[:limit], generic


def offer_why(*, session: Session, household_id: int, coupon_id: int, now: dt.datetime) -> Offer:
    """The offer of one coupon with its reasons; 404 when it is not offered to the household
    (unknown, expired, used, or not allowed for it)."""
    personal, generic = _ranked(session, _household(session, household_id), now)
    for offer in (*personal, *generic):
        if offer.coupon.id == coupon_id:
            return offer
    raise NotFound("this coupon is not offered to you", code="offer_not_found")


def _in_stock(session: Session, store_id: int, coupon: Coupon) -> bool:
    query = select(Stock.product_id).join(Product, col(Product.id) == col(Stock.product_id))
    query = query.where(Stock.store_id == store_id, Stock.quantity > 0)
    if coupon.product_id is not None:
        query = query.where(Stock.product_id == coupon.product_id)
    elif coupon.category:
        query = query.where(Product.category == coupon.category)
    else:
        return False  # a basket-level coupon is not about this store's shelves
    return session.exec(query.limit(1)).first() is not None


def best_offer_at_store(
    *, session: Session, household_id: int, store_id: int, now: dt.datetime
) -> Offer | None:
    """The one offer that matters at this store: the replacement of a worn-out durable, else
    the most relevant personal coupon for an item in stock here; None when nothing personal
    is relevant (never the generic offer: a push must not fake personalisation). The offer
    returned counts as one push showing towards the weekly cap."""
    household = _household(session, household_id)
    personal, _generic = _ranked(session, household, now, channel="push", store_id=store_id)
    for offer in personal:
        if offer.source == "durable" or _in_stock(session, store_id, offer.coupon):
            assert offer.coupon.id is not None
            record_impressions(
                session=session, household_id=household_id, coupon_ids=[offer.coupon.id],
                channel="push", now=now,
            )  # fmt: skip
            return offer
    return None

"""The offers service on the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from babel.dates import format_date
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.offers import service
from assistant.offers.durables import SUPPORT_HOTLINE
from assistant.offers.models import CouponAssignment, OfferImpression
from tests.assistant.offers.helpers import NOW, TODAY, assign, buy, make_coupon
from tests.clock import months_before, years_before
from tests.factories import (
    make_household,
    make_member,
    make_pet,
    make_preference,
    make_product,
    make_stock,
    make_store,
)

ADULT = dt.date(1985, 3, 1)
BABY = TODAY - dt.timedelta(days=300)
TEEN = years_before(TODAY, 15)
PEANUT_ALLERGY = {"prefs": (("allergy", "Arachides"),)}
VEGETARIAN = {"prefs": (("diet", "Végétarien"),)}


def _household(
    session: Session, *, members: tuple[dt.date, ...] = (ADULT,), **extra: Any
) -> Household:
    household = make_household(session)
    for born in members:
        make_member(session, household, birth_date=born, role="adult" if born == ADULT else "child")
    for species in extra.get("pets", ()):
        make_pet(session, household, species=species)
    for kind, value in extra.get("prefs", ()):
        make_preference(session, household, kind=kind, value=value)
    return household


@pytest.mark.parametrize(
    ("product", "household", "offered"),
    [
        ({"pet_species": "dog", "department": "animalerie-chien"}, {"pets": ("cat",)}, False),
        ({"pet_species": "cat", "department": "animalerie-chat"}, {"pets": ("cat",)}, True),
        ({"is_baby": True, "department": "bebe"}, {}, False),
        ({"is_baby": True, "department": "bebe"}, {"members": (ADULT, BABY)}, True),
        ({"is_alcohol": True, "department": "alcool"}, {"members": (TEEN,)}, False),
        ({"is_alcohol": True, "department": "alcool"}, {}, True),
        ({"allergens": ["arachide"], "department": "epicerie"}, PEANUT_ALLERGY, False),
        ({"allergens": ["lait"], "department": "epicerie"}, PEANUT_ALLERGY, True),
        ({"department": "boucherie-volaille"}, VEGETARIAN, False),
        ({"department": "epicerie", "diet_tags": ["vegetarian"]}, VEGETARIAN, True),
        ({"department": "textile", "category": "manteau-enfant"}, {}, False),
        ({"department": "textile", "category": "manteau-enfant"}, {"members": (ADULT, TEEN)}, True),
    ],
)  # fmt: skip
def test_eligibility_is_never_broken_even_for_assigned_coupons(
    session: Session, product: dict[str, Any], household: dict[str, Any], offered: bool
) -> None:
    home = _household(session, **household)
    item = make_product(session, **product)
    coupon = make_coupon(session, "ELIG", item)
    assign(session, home, coupon, "choisi pour vous")
    offers = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert (coupon.id in [o.coupon.id for o in offers]) is offered


def test_habits_rank_offers_and_explain_them_in_both_languages(session: Session) -> None:
    home = _household(session)
    store = make_store(session)
    coffee = make_product(session, name_fr="Café", category="cafe", department="epicerie")
    tea = make_product(session, name_fr="Thé", category="the", department="epicerie")
    unrelated = make_product(session, category="lessive", department="droguerie-hygiene")
    for days in (40, 26, 12):
        buy(session, home, store, TODAY - dt.timedelta(days=days), coffee)
    buy(session, home, store, TODAY - dt.timedelta(days=100), tea)
    c_coffee = make_coupon(session, "CAFE", coffee)
    c_tea = make_coupon(session, "THE", tea)
    make_coupon(session, "LESSIVE", unrelated)
    make_coupon(session, "GEN", is_generic=True)
    offers = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert [o.coupon.id for o in offers] == [c_coffee.id, c_tea.id]
    assert offers[0].source == "habit" and offers[0].purchases == 3
    assert offers[0].explanation_fr.startswith(
        "Vous avez acheté ce produit 3 fois, la dernière il y a 12 jours"
    )
    assert offers[0].explanation_en.startswith("You bought this product 3 times, last 12 days ago")
    assert offers[0].explanation == offers[0].explanation_fr  # the household speaks French


def test_nothing_relevant_gives_the_generic_offer_flagged(session: Session) -> None:
    home = _household(session)
    make_coupon(session, "LESSIVE", make_product(session, category="lessive"))
    generic = make_coupon(session, "GEN", is_generic=True)
    offers = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert [(o.coupon.id, o.is_generic, o.source) for o in offers] == [
        (generic.id, True, "generic")
    ]
    assert "tous les clients" in offers[0].explanation
    store = make_store(session)
    assert (
        service.best_offer_at_store(
            session=session, household_id=home.id or 0, store_id=store.id or 0, now=NOW
        )
        is None
    )


def test_store_offer_needs_stock_and_respects_the_weekly_cap(session: Session) -> None:
    home = _household(session)
    store, other = make_store(session), make_store(session)
    coffee = make_product(session, category="cafe", department="epicerie")
    buy(session, home, store, TODAY - dt.timedelta(days=5), coffee)
    coupon = make_coupon(session, "CAFE", coffee)
    make_stock(session, store, coffee, 12)
    make_stock(session, other, coffee, 0)

    def best(store_id: int | None) -> int | None:
        offer = service.best_offer_at_store(
            session=session, household_id=home.id or 0, store_id=store_id or 0, now=NOW
        )
        return None if offer is None else offer.coupon.id

    assert best(other.id) is None
    assert [best(store.id) for _ in range(service.WEEKLY_CAP + 1)] == [coupon.id] * 3 + [None]
    shown = session.exec(
        select(OfferImpression).where(OfferImpression.household_id == home.id)
    ).all()
    assert [(i.coupon_id, i.channel) for i in shown] == [(coupon.id, "push")] * 3
    # The wallet listing is not capped.
    wallet = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert [o.coupon.id for o in wallet] == [coupon.id]


def _dvd(session: Session) -> Any:
    return make_product(
        session, name_fr="Lecteur DVD de salon HDMI", name_en="HDMI home DVD player",
        category="lecteur-dvd", department="electromenager-electronique", brand="Volterre",
        lifespan_days=3 * 365, price_cents=3999,
    )  # fmt: skip


def test_worn_out_durable_gets_a_replacement_that_wins_at_the_store(session: Session) -> None:
    home = _household(session)
    store = make_store(session, services=["delivery", "installation"])
    dvd = _dvd(session)
    coffee = make_product(session, category="cafe", department="epicerie")
    make_stock(session, store, coffee, 10)
    # 3 years, 2 months and 4 days ago: past its 3-year lifespan.
    bought = months_before(TODAY, 38) - dt.timedelta(days=4)
    buy(session, home, store, bought, dvd)
    for days in (30, 15, 2):
        buy(session, home, store, TODAY - dt.timedelta(days=days), coffee)
    make_coupon(session, "CAFE", coffee)
    offer = service.best_offer_at_store(
        session=session, household_id=home.id or 0, store_id=store.id or 0, now=NOW
    )
    assert offer is not None and offer.source == "durable"
    assert offer.coupon.product_id == dvd.id and offer.coupon.code == f"REMPL-{dvd.ean}"
    assert offer.explanation == offer.explanation_fr
    for text in (
        "Lecteur DVD de salon HDMI",
        f"acheté le {format_date(bought, 'd MMMM y', locale='fr_FR')}",
        "hotline d'assistance 24 h/24 et 7 j/7",
        "3 ans et 2 mois",
        "livré et installé",
        SUPPORT_HOTLINE,
    ):
        assert text in offer.explanation_fr
    for text in (
        "HDMI home DVD player",
        "3 years and 2 months",
        "delivered and installed",
        "support hotline 24/7",
        SUPPORT_HOTLINE,
    ):
        assert text in offer.explanation_en
    # The replacement is a real digital coupon assigned to the household, made once.
    again = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert again[0].coupon.id == offer.coupon.id
    (assignment,) = session.exec(
        select(CouponAssignment).where(CouponAssignment.coupon_id == offer.coupon.id)
    ).all()
    assert assignment.household_id == home.id and assignment.explanation == offer.explanation_fr
    # Another household never sees it.
    stranger = _household(session)
    stranger_offers = service.ranked_offers(session=session, household_id=stranger.id or 0, now=NOW)
    assert offer.coupon.id not in [o.coupon.id for o in stranger_offers]


@pytest.mark.parametrize(
    ("bought", "due"),
    [
        ((months_before(TODAY, 22),), False),  # young
        ((months_before(TODAY, 58), months_before(TODAY, 22)), False),  # already replaced
        ((months_before(TODAY, 58),), True),  # worn out
    ],
)
def test_young_or_replaced_durables_get_no_replacement(
    session: Session, bought: tuple[dt.date, ...], due: bool
) -> None:
    home = _household(session)
    store = make_store(session)
    dvd = _dvd(session)
    for day in bought:
        buy(session, home, store, day, dvd)
    offers = service.ranked_offers(session=session, household_id=home.id or 0, now=NOW)
    assert any(o.source == "durable" for o in offers) is due


def test_why_of_an_offer_and_of_a_coupon_not_offered(session: Session) -> None:
    home = _household(session, pets=("cat",))
    cat_food = make_product(
        session, pet_species="cat", category="croquettes-chat", department="animalerie-chat"
    )
    dog_food = make_product(
        session, pet_species="dog", category="croquettes-chien", department="animalerie-chien"
    )
    cat_coupon = make_coupon(session, "CHAT", cat_food)
    dog_coupon = make_coupon(session, "CHIEN", dog_food)
    why = service.offer_why(
        session=session, household_id=home.id or 0, coupon_id=cat_coupon.id or 0, now=NOW
    )
    assert [r.kind for r in why.reasons] == ["pet"]
    assert why.explanation_fr == "Pour votre chat." and why.explanation_en == "For your cat."
    with pytest.raises(service.NotFound) as caught:
        service.offer_why(
            session=session, household_id=home.id or 0, coupon_id=dog_coupon.id or 0, now=NOW
        )
    assert caught.value.code == "offer_not_found"

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

from actions.offers import OffersShow
from tests.actions.conftest import TODAY, make_tracker, run_action, text_of
from tests.assistant.offers.helpers import assign, buy, make_coupon
from tests.clock import years_before
from tests.factories import make_household, make_member, make_pet, make_product, make_store

UNTIL = TODAY + dt.timedelta(days=7)


def _fields(**extra: Any) -> dict[str, Any]:
    return {"valid_from": TODAY, "valid_to": UNTIL, **extra}


def test_offers_respect_eligibility(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, first_name="Solo", birth_date=dt.date(1990, 1, 1))
    make_pet(bound, household, species="cat")
    cat = make_product(bound, pet_species="cat", category="chat-test")
    dog = make_product(bound, pet_species="dog", category="chien-test")
    baby = make_product(bound, is_baby=True, category="bebe-test")
    wine = make_product(bound, is_alcohol=True, category="vin-test")
    for code, product in (("T-CAT", cat), ("T-DOG", dog), ("T-BABY", baby), ("T-WINE", wine)):
        assign(
            bound, household, make_coupon(bound, code, product, **_fields()), f"pour vous ({code})"
        )
    expired = make_coupon(bound, "T-OLD", cat, valid_to=TODAY - dt.timedelta(days=1))
    assign(bound, household, expired)
    make_coupon(bound, "T-GEN", is_generic=True, **_fields())
    text = text_of(run_action(OffersShow(), make_tracker(household.id))[0])
    assert f"Remise T-CAT (pour vous (T-CAT), jusqu'au {UNTIL:%d/%m})" in text
    assert "Remise T-WINE" in text
    for absent in ("T-DOG", "T-BABY", "T-OLD", "T-GEN"):
        assert absent not in text


def test_no_alcohol_without_an_adult_and_generic_said_honestly(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, role="child", birth_date=years_before(TODAY, 15))
    wine = make_product(bound, is_alcohol=True, category="vin-test")
    assign(bound, household, make_coupon(bound, "T-WINE", wine, **_fields()))
    make_coupon(bound, "T-GEN", is_generic=True, **_fields())
    text = text_of(run_action(OffersShow(), make_tracker(household.id, "en"))[0])
    assert text == (
        "I have no personalised offer for you right now. Current offer: Discount T-GEN "
        f"(an offer for every customer, not picked from your purchases, until {UNTIL:%d/%m})."
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "Vos offres : Remise CAFE (vous avez acheté ce produit 2 fois, la dernière il y a "
            f"3 jours ; vous achetez souvent au rayon cafe (2 achats), jusqu'au {UNTIL:%d/%m}).",
        ),
        (
            "en",
            "Your offers: Discount CAFE (you bought this product 2 times, last 3 days ago; "
            f"you often buy cafe (2 purchases), until {UNTIL:%d/%m}).",
        ),
    ],
)
def test_offers_from_habits_with_why_in_both_languages(
    bound: Session, lang: str, expected: str
) -> None:
    household = make_household(bound, lang=lang)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    store = make_store(bound)
    coffee = make_product(bound, category="cafe", department="epicerie")
    buy(bound, household, store, TODAY - dt.timedelta(days=10), coffee)
    buy(bound, household, store, TODAY - dt.timedelta(days=3), coffee)
    make_coupon(bound, "CAFE", coffee, **_fields())
    assert text_of(run_action(OffersShow(), make_tracker(household.id, lang))[0]) == expected


def test_chat_showings_are_capped(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    cat = make_product(bound, pet_species="cat", category="chat-test")
    make_pet(bound, household, species="cat")
    make_coupon(bound, "T-CAT", cat, **_fields())
    texts = [text_of(run_action(OffersShow(), make_tracker(household.id))[0]) for _ in range(4)]
    assert ["T-CAT" in text for text in texts] == [True, True, True, False]
    assert texts[-1] == "Il n'y a aucune offre en cours pour vous en ce moment."

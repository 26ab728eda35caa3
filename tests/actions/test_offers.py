from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

from actions.offers import OfferClip, OffersShow
from assistant.coupons import wallet
from assistant.customers.models import Household
from assistant.offers.models import Coupon
from tests.actions.conftest import NOW, TODAY, make_tracker, run_action, text_of
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
    text = text_of(run_action(bound, OffersShow(), make_tracker(household.id))[0])
    # Assigned by a campaign: already on the card.
    assert f"Remise T-CAT (pour vous (T-CAT), jusqu'au {UNTIL:%d/%m}, sur votre carte)" in text
    assert "Remise T-WINE" in text
    for absent in ("T-DOG", "T-BABY", "T-OLD", "T-GEN"):
        assert absent not in text


def test_no_alcohol_without_an_adult_and_generic_said_honestly(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, role="child", birth_date=years_before(TODAY, 15))
    wine = make_product(bound, is_alcohol=True, category="vin-test")
    assign(bound, household, make_coupon(bound, "T-WINE", wine, **_fields()))
    make_coupon(bound, "T-GEN", is_generic=True, **_fields())
    text = text_of(run_action(bound, OffersShow(), make_tracker(household.id, "en"))[0])
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
    assert text_of(run_action(bound, OffersShow(), make_tracker(household.id, lang))[0]) == expected


def test_chat_showings_are_capped(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    cat = make_product(bound, pet_species="cat", category="chat-test")
    make_pet(bound, household, species="cat")
    make_coupon(bound, "T-CAT", cat, **_fields())
    texts = [
        text_of(run_action(bound, OffersShow(), make_tracker(household.id))[0]) for _ in range(4)
    ]
    assert ["T-CAT" in text for text in texts] == [True, True, True, False]
    assert texts[-1] == "Il n'y a aucune offre en cours pour vous en ce moment."


def _coffee_and_sugar(bound: Session, lang: str = "fr") -> tuple[Household, Coupon, Coupon]:
    household = make_household(bound, lang=lang)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    store = make_store(bound)
    coffee = make_product(bound, category="cafe", department="epicerie")
    sugar = make_product(bound, category="sucre", department="epicerie")
    buy(bound, household, store, TODAY - dt.timedelta(days=3), coffee, sugar)
    cafe = make_coupon(bound, "CAFE", coffee, description_fr="-30 % sur votre café moulu",
                       description_en="30% off your ground coffee", **_fields())  # fmt: skip
    sucre = make_coupon(bound, "SUCRE", sugar, description_fr="1 € sur le sucre",
                        description_en="1 EUR off sugar", **_fields())  # fmt: skip
    return household, cafe, sucre


def _clip(
    session: Session, household: Household, lang: str = "fr", **slots: Any
) -> list[dict[str, Any]]:
    tracker = make_tracker(household.id, lang, intent="offer_clip", **slots)
    return run_action(session, OfferClip(), tracker)[0]


def test_the_offers_come_with_a_put_on_my_card_button_each(bound: Session) -> None:
    household, cafe, sucre = _coffee_and_sugar(bound)
    [message] = run_action(bound, OffersShow(), make_tracker(household.id))[0]
    payloads = [b["payload"] for b in message["buttons"]]
    assert sorted(payloads) == sorted(f'/offer_clip{{"coupon_id": {c.id}}}' for c in (cafe, sucre))
    assert all(b["title"].startswith("Sur ma carte : ") for b in message["buttons"])


@pytest.mark.parametrize(
    ("lang", "first", "again"),
    [
        ("fr", "C'est fait, ce bon est sur votre carte : -30 % sur votre café moulu.",
         "Ce bon est déjà sur votre carte"),
        ("en", "Done, this coupon is on your card: 30% off your ground coffee.",
         "This coupon is already on your card"),
    ],
)  # fmt: skip
def test_a_button_loads_its_coupon_once(bound: Session, lang: str, first: str, again: str) -> None:
    household, cafe, _ = _coffee_and_sugar(bound, lang)
    assert text_of(_clip(bound, household, lang, coupon_id=str(cafe.id))).startswith(first)
    assert text_of(_clip(bound, household, lang, coupon_id=str(cafe.id))).startswith(again)
    assert wallet.loaded_ids(session=bound, household_id=household.id or 0, day=TODAY) == {cafe.id}
    [message] = run_action(bound, OffersShow(), make_tracker(household.id, lang))[0]
    assert [b["payload"] for b in message["buttons"]] != []
    assert str(cafe.id) not in " ".join(b["payload"] for b in message["buttons"])


def test_a_named_product_picks_its_coupon(bound: Session) -> None:
    household, _, sucre = _coffee_and_sugar(bound)
    assert "1 € sur le sucre" in text_of(_clip(bound, household, product="sucre"))
    assert wallet.loaded_ids(session=bound, household_id=household.id or 0, day=TODAY) == {sucre.id}


def test_this_coupon_is_the_one_just_shown_and_several_are_asked_about(bound: Session) -> None:
    household, _, _ = _coffee_and_sugar(bound)
    run_action(bound, OffersShow(), make_tracker(household.id))
    [question] = _clip(bound, household)
    assert question["text"] == "Quel bon voulez-vous mettre sur votre carte ?"
    assert len(question["buttons"]) == 2
    assert wallet.loaded_ids(session=bound, household_id=household.id or 0, day=TODAY) == set()


@pytest.mark.parametrize("who", ["spent", "someone else's"])
def test_a_spent_or_foreign_coupon_is_not_loaded(bound: Session, who: str) -> None:
    household, cafe, _ = _coffee_and_sugar(bound)
    if who == "spent":
        assign(bound, household, cafe).redeemed_at = NOW - dt.timedelta(days=1)
        coupon_id = cafe.id
    else:
        other, foreign, _ = _coffee_and_sugar(bound)
        wine = make_product(bound, is_alcohol=True, category="vin-test")
        coupon_id = make_coupon(bound, "T-WINE", wine, **_fields()).id  # not offered: no habit
        assert other.id != household.id and foreign.id is not None
    text = text_of(_clip(bound, household, coupon_id=str(coupon_id)))
    assert text.startswith("Je ne trouve pas ce bon")
    assert wallet.loaded_ids(session=bound, household_id=household.id or 0, day=TODAY) == set()

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

from actions.offers import OfferClip, OffersShow
from assistant.coupons import wallet
from assistant.customers.models import Household
from assistant.i18n import render
from assistant.offers.models import Coupon
from tests.actions.conftest import (
    NOW,
    TODAY,
    cards_of,
    make_tracker,
    run_action,
    text_of,
    told,
    told_ids,
)
from tests.assistant.offers.helpers import assign, buy, make_coupon
from tests.clock import years_before
from tests.factories import make_household, make_member, make_pet, make_product, make_store

UNTIL = TODAY + dt.timedelta(days=7)


def _fields(**extra: Any) -> dict[str, Any]:
    return {"valid_from": TODAY, "valid_to": UNTIL, **extra}


def _show(session: Session, household: Household, lang: str = "fr") -> list[dict[str, Any]]:
    return run_action(session, OffersShow(), make_tracker(household.id, lang))[0]


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
    messages = _show(bound, household)
    cards = {card["title"]: card for card in cards_of(messages)}
    assert sorted(cards) == ["Remise T-CAT", "Remise T-WINE"]
    assert told(messages) == [
        ("offers.shown.personal", {"count": 2, "offers": ["Remise T-CAT", "Remise T-WINE"]})
    ]
    # Assigned by a campaign: its own words, and already on the card (no button).
    assert cards["Remise T-CAT"]["lines"] == [
        "pour vous (T-CAT)",
        render("fr", "offers.card.until", until=UNTIL),
        "Sur votre carte : s'applique tout seul",
    ]
    assert cards["Remise T-CAT"]["tags"] == ["on_card"] and "buttons" not in cards["Remise T-CAT"]


def test_a_campaign_s_french_words_are_not_shown_in_english(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, birth_date=dt.date(1990, 1, 1))
    cat = make_product(bound, pet_species="cat", category="chat-test")
    make_pet(bound, household, species="cat")
    assign(bound, household, make_coupon(bound, "T-CAT", cat, **_fields()), "pour votre chat")
    [card] = cards_of(_show(bound, household, "en"))
    assert card["lines"][0] == "For your cat."


def test_no_alcohol_without_an_adult_and_generic_said_honestly(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, role="child", birth_date=years_before(TODAY, 15))
    wine = make_product(bound, is_alcohol=True, category="vin-test")
    assign(bound, household, make_coupon(bound, "T-WINE", wine, **_fields()))
    make_coupon(bound, "T-GEN", is_generic=True, **_fields())
    [message] = _show(bound, household, "en")
    assert message["text"] == (
        "I have no personalised offer for you right now. Here is the current offer:"
    )
    [card] = cards_of([message])
    assert card["title"] == "Discount T-GEN" and card["tags"] == ["generic"]
    assert card["lines"] == [
        "An offer for every customer, not picked from your purchases.",
        f"Valid until {UNTIL:%A} {UNTIL.day} {UNTIL:%B}",
        "Not on your card yet",
    ]


@pytest.mark.parametrize(
    ("lang", "why", "on_card"),
    [
        ("fr", "Vous avez acheté ce produit 2 fois, la dernière fois il y a 3 jours.",
         "Pas encore sur votre carte"),
        ("en", "You have bought this product 2 times, most recently 3 days ago.",
         "Not on your card yet"),
    ],
)  # fmt: skip
def test_offers_from_habits_with_why_in_both_languages(
    bound: Session, lang: str, why: str, on_card: str
) -> None:
    household = make_household(bound, lang=lang)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    store = make_store(bound)
    coffee = make_product(bound, category="cafe", department="epicerie")
    buy(bound, household, store, TODAY - dt.timedelta(days=10), coffee)
    buy(bound, household, store, TODAY - dt.timedelta(days=3), coffee)
    coupon = make_coupon(bound, "CAFE", coffee, **_fields())
    [card] = cards_of(_show(bound, household, lang))
    # The product itself was bought: its aisle ("cafe") is not said too.
    assert card == {
        "kind": "offer",
        "title": coupon.description_en if lang == "en" else coupon.description_fr,
        "lines": [why, render(lang, "offers.card.until", until=UNTIL), on_card],
        "buttons": [
            {"title": render(lang, "offers.button.clip"),
             "payload": f'/offer_clip{{"coupon_id": {coupon.id}}}'}
        ],
        "ref": coupon.id,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("fr", "Vous achetez souvent des produits comme Café moulu (3 achats)."),
        ("en", "You often buy products like Ground coffee (3 purchases)."),
    ],
)
@pytest.mark.parametrize("whole_aisle", [False, True])
def test_an_aisle_s_offer_names_the_product_bought_in_the_language(
    bound: Session, lang: str, why: str, whole_aisle: bool
) -> None:
    household = make_household(bound, lang=lang)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    store = make_store(bound)
    ground = make_product(bound, category="cafe", name_fr="Café moulu", name_en="Ground coffee")
    beans = make_product(bound, category="cafe", name_fr="Café en grains", name_en="Coffee beans")
    buy(bound, household, store, TODAY - dt.timedelta(days=10), ground)
    buy(bound, household, store, TODAY - dt.timedelta(days=3), ground, beans)
    # On the beans, or on the whole aisle: the ground coffee is what the household buys most.
    product = None if whole_aisle else make_product(bound, category="cafe")
    make_coupon(bound, "CAFE", product, category="cafe", **_fields())
    [card] = cards_of(_show(bound, household, lang))
    assert card["lines"][0] == why


@pytest.mark.parametrize(
    ("lang", "kind", "value", "price"),
    [("fr", "amount", 100, "-1,00\xa0€"), ("en", "amount", 100, "€1.00 off"),
     ("fr", "percent", 30, "-30\xa0%"), ("en", "percent", 30, "30% off")],
)  # fmt: skip
def test_the_discount_is_written_as_the_language_writes_money(
    bound: Session, lang: str, kind: str, value: int, price: str
) -> None:
    household = make_household(bound, lang=lang)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    store = make_store(bound)
    sugar = make_product(bound, category="sucre")
    buy(bound, household, store, TODAY - dt.timedelta(days=3), sugar)
    make_coupon(bound, "SUCRE", sugar, discount_kind=kind, discount_value=value, **_fields())
    [card] = cards_of(_show(bound, household, lang))
    assert card["price"] == price


def test_chat_showings_are_capped(bound: Session) -> None:
    household = make_household(bound)
    make_member(bound, household, birth_date=dt.date(1980, 5, 5))
    cat = make_product(bound, pet_species="cat", category="chat-test")
    make_pet(bound, household, species="cat")
    make_coupon(bound, "T-CAT", cat, **_fields())
    shown = [told_ids(_show(bound, household)) for _ in range(4)]
    assert shown == [["offers.shown.personal"]] * 3 + [["offers.none"]]


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


def test_each_offer_card_has_its_put_on_my_card_button(bound: Session) -> None:
    household, cafe, sucre = _coffee_and_sugar(bound)
    messages = _show(bound, household)
    buttons = {card["ref"]: card["buttons"] for card in cards_of(messages)}
    assert buttons == {
        c.id: [{"title": "Sur ma carte", "payload": f'/offer_clip{{"coupon_id": {c.id}}}'}]
        for c in (cafe, sucre)
    }
    # On the cards only: the app does not draw them twice.
    assert messages[0]["buttons"] == []


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
    household, cafe, sucre = _coffee_and_sugar(bound, lang)
    loaded = _clip(bound, household, lang, coupon_id=str(cafe.id))
    assert text_of(loaded).startswith(first)
    offer = cafe.description_en if lang == "en" else cafe.description_fr
    assert told(loaded) == [
        ("offers.clip.done.until", {"offer": offer, "until": UNTIL.isoformat()})
    ]
    assert text_of(_clip(bound, household, lang, coupon_id=str(cafe.id))).startswith(again)
    assert wallet.loaded_ids(session=bound, household_id=household.id or 0, day=TODAY) == {cafe.id}
    cards = {card["ref"]: card for card in cards_of(_show(bound, household, lang))}
    assert "buttons" not in cards[cafe.id] and cards[cafe.id]["tags"] == ["on_card"]
    assert [b["payload"] for b in cards[sucre.id]["buttons"]] == [
        f'/offer_clip{{"coupon_id": {sucre.id}}}'
    ]


def test_a_named_product_picks_its_coupon(bound: Session) -> None:
    household, _, sucre = _coffee_and_sugar(bound)
    assert "1 € sur le sucre" in text_of(_clip(bound, household, product="sucre"))
    assert wallet.loaded_ids(session=bound, household_id=household.id or 0, day=TODAY) == {sucre.id}


def test_this_coupon_is_the_one_just_shown_and_several_are_asked_about(bound: Session) -> None:
    household, _, _ = _coffee_and_sugar(bound)
    _show(bound, household)
    [question] = _clip(bound, household)
    assert question["text"] == "Quel bon voulez-vous mettre sur votre carte ?"
    assert sorted(b["title"] for b in question["buttons"]) == [
        "Sur ma carte : -30 % sur votre café moulu",
        "Sur ma carte : 1 € sur le sucre",
    ]
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


@pytest.mark.parametrize(
    ("about", "said", "refs"),
    [("coffee", ["offers.shown.personal"], ["cafe"]),
     ("sucre", ["offers.shown.personal"], ["sucre"]),
     ("couches", ["offers.none_about", "offers.shown.personal"], ["cafe", "sucre"])],
)  # fmt: skip
def test_offers_about_a_product_are_those_on_it(
    bound: Session, about: str, said: list[str], refs: list[str]
) -> None:
    household, cafe, sucre = _coffee_and_sugar(bound)
    tracker = make_tracker(household.id, "fr", product=about)
    messages, _ = run_action(bound, OffersShow(), tracker)
    assert told_ids(messages) == said
    ids = {"cafe": cafe.id, "sucre": sucre.id}
    assert sorted(card["ref"] for card in cards_of(messages)) == sorted(ids[r] for r in refs)

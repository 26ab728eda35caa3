"""The engine's rules over plain data: eligibility never broken, relevance, caps, texts."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.offers.durables import Owned, worn_out, years_months
from assistant.offers.engine import (
    Candidate,
    CandidateIndex,
    Habit,
    History,
    Item,
    Traits,
    allowed,
    item_violations,
    needs_of,
    rank,
)
from assistant.offers.explain import explain

CAT_FOOD = Item(1, "cat-food", pet_species="cat", is_food=False)
DOG_FOOD = Item(2, "dog-food", pet_species="dog")
PET_TOY = Item(3, "pet-toys", pet_species="any")
NAPPIES = Item(4, "nappies", is_baby=True)
WINE = Item(5, "wine", is_alcohol=True, is_food=True, diet_tags=frozenset({"vegetarian"}))
KIDS_COAT = Item(6, "manteau-enfant", for_kids=True)
PEANUTS = Item(7, "snacks", allergens=frozenset({"arachide"}), is_food=True)
HAM = Item(8, "charcuterie", is_food=True)
TOFU = Item(9, "tofu", is_food=True, diet_tags=frozenset({"vegetarian", "vegan"}))
TV = Item(10, "televiseur")

NOBODY = Traits(has_adult=False)
SINGLE = Traits()
CAT_OWNER = Traits(species=frozenset({"cat"}))
PARENTS = Traits(has_baby=True, has_child=True)
ALLERGIC = Traits(allergies=frozenset({"arachide"}))
VEGAN = Traits(diets=frozenset({"vegan"}))


@pytest.mark.parametrize(
    ("item", "traits", "broken"),
    [
        (CAT_FOOD, SINGLE, ["pet_species"]),
        (CAT_FOOD, CAT_OWNER, []),
        (DOG_FOOD, CAT_OWNER, ["pet_species"]),
        (PET_TOY, SINGLE, ["pet_species"]),
        (PET_TOY, CAT_OWNER, []),
        (NAPPIES, SINGLE, ["baby"]),
        (NAPPIES, PARENTS, []),
        (WINE, NOBODY, ["alcohol"]),
        (WINE, SINGLE, []),
        (WINE, VEGAN, ["diet"]),
        (KIDS_COAT, SINGLE, ["kids"]),
        (KIDS_COAT, PARENTS, []),
        (PEANUTS, ALLERGIC, ["allergen"]),
        (PEANUTS, SINGLE, []),
        (HAM, VEGAN, ["diet"]),
        (TOFU, VEGAN, []),
        (TV, VEGAN, []),
    ],
)
def test_item_rules(item: Item, traits: Traits, broken: list[str]) -> None:
    assert item_violations(item, traits) == broken
    # The grouped check the ranking uses agrees with the per-item rules.
    assert allowed(needs_of([item]), traits) is (not broken)


@pytest.mark.parametrize(
    ("items", "traits", "expected"),
    [
        ((CAT_FOOD, DOG_FOOD), CAT_OWNER, False),  # one forbidden product rules the coupon out
        ((CAT_FOOD, PET_TOY), CAT_OWNER, True),
        ((TOFU, TV), VEGAN, True),
        ((TOFU, HAM), VEGAN, False),
        ((), NOBODY, True),
    ],
)
def test_a_coupon_is_allowed_only_when_all_its_products_are(
    items: tuple[Item, ...], traits: Traits, expected: bool
) -> None:
    assert allowed(needs_of(items), traits) is expected


def _index(*candidates: Candidate) -> CandidateIndex:
    return CandidateIndex(candidates)


def test_history_orders_offers_and_unrelated_ones_are_not_offered() -> None:
    index = _index(
        Candidate(1, (HAM,)),
        Candidate(2, (TOFU,)),
        Candidate(3, (TV,), popularity=1e6),  # popular, but nothing personal about it
        Candidate(4, (), is_generic=True),
    )
    history = History(
        products={8: Habit(2, 40), 9: Habit(12, 3)},
        categories={"charcuterie": Habit(2, 40), "tofu": Habit(12, 3)},
    )
    ranked = rank(index, SINGLE, history)
    assert [r.candidate.key for r in ranked] == [2, 1, 4]
    assert ranked[0].reasons[0].kind == "product" and ranked[0].reasons[0].purchases == 12
    assert ranked[-1].reasons[0].kind == "generic"


def test_eligibility_beats_relevance() -> None:
    index = _index(Candidate(1, (HAM,)), Candidate(2, (DOG_FOOD,)))
    history = History(products={8: Habit(5, 1), 2: Habit(30, 1)})
    assert [r.candidate.key for r in rank(index, VEGAN, history)] == []
    assert [r.candidate.key for r in rank(index, SINGLE, history)] == [1]


def test_cap_and_restriction() -> None:
    index = _index(Candidate(1, (HAM,)), Candidate(2, (TOFU,)))
    history = History(products={8: Habit(1, 1), 9: Habit(9, 1)})
    assert [r.candidate.key for r in rank(index, SINGLE, history, shown={2: 3}, cap=3)] == [1]
    assert [r.candidate.key for r in rank(index, SINGLE, history, shown={2: 2}, cap=3)] == [2, 1]
    assert [r.candidate.key for r in rank(index, SINGLE, history, among=[1])] == [1]


def test_profile_alone_is_a_personal_reason() -> None:
    index = _index(Candidate(1, (KIDS_COAT,)), Candidate(2, (CAT_FOOD,)))
    traits = Traits(species=frozenset({"cat"}), has_child=True)
    kinds = {r.candidate.key: [x.kind for x in r.reasons] for r in rank(index, traits, History())}
    assert kinds == {1: ["kids"], 2: ["pet"]}


def test_durable_replacement_comes_first() -> None:
    index = _index(Candidate(1, (TOFU,)), Candidate(2, (TV,), durable=True))
    ranked = rank(index, SINGLE, History(products={9: Habit(50, 0)}))
    assert [r.candidate.key for r in ranked] == [2, 1]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "Vous avez acheté ce produit 12 fois, la dernière il y a 3 jours ; pour votre chat.",
        ),
        ("en", "You bought this product 12 times, last 3 days ago; for your cat."),
    ],
)
def test_explanations(lang: str, expected: str) -> None:
    index = _index(Candidate(1, (CAT_FOOD,)))
    (ranked,) = rank(index, CAT_OWNER, History(products={1: Habit(12, 3)}))
    assert [r.kind for r in ranked.reasons] == ["product", "pet"]
    assert explain(ranked.reasons, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Vous avez acheté ce produit 1 fois, la dernière hier ; pour votre chat."),
        ("en", "You bought this product once, last yesterday; for your cat."),
    ],
)
def test_a_single_purchase_is_counted_in_words(lang: str, expected: str) -> None:
    index = _index(Candidate(1, (CAT_FOOD,)))
    (ranked,) = rank(index, CAT_OWNER, History(products={1: Habit(1, 1)}))
    assert explain(ranked.reasons, lang) == expected


def test_generic_says_it_is_for_everyone() -> None:
    (ranked,) = rank(_index(Candidate(1, (), is_generic=True)), SINGLE, History())
    assert "every customer" in explain(ranked.reasons, "en")
    assert "tous les clients" in explain(ranked.reasons, "fr")


def test_worn_out_durables() -> None:
    today = dt.date(2026, 11, 24)
    old_dvd = Owned(1, "lecteur-dvd", 3 * 365, dt.date(2023, 9, 24))
    young_tv = Owned(2, "televiseur", 7 * 365, dt.date(2022, 1, 1))
    old_vacuum = Owned(3, "aspirateur", 2 * 365, dt.date(2020, 1, 1))
    new_vacuum = Owned(4, "aspirateur", 2 * 365, dt.date(2026, 1, 1))
    due = worn_out([old_dvd, young_tv, old_vacuum, new_vacuum], today)
    assert [w.owned.product_id for w in due] == [1]
    assert years_months(due[0].age_days, "fr") == "3 ans et 2 mois"
    assert years_months(due[0].age_days, "en") == "3 years and 2 months"

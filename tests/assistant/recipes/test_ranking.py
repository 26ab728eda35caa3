"""Ranking on the seeded demo world: the Zerty household, its tastes and its kitchen."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.customers.models import Household, Preference
from assistant.recipes.models import Recipe
from assistant.recipes.ranking import rank_recipes
from tests.factories import make_household


def test_guinea_fowl_under_30_minutes_for_the_zerty(session: Session, zerty: Household) -> None:
    found = rank_recipes(
        session=session, wanted=["guinea fowl"], household_id=zerty.id, max_minutes=30, limit=10
    )
    assert found
    for item in found:
        assert item.minutes is not None and item.minutes <= 30
        assert ("match", "pintade") in item.reasons
    # Terroir (liked) in the pressure cooker the Zerty own comes first, in 30 minutes.
    assert found[0].recipe.title == "Pintade au chou du Quercy à l'autocuiseur"
    assert found[0].recipe.region == "Quercy"
    assert ("cuisine", "terroir") in found[0].reasons
    assert ("equipment", "autocuiseur") in found[0].reasons
    assert ("time", "28") in found[0].reasons
    assert "Salade tiède de pintade aux noix" in {item.recipe.title for item in found}
    titles = {item.recipe.title for item in found}
    assert "Cuisses de pintade aux lentilles vertes à l'autocuiseur" not in titles  # 35 min
    assert "Pintade rôtie aux pommes" not in titles  # 90 min


def test_pressure_cooker_and_terroir_first_when_time_allows(
    session: Session, zerty: Household
) -> None:
    found = rank_recipes(session=session, wanted=["pintades"], household_id=zerty.id,
                         max_minutes=40)  # fmt: skip
    first = found[0]
    assert first.recipe.title == "Cuisses de pintade aux lentilles vertes à l'autocuiseur"
    assert ("equipment", "autocuiseur") in first.reasons and ("cuisine", "terroir") in first.reasons


def test_without_a_time_limit_slower_dishes_come_too(session: Session, zerty: Household) -> None:
    quick = rank_recipes(session=session, wanted=["pintade"], household_id=zerty.id, limit=50,
                         max_minutes=30)  # fmt: skip
    every = rank_recipes(session=session, wanted=["pintade"], household_id=zerty.id, limit=50)
    assert {r.recipe.id for r in quick} < {r.recipe.id for r in every}
    assert any((r.minutes or 0) > 30 for r in every)


def test_a_household_without_a_pressure_cooker_gets_none_of_its_recipes(
    session: Session, zerty: Household
) -> None:
    other = make_household(session)
    found = rank_recipes(session=session, wanted=["pintade"], household_id=other.id, limit=50)
    assert found
    assert all("autocuiseur" not in r.recipe.equipment for r in found)


def test_dislikes_and_diets_exclude(session: Session, zerty: Household) -> None:
    other = make_household(session)
    session.add(Preference(household_id=other.id, kind="dislike", value="champignons"))
    session.add(Preference(household_id=other.id, kind="diet", value="gluten-free"))
    session.flush()
    found = rank_recipes(session=session, wanted=["pintade"], household_id=other.id, limit=50)
    assert found
    for item in found:
        assert "gluten-free" in item.recipe.diets
        assert not any("champignon" in line for line in item.recipe.ingredients)


def test_missing_ingredients_carry_products(session: Session, zerty: Household) -> None:
    found = rank_recipes(session=session, wanted=["pintade"], household_id=zerty.id, limit=50)
    missing = [m for item in found for m in item.missing]
    assert missing
    assert all(m.key not in {"pintade", "sel", "poivre"} for m in missing)
    assert any(m.product_ids for m in missing)


def test_from_what_was_just_bought(session: Session, zerty: Household) -> None:
    found = rank_recipes(session=session, household_id=zerty.id, limit=5)
    assert found
    assert all(any(kind == "bought" for kind, _ in item.reasons) for item in found)


@pytest.mark.parametrize("max_minutes", [1, 5])
def test_nothing_fits_in_no_time(session: Session, zerty: Household, max_minutes: int) -> None:
    assert rank_recipes(session=session, wanted=["pintade"], max_minutes=max_minutes) == []


@pytest.mark.parametrize(
    ("diet", "kept"),
    [("végétarien", {"Soupe", "Omelette"}), ("vegan", {"Soupe"}), ("sans gluten", {"Tarte"})],
)
def test_diets_from_declarations_or_ingredients(
    session: Session, diet: str, kept: set[str]
) -> None:
    household = make_household(session)
    session.add(Preference(household_id=household.id, kind="diet", value=diet))
    for title, lines, diets in (
        ("Soupe", ["2 poireaux", "1 carotte"], []),
        ("Omelette", ["3 oeufs", "1 poireau"], []),
        ("Poireaux au jambon", ["4 poireaux", "4 tranches de jambon"], []),
        ("Tarte", ["2 poireaux", "200 g de farine de riz"], ["gluten-free"]),
    ):
        session.add(Recipe(source="t", external_id=title, title=title, ingredients=lines,
                           diets=diets))  # fmt: skip
    session.flush()
    found = rank_recipes(session=session, wanted=["poireau"], household_id=household.id, limit=9)
    assert {item.recipe.title for item in found} == kept

from __future__ import annotations

import pytest
from sqlmodel import Session

from actions.recipes import RecipeSuggest
from assistant.customers.models import Household
from assistant.recipes.models import Recipe
from tests.actions.conftest import make_tracker, run_action, text_of
from tests.factories import make_household, make_preference


def _recipe(session: Session, title: str, minutes: int, **fields: object) -> Recipe:
    recipe = Recipe(source="test", external_id=title, title=title, total_minutes=minutes, **fields)  # type: ignore[arg-type]
    session.add(recipe)
    session.flush()
    return recipe


@pytest.fixture
def recipes(session: Session) -> list[Recipe]:
    return [
        _recipe(
            session,
            "Pintade au chou à l'autocuiseur",
            45,
            cuisine="terroir",
            equipment=["autocuiseur"],
            ingredients=["1 pintade fermière", "1 chou vert"],
        ),
        _recipe(
            session,
            "Suprêmes de pintade à la crème",
            30,
            equipment=["poêle"],
            ingredients=["4 suprêmes de pintade", "20 cl de crème"],
        ),
        _recipe(
            session,
            "Pintade rôtie aux marrons",
            95,
            cuisine="terroir",
            ingredients=["1 pintade", "300 g de marrons"],
        ),
        _recipe(session, "Poulet basquaise", 50, ingredients=["1 poulet", "3 poivrons"]),
    ]


def _household_with_tastes(session: Session) -> Household:
    household = make_household(session)
    make_preference(session, household, kind="cuisine", value="terroir")
    make_preference(session, household, kind="equipment", value="autocuiseur")
    return household


@pytest.mark.parametrize(("lang", "ingredient"), [("fr", "pintades"), ("en", "guinea fowl")])
def test_recipes_match_in_both_languages_preferences_first(
    bound: Session, recipes: list[Recipe], lang: str, ingredient: str
) -> None:
    household = _household_with_tastes(bound)
    text = text_of(
        run_action(bound, RecipeSuggest(), make_tracker(household.id, lang, ingredient=ingredient))[
            0
        ]
    )
    titles = [recipe.title for recipe in recipes[:3]]
    positions = [text.index(title) for title in titles]
    assert positions[0] < positions[2] < positions[1]  # terroir + cooker, terroir, neither
    assert "Poulet" not in text
    if lang == "fr":
        assert (
            "(45 min, contient « pintade », cuisine terroir que vous aimez, se fait à "
            "l'autocuiseur)" in text
        )
    else:
        assert (
            '(45 min, has "pintade", terroir cooking you like, made with your autocuiseur)' in text
        )


def test_recipes_within_the_time_available(bound: Session, recipes: list[Recipe]) -> None:
    household = make_household(bound)
    tracker = make_tracker(household.id, ingredient="pintade", duration="40 minutes")
    text = text_of(run_action(bound, RecipeSuggest(), tracker)[0])
    assert text == (
        "Je vous propose : Suprêmes de pintade à la crème (30 min, contient « pintade ») "
        "[à acheter : crème]."
    )
    tracker = make_tracker(household.id, "en", dish="poulet", duration=20)
    assert text_of(run_action(bound, RecipeSuggest(), tracker)[0]) == (
        'I have no recipe with "poulet" within 20 minutes.'
    )

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

from actions.recipes import RecipeDetails, RecipeSuggest
from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.i18n import render
from assistant.recipes.models import Recipe
from tests.actions.conftest import cards_of, make_tracker, run_action, text_of, told, told_ids
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


def _suggest(session: Session, household: Household, lang: str = "fr", **slots: object) -> Any:
    return run_action(session, RecipeSuggest(), make_tracker(household.id, lang, **slots))[0]


def _link(recipe: Recipe, lang: str) -> dict[str, str]:
    title = render(lang, "recipes.card.link")
    return {"title": title, "url": f"{get_settings().base_url}/recipes/{recipe.id}"}


@pytest.mark.parametrize(
    ("lang", "ingredient", "text", "lines"),
    [
        ("fr", "pintades", "Voici 3 recettes à base de pintades :",
         ["Prête en 45 minutes", "Cuisine du terroir", "À l'autocuiseur",
          "À acheter : chou vert"]),
        ("en", "guinea fowl", "Here are 3 recipes with guinea fowl:",
         ["Ready in 45 minutes", "French regional cooking", "Pressure cooker",
          "To buy: chou vert"]),
    ],
)  # fmt: skip
def test_recipes_match_in_both_languages_preferences_first(
    bound: Session, recipes: list[Recipe], lang: str, ingredient: str, text: str,
    lines: list[str],
) -> None:  # fmt: skip
    household = _household_with_tastes(bound)
    [message] = _suggest(bound, household, lang, ingredient=ingredient)
    assert message["text"] == text
    cards = cards_of([message])
    # Terroir and the cooker, terroir, neither; the chicken does not have guinea fowl.
    assert [card["ref"] for card in cards] == [recipes[0].id, recipes[2].id, recipes[1].id]
    assert cards[0] == {
        "kind": "recipe", "title": "Pintade au chou à l'autocuiseur", "lines": lines,
        "link": _link(recipes[0], lang), "ref": recipes[0].id,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "voice"),
    [
        ("fr", "J'ai 3 recettes à base de pintade : Pintade au chou à l'autocuiseur, "
         "Pintade rôtie aux marrons et Suprêmes de pintade à la crème."),
        ("en", "I have 3 recipes with pintade: Pintade au chou à l'autocuiseur, "
         "Pintade rôtie aux marrons and Suprêmes de pintade à la crème."),
    ],
)  # fmt: skip
def test_a_speaker_hears_the_titles(
    bound: Session, recipes: list[Recipe], lang: str, voice: str
) -> None:
    household = _household_with_tastes(bound)
    [(msg_id, values)] = told(_suggest(bound, household, lang, ingredient="pintade"))
    assert render(lang, msg_id, voice=True, **values) == voice


def test_a_terroir_recipe_names_its_region(bound: Session, recipes: list[Recipe]) -> None:
    recipes[0].region = "Quercy"
    household = _household_with_tastes(bound)
    [first, *_] = cards_of(_suggest(bound, household, ingredient="pintade"))
    assert "Cuisine du terroir : Quercy" in first["lines"]


def test_recipes_within_the_time_available(bound: Session, recipes: list[Recipe]) -> None:
    household = make_household(bound)
    messages = _suggest(bound, household, ingredient="pintade", duration="40 minutes")
    assert told(messages) == [
        (
            "recipes.found.asked_within",
            {"count": 1, "titles": ["Suprêmes de pintade à la crème"], "asked": "pintade",
             "minutes": 40},
        )
    ]  # fmt: skip
    assert text_of(messages) == "Voici une recette à base de pintade en moins de 40 minutes :"
    [card] = cards_of(messages)
    assert card["lines"] == ["Prête en 30 minutes", "À acheter : crème"]
    nothing = _suggest(bound, household, "en", dish="poulet", duration=20)
    assert text_of(nothing) == "I have no recipe with poulet within 20 minutes."


def test_the_details_of_a_recipe_shown_with_its_card(bound: Session) -> None:
    household = make_household(bound)
    steps = [f"Étape {n}" for n in range(1, 9)]
    recipe = _recipe(bound, "Pintade au chou", 45, servings=4, ingredients=["1 pintade",
                     "1 chou"], steps=steps)  # fmt: skip
    tracker = make_tracker(household.id, last_recipes=[recipe.id])
    messages = run_action(bound, RecipeDetails(), tracker)[0]
    assert text_of(messages) == (
        "Pintade au chou, 45 minutes, pour 4 personnes. Ingrédients : 1 pintade; 1 chou. "
        "Étapes : 1. Étape 1 2. Étape 2 3. Étape 3 4. Étape 4 5. Étape 5 6. Étape 6 "
        "Et 2 étapes de plus dans l'appli."
    )
    [card] = cards_of(messages)
    assert card["link"] == _link(recipe, "fr") and card["lines"] == ["Prête en 45 minutes"]


def test_the_details_need_a_recipe(bound: Session) -> None:
    household = make_household(bound)
    messages = run_action(bound, RecipeDetails(), make_tracker(household.id, "en"))[0]
    assert told_ids(messages) == ["recipes.details.which"]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fr", "À acheter : chou, carottes, oignon et 2 autres ingrédients"),
        ("en", "To buy: chou, carottes, oignon and 2 other ingredients"),
    ],
)
def test_a_card_names_the_first_ingredients_to_buy_then_counts_the_rest(
    bound: Session, lang: str, line: str
) -> None:
    ingredients = [
        "1 pintade",
        "1 chou",
        "2 carottes",
        "1 oignon",
        "100 g de lardons",
        "1 l de cidre",
    ]
    _recipe(bound, "Pintade au chou", 45, ingredients=ingredients)
    household = make_household(bound)
    [card] = cards_of(_suggest(bound, household, lang, ingredient="pintade"))
    assert card["lines"][-1] == line


def _bilingual(session: Session) -> dict[str, Recipe]:
    """A dish written in French and in English, paired as the demo's are."""
    pair = {}
    for lang, external_id, title, lines in (
        ("fr", "salade", "Salade tiède de pintade", ["2 filets de pintade", "1 salade frisée"]),
        ("en", "salade@en", "Warm guinea fowl salad", ["2 guinea fowl fillets", "1 lettuce"]),
    ):
        pair[lang] = Recipe(
            source="demo", external_id=external_id, title=title, lang=lang, total_minutes=20,
            ingredients=lines, steps=[f"{title}: step"],
        )  # fmt: skip
        session.add(pair[lang])
    session.flush()
    return pair


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_recipe_in_both_languages_comes_in_the_turns(bound: Session, lang: str) -> None:
    pair = _bilingual(bound)
    household = make_household(bound)
    messages, events = run_action(
        bound, RecipeSuggest(), make_tracker(household.id, lang, ingredient="guinea fowl")
    )
    [card] = cards_of(messages)
    assert card["title"] == pair[lang].title and card["link"] == _link(pair[lang], lang)
    [values] = [values for _, values in told(messages)]
    assert values["titles"] == [pair[lang].title]
    # "How do I make the first one?" opens the version shown, even in the other language.
    shown = next(e["value"] for e in events if e.get("name") == "last_recipes")
    assert shown == [pair[lang].id]
    other = "en" if lang == "fr" else "fr"
    details, _ = run_action(bound, RecipeDetails(), make_tracker(household.id, other,
                                                                 last_recipes=shown))  # fmt: skip
    assert pair[lang].title in text_of(details)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_dish_named_without_a_list_comes_in_the_turns_language(bound: Session, lang: str) -> None:
    pair = _bilingual(bound)
    household = make_household(bound)
    tracker = make_tracker(household.id, lang, dish="pintade")
    details, _ = run_action(bound, RecipeDetails(), tracker)
    assert text_of(details).startswith(pair[lang].title)
    assert f"{pair[lang].title}: step" in text_of(details)

from __future__ import annotations

from sqlmodel import Session, func, select

from assistant.demo.recipes_fr import demo_recipes, seed_demo_recipes
from assistant.recipes.models import Recipe


def test_demo_set_has_what_the_demo_needs() -> None:
    recipes = demo_recipes()
    assert len(recipes) >= 40
    assert len({r.external_id for r in recipes}) == len(recipes)
    guinea_fowl = [r for r in recipes if "pintade" in r.title.lower()]
    assert len(guinea_fowl) >= 5
    quick = [r for r in guinea_fowl if r.total_minutes is not None and r.total_minutes <= 30]
    assert len(quick) >= 3
    assert any(
        r.cuisine == "terroir" and r.region and "autocuiseur" in r.equipment for r in guinea_fowl
    )
    titles = " ".join(r.title.lower() for r in recipes)
    for classic in (
        "blanquette",
        "pot-au-feu",
        "gratin dauphinois",
        "quiche lorraine",
        "ratatouille",
        "soupe à l'oignon",
        "croque-monsieur",
        "crêpes",
    ):
        assert classic in titles


def test_every_demo_recipe_is_complete() -> None:
    for recipe in demo_recipes():
        assert recipe.lang == "fr" and recipe.source == "demo"
        assert recipe.servings and recipe.servings > 0
        assert len(recipe.ingredients) >= 3 and len(recipe.steps) >= 3
        assert recipe.prep_minutes is not None and recipe.cook_minutes is not None
        assert recipe.total_minutes is not None
        assert recipe.total_minutes >= recipe.prep_minutes + recipe.cook_minutes
        assert (recipe.cuisine == "terroir") == (recipe.region is not None)


def test_seed_is_an_upsert(session: Session) -> None:
    assert seed_demo_recipes(session=session) == len(demo_recipes())
    assert seed_demo_recipes(session=session) == 0
    count = session.exec(
        select(func.count()).select_from(Recipe).where(Recipe.source == "demo")
    ).one()
    assert count == len(demo_recipes())

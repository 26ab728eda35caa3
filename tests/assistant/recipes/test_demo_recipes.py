from __future__ import annotations

from sqlmodel import Session, col, func, select

from assistant.demo.recipes_fr import (
    all_demo_recipes,
    demo_recipes,
    demo_recipes_en,
    seed_demo_recipes,
)
from assistant.recipes.models import Recipe, RecipeIngredient


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
    assert seed_demo_recipes(session=session) == 2 * len(demo_recipes())
    assert seed_demo_recipes(session=session) == 0
    count = session.exec(
        select(func.count()).select_from(Recipe).where(Recipe.source == "demo")
    ).one()
    assert count == len(all_demo_recipes()) == 2 * len(demo_recipes())


_MACHINE_KEYS = (
    "source", "category", "cuisine", "region", "servings", "prep_minutes", "cook_minutes",
    "total_minutes", "equipment", "diets", "tags",
)  # fmt: skip


def test_every_demo_recipe_has_its_english_version() -> None:
    originals, english = demo_recipes(), demo_recipes_en()
    assert len(english) == len(originals)
    for fr, en in zip(originals, english, strict=True):
        assert (fr.lang, en.lang) == ("fr", "en")
        assert en.external_id == fr.external_id + "@en"
        # Preferences and filters read these: a translation keeps them as they are.
        assert {k: getattr(en, k) for k in _MACHINE_KEYS} == {
            k: getattr(fr, k) for k in _MACHINE_KEYS
        }
        assert len(en.ingredients) == len(fr.ingredients) and len(en.steps) == len(fr.steps)
    # Some dishes keep their French name in English ("Gratin dauphinois", "Tarte Tatin").
    assert sum(en.title != fr.title for fr, en in zip(originals, english, strict=True)) >= 30
    assert originals[0].title == "Pintade au chou du Quercy à l'autocuiseur"
    assert english[0].title == "Quercy-style guinea fowl with cabbage in the pressure cooker"
    assert english[0].ingredients[0].startswith("1 free-range guinea fowl")


def test_english_versions_index_as_their_originals(session: Session) -> None:
    seed_demo_recipes(session=session)
    recipes = session.exec(select(Recipe).where(Recipe.source == "demo")).all()
    by_external = {r.external_id: r for r in recipes}

    def keys(recipe: Recipe) -> dict[int, str]:
        rows = session.exec(
            select(RecipeIngredient).where(RecipeIngredient.recipe_id == recipe.id)
        ).all()
        return {row.position: row.key for row in rows if row.position >= 0}

    def all_keys(recipe: Recipe) -> set[str]:
        query = select(RecipeIngredient.key).where(col(RecipeIngredient.recipe_id) == recipe.id)
        return set(session.exec(query).all())

    pairs = [(r, by_external[r.external_id + "@en"]) for r in recipes if r.lang == "fr"]
    assert len(pairs) == len(demo_recipes())
    for fr, en in pairs:
        # Line by line ("1 free-range guinea fowl" is pintade), then title and tags.
        assert keys(en) == keys(fr), (fr.title, en.title)
        assert all_keys(en) == all_keys(fr), (fr.title, en.title)

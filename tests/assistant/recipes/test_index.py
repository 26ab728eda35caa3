"""The ingredient index: filled lazily or on demand, rebuilt when a recipe changes."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.recipes.index import ensure_indexed, index_recipes
from assistant.recipes.models import Recipe, RecipeIngredient
from tests.factories import make_product


def _rows(session: Session, recipe: Recipe) -> list[tuple[int, str, int | None]]:
    rows = session.exec(
        select(RecipeIngredient)
        .where(RecipeIngredient.recipe_id == recipe.id)
        .order_by(col(RecipeIngredient.position), col(RecipeIngredient.key))
    ).all()
    return [(row.position, row.key, row.product_id) for row in rows]


def test_lines_become_keys_and_products(session: Session) -> None:
    cheap = make_product(session, name_fr="Suprêmes de pintade", department="boucherie-volaille",
                         price_cents=999)  # fmt: skip
    make_product(session, name_fr="Pintade fermière", department="boucherie-volaille",
                 price_cents=1299)  # fmt: skip
    make_product(session, name_fr="Pintade en peluche", department="textile", price_cents=5)
    recipe = Recipe(source="t", external_id="a", title="Chicken and leek pie",
                    ingredients=["2 suprêmes de pintade", "une pincée de sel", "???"])  # fmt: skip
    session.add(recipe)
    session.flush()
    assert ensure_indexed(session=session) == 1
    assert _rows(session, recipe) == [
        (-1, "poireau", None), (-1, "poulet", None), (0, "pintade", cheap.id), (1, "sel", None)
    ]  # fmt: skip
    assert ensure_indexed(session=session) == 0  # nothing left to do


def test_reindexing_a_changed_recipe_replaces_its_rows(session: Session) -> None:
    recipe = Recipe(source="t", external_id="b", title="Plat", ingredients=["1 poulet"])
    empty = Recipe(source="t", external_id="c", title="Rien", ingredients=[])
    session.add_all([recipe, empty])
    session.flush()
    index_recipes(session=session, recipe_ids=[recipe.id or 0, empty.id or 0])
    assert [key for _, key, _ in _rows(session, recipe)] == ["poulet"]
    assert [key for _, key, _ in _rows(session, empty)] == [""]  # marked as indexed
    recipe.ingredients = ["200 g de lentilles"]
    session.add(recipe)
    session.flush()
    index_recipes(session=session, recipe_ids=[recipe.id or 0])
    assert [key for _, key, _ in _rows(session, recipe)] == ["lentille"]

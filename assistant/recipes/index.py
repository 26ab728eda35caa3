"""The ingredient index (`recipe_ingredients`): parsed once per recipe, read by the ranking.

The importer and the demo seed call `index_recipes(session=..., recipe_ids=...)` after
writing recipes; recipes written some other way are indexed lazily by `ensure_indexed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Product
from assistant.recipes.ingredients import (
    ingredient_key,
    ingredient_keys,
    parse_ingredient_line,
)
from assistant.recipes.models import Recipe, RecipeIngredient

FOOD_DEPARTMENTS = (
    "boucherie-volaille", "poissonnerie", "fruits-legumes", "epicerie", "frais", "surgeles",
)  # fmt: skip
_BATCH = 500


def product_keys(session: Session, product_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The ingredient key of each food product ("Suprêmes de pintade" → "pintade")."""
    query = select(Product.id, Product.name_fr).where(col(Product.department).in_(FOOD_DEPARTMENTS))
    keys: dict[int, str] = {}
    ids = None if product_ids is None else list(product_ids)
    chunks = [None] if ids is None else [ids[i : i + _BATCH] for i in range(0, len(ids), _BATCH)]
    for chunk in chunks:
        q = query if chunk is None else query.where(col(Product.id).in_(chunk))
        for product_id, name_fr in session.exec(q).all():
            key = ingredient_key(name_fr)
            if product_id is not None and key:
                keys[product_id] = key
    return keys


def products_by_key(session: Session) -> dict[str, list[int]]:
    """Food products per ingredient key, cheapest first."""
    query = select(Product.id, Product.name_fr, Product.price_cents).where(
        col(Product.department).in_(FOOD_DEPARTMENTS)
    )
    found: dict[str, list[int]] = {}
    for product_id, name_fr, _price in sorted(
        session.exec(query).all(), key=lambda r: (r[2], r[0])
    ):
        key = ingredient_key(name_fr)
        if key and product_id is not None:
            found.setdefault(key, []).append(product_id)
    return found


def _rows(recipe: Recipe, products: dict[str, list[int]]) -> list[dict[str, Any]]:
    assert recipe.id is not None
    rows: list[dict[str, Any]] = []
    for position, line in enumerate(recipe.ingredients):
        parsed = parse_ingredient_line(line)
        if not parsed.key:
            continue
        rows.append(
            {
                "recipe_id": recipe.id, "position": position, "line": line[:300],
                "quantity": parsed.quantity, "unit": parsed.unit, "key": parsed.key[:80],
                "product_id": next(iter(products.get(parsed.key, [])), None),
            }
        )  # fmt: skip
    # Title and tags name the dish's main ingredient even when a line is unparsable.
    seen = {row["key"] for row in rows}
    for text in (recipe.title, *recipe.tags, *recipe.equipment):
        for key in ingredient_keys(text):
            if key not in seen:
                seen.add(key)
                rows.append(_marker(recipe.id, key))
    if not rows:  # marks the recipe as indexed, so it is not parsed again
        rows.append(_marker(recipe.id, ""))
    return rows


def _marker(recipe_id: int, key: str) -> dict[str, Any]:
    return {
        "recipe_id": recipe_id, "position": -1, "line": None, "quantity": None, "unit": None,
        "key": key[:80], "product_id": None,
    }  # fmt: skip


def index_recipes(*, session: Session, recipe_ids: Sequence[int] | None = None) -> int:
    """(Re)build the index rows of these recipes (all when None); flushes; returns rows."""
    table = RecipeIngredient.__table__  # type: ignore[attr-defined]
    products = products_by_key(session)
    if recipe_ids is None:
        session.execute(sa.delete(table))
        ids = list(session.exec(select(Recipe.id)).all())
    else:
        ids = list(recipe_ids)
    written = 0
    for start in range(0, len(ids), _BATCH):
        chunk = [i for i in ids[start : start + _BATCH] if i is not None]
        if recipe_ids is not None:
            session.execute(sa.delete(table).where(table.c.recipe_id.in_(chunk)))
        recipes = session.exec(select(Recipe).where(col(Recipe.id).in_(chunk))).all()
        rows = [row for recipe in recipes for row in _rows(recipe, products)]
        if rows:
            session.execute(sa.insert(table), rows)
        written += len(rows)
    session.flush()
    return written


def ensure_indexed(*, session: Session) -> int:
    """Index the recipes that have no index rows yet; returns how many recipes."""
    indexed = select(RecipeIngredient.recipe_id).distinct()
    missing = [
        recipe_id
        for recipe_id in session.exec(select(Recipe.id).where(col(Recipe.id).not_in(indexed)))
        if recipe_id is not None
    ]
    if missing:
        index_recipes(session=session, recipe_ids=missing)
    return len(missing)

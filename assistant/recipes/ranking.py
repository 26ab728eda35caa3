"""Recipe ideas: what uses the ingredients asked for (or just bought, or on the list),
within the time available, that the household can cook (equipment, diets, dislikes),
tastes first; each with why it was chosen and what is missing. A recipe that exists in
several languages is ranked once, in the language asked for (`recipes.translations`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from assistant.customers.models import Preference
from assistant.history.models import Receipt, ReceiptLine
from assistant.orders.models import Order, OrderLine
from assistant.recipes.index import ensure_indexed, product_keys
from assistant.recipes.ingredients import (
    MEATS,
    PANTRY,
    ingredient_key,
    parse_ingredient_line,
    terms_for,
)
from assistant.recipes.models import Recipe, RecipeIngredient
from assistant.recipes.translations import versions
from assistant.text import fold

# Equipment not every kitchen has: a recipe needing it only fits a household that owns it.
SPECIAL_EQUIPMENT = frozenset({"autocuiseur"})
_DIET_ALIASES = {
    "vegetarien": "vegetarian", "vegetarienne": "vegetarian", "vegetalien": "vegan",
    "vegetalienne": "vegan", "sans gluten": "gluten-free", "gluten free": "gluten-free",
    "sans lactose": "lactose-free", "lactose free": "lactose-free",
}  # fmt: skip
# What the ingredients alone can tell: meat or fish rules out vegetarian; animal produce, vegan.
_ANIMAL_PRODUCE = frozenset({"oeuf", "lait", "creme", "beurre", "fromage", "yaourt", "miel"})


def diet_name(value: str) -> str:
    folded = fold(value).strip()
    return _DIET_ALIASES.get(folded, folded)


_BATCH = 500
_RECEIPTS = 2  # "just bought": the latest two receipts


class IndexRow(NamedTuple):
    recipe_id: int
    position: int
    line: str | None
    key: str
    product_id: int | None


@dataclass(frozen=True)
class Missing:
    line: str
    key: str
    product_ids: tuple[int, ...]

    @property
    def name(self) -> str:
        """The ingredient as written, without quantity: "crème fraîche"."""
        return parse_ingredient_line(self.line).name


@dataclass(frozen=True)
class RecipeSuggestion:
    recipe: Recipe
    score: float
    minutes: int | None
    # Why: ("match", key) asked for, ("bought", key) just bought or on the list,
    # ("time", minutes), ("cuisine", value), ("equipment", value).
    reasons: tuple[tuple[str, str], ...]
    missing: tuple[Missing, ...] = ()


@dataclass
class Household:
    cuisines: set[str] = field(default_factory=set)
    equipment: set[str] = field(default_factory=set)
    diets: set[str] = field(default_factory=set)
    avoid: set[str] = field(default_factory=set)  # dislikes and allergies, as keys


def recipe_minutes(recipe: Recipe) -> int | None:
    """Total time; prep + cook when only those are known; None (unknown, never fitting)."""
    if recipe.total_minutes is not None:
        return recipe.total_minutes
    if recipe.prep_minutes is not None or recipe.cook_minutes is not None:
        return (recipe.prep_minutes or 0) + (recipe.cook_minutes or 0)
    return None


def household_profile(*, session: Session, household_id: int | None) -> Household:
    profile = Household()
    if household_id is None:
        return profile
    prefs = session.exec(select(Preference).where(Preference.household_id == household_id))
    for pref in prefs:
        if pref.kind == "cuisine":
            profile.cuisines.add(fold(pref.value))
        elif pref.kind == "equipment":
            profile.equipment.add(ingredient_key(pref.value) or fold(pref.value))
        elif pref.kind == "diet":
            profile.diets.add(diet_name(pref.value))
        elif pref.kind in ("dislike", "allergy"):
            profile.avoid.update(terms_for(pref.value))
    return profile


def available_products(*, session: Session, household_id: int) -> dict[str, int]:
    """Ingredient keys → product id, from the latest receipts and the draft order's lines."""
    receipts = session.exec(
        select(Receipt.id)
        .where(Receipt.household_id == household_id)
        .order_by(col(Receipt.purchased_at).desc())
        .limit(_RECEIPTS)
    ).all()
    product_ids: list[int] = []
    if receipts:
        product_ids += [
            pid
            for pid in session.exec(
                select(ReceiptLine.product_id).where(col(ReceiptLine.receipt_id).in_(receipts))
            )
            if pid is not None
        ]
    product_ids += list(
        session.exec(
            select(OrderLine.product_id)
            .join(Order, col(Order.id) == col(OrderLine.order_id))
            .where(Order.household_id == household_id, Order.status == "draft")
        ).all()
    )
    keys = product_keys(session, product_ids)
    return {key: pid for pid, key in keys.items() if key not in PANTRY}


def _fits_diets(diets: set[str], recipe: Recipe, keys: set[str]) -> bool:
    declared = {diet_name(d) for d in recipe.diets}
    for diet in diets:
        if diet in declared:
            continue
        # Vegetarian is checkable from the ingredients; any other diet must be declared.
        # A recipe listing its diets without this one is taken at its word.
        if not declared and diet == "vegetarian" and not keys & MEATS:
            continue
        if not declared and diet == "vegan" and not keys & (MEATS | _ANIMAL_PRODUCE):
            continue
        return False
    return True


def _candidates(session: Session, groups: list[list[str]], any_of: set[str]) -> set[int]:
    def having(keys: Sequence[str]) -> set[int]:
        query = select(RecipeIngredient.recipe_id).where(col(RecipeIngredient.key).in_(keys))
        return set(session.exec(query.distinct()).all())

    if groups:
        found: set[int] | None = None
        for terms in groups:
            ids = having(terms)
            found = ids if found is None else found & ids
        return found or set()
    return having(sorted(any_of)) if any_of else set()


def rank_recipes(
    *,
    session: Session,
    wanted: Sequence[str] = (),
    household_id: int | None = None,
    max_minutes: int | None = None,
    limit: int = 3,
    use_purchases: bool = True,
    search: str | None = None,
    lang: str | None = None,
) -> list[RecipeSuggestion]:
    """The best recipes using every `wanted` ingredient or dish (or, when none is given, the
    household's latest purchases and shopping list), within `max_minutes` (unknown times never
    fit), that the household can cook; tastes and the quickest first. A recipe translated
    into `lang` comes in that version (else as its original), once."""
    ensure_indexed(session=session)
    groups = [terms_for(text) for text in wanted if text and text.strip()]
    profile = household_profile(session=session, household_id=household_id)
    available: dict[str, int] = {}
    if household_id is not None and use_purchases:
        available = available_products(session=session, household_id=household_id)
    ids = _candidates(session, groups, set(available) if search is None else set())
    if search is not None:
        like = f"%{search.strip()}%"
        title_ids = session.exec(select(Recipe.id).where(col(Recipe.title).ilike(like))).all()
        # A search finds a title ("rôti") or an ingredient ("guinea fowl"): both count.
        ids |= {i for i in title_ids if i is not None}
        ids |= _candidates(session, [], set(terms_for(search)))
    # Either version may have matched (a French title, an English word): show the one in
    # `lang`, ordered among equals by its original, as before translations existed.
    originals = {v.shown_id: v.original_id for v in versions(session, ids, lang)}
    ids = set(originals)
    rows_by_recipe: dict[int, list[IndexRow]] = {}
    recipes: list[Recipe] = []
    ordered = sorted(ids)
    minutes_expr = sa.func.coalesce(
        col(Recipe.total_minutes), col(Recipe.prep_minutes) + col(Recipe.cook_minutes)
    )
    for start in range(0, len(ordered), _BATCH):
        chunk = ordered[start : start + _BATCH]
        # The long texts are not needed to rank; they load if a caller reads them.
        query = (
            select(Recipe)
            .where(col(Recipe.id).in_(chunk))
            .options(*(defer(c) for c in (Recipe.steps, Recipe.description)))  # type: ignore[arg-type]
        )
        if max_minutes is not None:
            query = query.where(minutes_expr <= max_minutes)
        batch = list(session.exec(query).all())
        recipes += batch
        kept = [r.id for r in batch]
        table = RecipeIngredient.__table__  # type: ignore[attr-defined]
        columns = sa.select(
            table.c.recipe_id, table.c.position, table.c.line, table.c.key, table.c.product_id
        )
        for values in session.execute(columns.where(table.c.recipe_id.in_(kept))):
            row = IndexRow(*values)
            rows_by_recipe.setdefault(row.recipe_id, []).append(row)
    found = [
        suggestion
        for recipe in recipes
        if (
            suggestion := _judge(
                recipe, rows_by_recipe.get(recipe.id or 0, []), groups, available, profile
            )
        )
        is not None
    ]
    found.sort(
        key=lambda s: (
            -s.score,
            s.minutes if s.minutes is not None else 10**6,
            originals.get(s.recipe.id or 0, s.recipe.id),
        )
    )
    return found[:limit]


def _judge(
    recipe: Recipe,
    rows: list[IndexRow],
    groups: list[list[str]],
    available: dict[str, int],
    profile: Household,
) -> RecipeSuggestion | None:
    keys = {row.key for row in rows if row.key}
    if profile.avoid & keys:
        return None
    equipment = {ingredient_key(tool) or fold(tool) for tool in recipe.equipment}
    if (equipment & SPECIAL_EQUIPMENT) - profile.equipment:
        return None
    if not _fits_diets(profile.diets, recipe, keys):
        return None
    reasons: list[tuple[str, str]] = []
    score = 0.0
    asked: set[str] = set()
    for terms in groups:
        hit = next((term for term in terms if term in keys), terms[0])
        reasons.append(("match", hit))
        asked.add(hit)
        score += 2.0
    for key in sorted(keys & set(available) - asked):
        reasons.append(("bought", key))
        score += 1.0
    minutes = recipe_minutes(recipe)
    if minutes is not None:
        reasons.append(("time", str(minutes)))
    tastes = {fold(v) for v in (recipe.cuisine, recipe.region, *recipe.tags) if v}
    for value in (recipe.cuisine, recipe.region):
        if value and fold(value) in profile.cuisines:
            reasons.append(("cuisine", value))
            score += 1.0
    if not recipe.cuisine and not recipe.region and tastes & profile.cuisines:
        reasons.append(("cuisine", sorted(tastes & profile.cuisines)[0]))
        score += 1.0
    for tool in recipe.equipment:
        if (ingredient_key(tool) or fold(tool)) in profile.equipment:
            reasons.append(("equipment", tool))
            score += 1.0
    have = asked | set(available) | PANTRY
    missing = tuple(
        Missing(row.line or row.key, row.key, (row.product_id,) if row.product_id else ())
        for row in sorted(rows, key=lambda r: r.position)
        if row.position >= 0 and row.key not in have
    )
    score -= 0.1 * len(missing)
    return RecipeSuggestion(recipe, score, minutes, tuple(reasons), missing)

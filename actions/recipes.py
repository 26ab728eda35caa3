"""Recipe ideas from the ingredient or dish asked for (else what was just bought or is on
the list), the time available and the household's tastes, equipment, diets and dislikes: a
counted text, then one card per recipe that opens it."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk.events import SlotSet
from sqlmodel import col, select

from actions.base import Ctx, DataAction, fold, parse_minutes
from assistant.catalog.models import Product
from assistant.config import get_settings
from assistant.i18n import Msg, catalogue
from assistant.recipes.models import Recipe
from assistant.recipes.ranking import RecipeSuggestion, rank_recipes, recipe_minutes
from assistant.replies import Card, Link
from nlu import values

# A card's line stays one line: the first ingredients to buy, then how many more.
_TO_BUY_SHOWN = 3


def _asked_id(kind: str, asked: str, minutes: int | None) -> str:
    """found/none, for what was asked (else the latest shopping), within a time or not."""
    return f"recipes.{kind}.{'asked' if asked else 'latest'}{'_within' if minutes else ''}"


def _equipment_line(ctx: Ctx, tool: str) -> str:
    key = "recipes.card.equipment." + "_".join(fold(tool).replace("-", " ").split())
    return ctx.text(key if key in catalogue(ctx.lang) else "recipes.card.equipment.own")


def _constraints(ctx: Ctx, suggestion: RecipeSuggestion) -> list[str]:
    """The household's tastes and equipment the recipe meets."""
    recipe = suggestion.recipe
    lines = []
    for kind, value in suggestion.reasons:
        if kind == "cuisine" and fold(recipe.cuisine or "") == "terroir":
            lines.append(
                ctx.text("recipes.card.terroir_region", region=recipe.region)
                if recipe.region
                else ctx.text("recipes.card.terroir")
            )
        elif kind == "cuisine":
            lines.append(ctx.text("recipes.card.cuisine", cuisine=value))
        elif kind == "equipment":
            lines.append(_equipment_line(ctx, value))
    return list(dict.fromkeys(lines))


def _recipe_link(ctx: Ctx, recipe: Recipe) -> Link | None:
    if recipe.id is None:
        return None
    # The API's recipe by id (api/routers/recipes.py), at the address customers reach.
    url = f"{get_settings().base_url}/recipes/{recipe.id}"
    return Link(title=ctx.text("recipes.card.link"), url=url)


def recipe_card(ctx: Ctx, recipe: Recipe, suggestion: RecipeSuggestion | None = None) -> Card:
    """A recipe: its time, then for a suggestion the tastes and equipment it meets and what
    is missing."""
    minutes = suggestion.minutes if suggestion else recipe_minutes(recipe)
    lines = [
        ctx.text("recipes.card.time", minutes=minutes)
        if minutes
        else ctx.text("recipes.card.time_unknown")
    ]
    if suggestion is not None:
        lines += _constraints(ctx, suggestion)
        names = list(dict.fromkeys(m.name for m in suggestion.missing))
        if len(names) > _TO_BUY_SHOWN:
            more = ctx.text("recipes.card.more_ingredients", count=len(names) - _TO_BUY_SHOWN)
            names = [*names[:_TO_BUY_SHOWN], more]
        if names:
            lines.append(ctx.text("recipes.card.to_buy", items=names))
    return Card(kind="recipe", title=recipe.title, lines=lines, link=_recipe_link(ctx, recipe),
                ref=recipe.id)  # fmt: skip


class RecipeSuggest(DataAction):
    def name(self) -> str:
        return "action_recipe_suggest"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        wanted = [str(v) for v in (ctx.slot("ingredient"), ctx.slot("dish")) if v]
        minutes = parse_minutes(ctx.slot("duration"))
        suggestions = rank_recipes(
            session=ctx.session,
            wanted=wanted,
            household_id=ctx.household_id,
            max_minutes=minutes,
            # A recipe written in both languages comes in the turn's.
            lang=ctx.lang,
        )
        asked = " ".join(wanted)
        values: dict[str, Any] = {"asked": asked, "minutes": minutes}
        if not suggestions:
            ctx.tell(_asked_id("none", asked, minutes), **values)
            return []
        ctx.tell(
            _asked_id("found", asked, minutes),
            count=len(suggestions),
            # A speaker says the titles (the voice variant); a screen shows the cards.
            titles=[s.recipe.title for s in suggestions],
            buttons=_add_buttons(ctx, suggestions[0]),
            cards=[recipe_card(ctx, s.recipe, s) for s in suggestions],
            **values,
        )
        # "How do I make the second one?" refers to this list.
        shown = [s.recipe.id for s in suggestions if s.recipe.id is not None]
        return [SlotSet("last_recipes", shown), SlotSet("last_topic", "recipe")]


def _shown_recipes(ctx: Ctx) -> list[Recipe]:
    ids = [int(i) for i in (ctx.slot("last_recipes") or []) if str(i).isdigit()]
    recipes = {r.id: r for r in ctx.session.exec(select(Recipe).where(col(Recipe.id).in_(ids)))}
    return [recipes[i] for i in ids if i in recipes]


def _pick(ctx: Ctx) -> Recipe | None:
    """The recipe meant: by its rank in the last suggestions, by the dish or ingredient named
    among them, else the best match of the catalogue for the dish named, else the first
    one shown."""
    shown = _shown_recipes(ctx)
    text = str((ctx.tracker.latest_message or {}).get("text") or "")
    rank = values.ordinal(text)
    if rank is not None and shown:
        return shown[rank] if -len(shown) <= rank < len(shown) else None
    named = [str(v) for v in (ctx.slot("dish"), ctx.slot("ingredient")) if v]
    for word in named:
        key = fold(word)
        for recipe in shown:
            if key in fold(recipe.title) or any(key in fold(i) for i in recipe.ingredients):
                return recipe
    if named:
        found = rank_recipes(
            session=ctx.session, wanted=named, household_id=ctx.household_id, max_minutes=None,
            lang=ctx.lang,
        )  # fmt: skip
        return found[0].recipe if found else None
    return shown[0] if shown else None


_MAX_STEPS_SAID = 6


class RecipeDetails(DataAction):
    def name(self) -> str:
        return "action_recipe_details"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        recipe = _pick(ctx)
        if recipe is None:
            ctx.tell("recipes.details.which")
            return []
        minutes, servings = recipe_minutes(recipe), recipe.servings
        shape = {(True, True): "both", (True, False): "time", (False, True): "serves"}
        head = shape.get((bool(minutes), bool(servings)), "plain")
        steps = recipe.steps[:_MAX_STEPS_SAID]
        parts = [
            Msg(f"recipes.details.head.{head}",
                {"title": recipe.title, "minutes": minutes, "servings": servings}),
            # Ingredient lines hold commas of their own ("1 pintade, vidée").
            Msg("recipes.details.ingredients", {"ingredients": "; ".join(recipe.ingredients)}),
            Msg("recipes.details.steps",
                {"steps": " ".join(f"{n}. {step}" for n, step in enumerate(steps, 1))}),
        ]  # fmt: skip
        more = len(recipe.steps) - len(steps)
        if more > 0:
            parts.append(Msg("recipes.details.more_steps", {"count": more}))
        ctx.tell_all(parts, cards=[recipe_card(ctx, recipe)])
        return [SlotSet("last_topic", "recipe")]


_MAX_BUTTONS = 4


def _add_buttons(ctx: Ctx, suggestion: RecipeSuggestion) -> list[dict[str, Any]]:
    """One tap adds a missing ingredient of the first idea to the shopping list."""
    ids = list(dict.fromkeys(pid for m in suggestion.missing for pid in m.product_ids))
    ids = ids[:_MAX_BUTTONS]
    if not ids:
        return []
    products = {p.id: p for p in ctx.session.exec(select(Product).where(col(Product.id).in_(ids)))}
    buttons = []
    for pid in ids:
        product = products.get(pid)
        if product is None:
            continue
        name = product.name_en if ctx.lang == "en" else product.name_fr
        buttons.append(
            {
                "title": ctx.text("recipes.button.add", product=name),
                "payload": "/shopping_list_add"
                + json.dumps({"product": product.ean, "quantity": 1}),
            }
        )
    return buttons

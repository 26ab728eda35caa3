"""Recipe ideas from the ingredient or dish asked for (else what was just bought or is on
the list), the time available and the household's tastes, equipment, diets and dislikes."""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk.events import SlotSet
from sqlmodel import col, select

from actions.base import Ctx, DataAction, fold, parse_minutes
from assistant.catalog.models import Product
from assistant.recipes.models import Recipe
from assistant.recipes.ranking import RecipeSuggestion, rank_recipes


def _why(suggestion: RecipeSuggestion, lang: str) -> str:
    parts = []
    for kind, value in suggestion.reasons:
        if kind == "match":
            parts.append(f"contient « {value} »" if lang == "fr" else f'has "{value}"')
        elif kind == "bought":
            parts.append(f"avec votre {value}" if lang == "fr" else f"uses your {value}")
        elif kind == "cuisine":
            parts.append(
                f"cuisine {value} que vous aimez" if lang == "fr" else f"{value} cooking you like"
            )
        elif kind == "equipment":
            parts.append(f"se fait à l'{value}" if lang == "fr" else f"made with your {value}")
    return ", ".join(parts)


def _describe(suggestion: RecipeSuggestion, lang: str) -> str:
    total = suggestion.minutes
    time = f"{total} min" if total else ("durée inconnue" if lang == "fr" else "time unknown")
    why = _why(suggestion, lang)
    text = f"{suggestion.recipe.title} ({time}{', ' + why if why else ''})"
    names = list(dict.fromkeys(m.name for m in suggestion.missing))
    if names:
        label = "à acheter" if lang == "fr" else "to buy"
        text += (
            f" [{label} : {', '.join(names)}]"
            if lang == "fr"
            else f" [{label}: " + (", ".join(names) + "]")
        )
    return text


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
        )
        asked = " ".join(wanted)
        limit_fr = f" en moins de {minutes} minutes" if minutes else ""
        limit_en = f" within {minutes} minutes" if minutes else ""
        if not suggestions:
            with_fr = f" avec « {asked} »" if asked else ""
            with_en = f' with "{asked}"' if asked else ""
            ctx.say(
                fr=f"Je n'ai pas de recette{with_fr}{limit_fr}.",
                en=f"I have no recipe{with_en}{limit_en}.",
            )
            return []
        fr = " ; ".join(_describe(s, "fr") for s in suggestions)
        en = "; ".join(_describe(s, "en") for s in suggestions)
        ctx.say(
            fr=f"Je vous propose : {fr}.",
            en=f"Here are my suggestions: {en}.",
            buttons=_add_buttons(ctx, suggestions[0]),
        )
        # "How do I make the second one?" refers to this list.
        shown = [s.recipe.id for s in suggestions if s.recipe.id is not None]
        return [SlotSet("last_recipes", shown), SlotSet("last_topic", "recipe")]


# "la deuxième", "the second one", "la 2e", "the last one".
_ORDINALS: tuple[tuple[str, int], ...] = (
    (r"\b(premi[eè]re?|first|1(?:re|er|st)?)\b", 0),
    (r"\b(deuxi[eè]me|seconde?|second|2(?:e|nd|eme)?)\b", 1),
    (r"\b(troisi[eè]me|third|3(?:e|rd|eme)?)\b", 2),
    (r"\b(quatri[eè]me|fourth|4(?:e|th|eme)?)\b", 3),
    (r"\b(cinqui[eè]me|fifth|5(?:e|th|eme)?)\b", 4),
    (r"\b(derni[eè]re?|last)\b", -1),
)


def _ordinal(text: str) -> int | None:
    folded = fold(text)
    for pattern, index in _ORDINALS:
        if re.search(pattern, folded):
            return index
    return None


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
    rank = _ordinal(text)
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
            session=ctx.session, wanted=named, household_id=ctx.household_id, max_minutes=None
        )
        return found[0].recipe if found else None
    return shown[0] if shown else None


_MAX_STEPS_SAID = 6


class RecipeDetails(DataAction):
    def name(self) -> str:
        return "action_recipe_details"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        recipe = _pick(ctx)
        if recipe is None:
            ctx.say(
                fr="De quelle recette parlez-vous ? Demandez-moi d'abord des idées de recettes.",
                en="Which recipe do you mean? Ask me for recipe ideas first.",
            )
            return []
        minutes = recipe.total_minutes
        time_fr = f", {minutes} min" if minutes else ""
        time_en = f", {minutes} min" if minutes else ""
        serves_fr = f", pour {recipe.servings} personnes" if recipe.servings else ""
        serves_en = f", serves {recipe.servings}" if recipe.servings else ""
        ingredients = "; ".join(recipe.ingredients)
        steps = recipe.steps[:_MAX_STEPS_SAID]
        numbered = " ".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
        more = len(recipe.steps) - len(steps)
        more_fr = f" (et {more} étapes de plus dans l'appli)" if more > 0 else ""
        more_en = f" (and {more} more steps in the app)" if more > 0 else ""
        ctx.say(
            fr=f"{recipe.title}{time_fr}{serves_fr}. Ingrédients : {ingredients}. "
            f"Étapes : {numbered}{more_fr}",
            en=f"{recipe.title}{time_en}{serves_en}. Ingredients: {ingredients}. "
            f"Steps: {numbered}{more_en}",
        )
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
        name = product.name_fr if ctx.lang == "fr" else product.name_en
        buttons.append(
            {
                "title": f"Ajouter {name}" if ctx.lang == "fr" else f"Add {name}",
                "payload": "/shopping_list_add"
                + json.dumps({"product": product.ean, "quantity": 1}),
            }
        )
    return buttons

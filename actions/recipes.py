"""Recipe ideas from the ingredient or dish asked for (else what was just bought or is on
the list), the time available and the household's tastes, equipment, diets and dislikes."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from actions.base import Ctx, DataAction, parse_minutes
from assistant.catalog.models import Product
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
        return []


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

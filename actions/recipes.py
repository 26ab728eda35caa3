"""Recipe ideas from the ingredient or dish asked for, the time available and the
household's tastes and kitchen equipment."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from actions.base import Ctx, DataAction, parse_minutes
from assistant.customers.models import Preference
from assistant.recipes.service import RecipeSuggestion, suggest_recipes


def _why(suggestion: RecipeSuggestion, lang: str) -> str:
    parts = []
    for kind, value in suggestion.reasons:
        if kind == "match":
            parts.append(f"contient « {value} »" if lang == "fr" else f'has "{value}"')
        elif kind == "cuisine":
            parts.append(
                f"cuisine {value} que vous aimez" if lang == "fr" else f"{value} cooking you like"
            )
        elif kind == "equipment":
            parts.append(f"se fait à l'{value}" if lang == "fr" else f"made with your {value}")
    return ", ".join(parts)


class RecipeSuggest(DataAction):
    def name(self) -> str:
        return "action_recipe_suggest"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        wanted = [str(v) for v in (ctx.slot("ingredient"), ctx.slot("dish")) if v]
        minutes = parse_minutes(ctx.slot("duration"))
        prefs = ctx.session.exec(
            select(Preference).where(Preference.household_id == ctx.household_id)
        ).all()
        cuisines = [p.value for p in prefs if p.kind == "cuisine"]
        equipment = [p.value for p in prefs if p.kind == "equipment"]
        suggestions = suggest_recipes(
            session=ctx.session,
            wanted=wanted,
            max_minutes=minutes,
            cuisines=cuisines,
            equipment=equipment,
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
        items_fr, items_en = [], []
        for s in suggestions:
            total = s.recipe.total_minutes
            time_fr = f"{total} min" if total else "durée inconnue"
            time_en = f"{total} min" if total else "time unknown"
            why_fr, why_en = _why(s, "fr"), _why(s, "en")
            items_fr.append(f"{s.recipe.title} ({time_fr}{', ' + why_fr if why_fr else ''})")
            items_en.append(f"{s.recipe.title} ({time_en}{', ' + why_en if why_en else ''})")
        ctx.say(
            fr="Je vous propose : " + " ; ".join(items_fr) + ".",
            en="Here are my suggestions: " + "; ".join(items_en) + ".",
        )
        return []

"""schema.org `Recipe` nodes (JSON-LD) as rows for the `recipes` table."""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from assistant.recipes.service import parse_iso8601_duration, parse_servings

JSONLD_SOURCE = "jsonld"
_DIET_RE = re.compile(r"(?:https?://schema\.org/)?(\w+?)Diet$")


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds if k}


def find_recipe_nodes(document: Any) -> list[dict[str, Any]]:
    """Every Recipe object in a JSON-LD document: one object, a list, or an `@graph`."""
    found: list[dict[str, Any]] = []
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "Recipe" in _types(item):
                found.append(item)
            elif "@graph" in item:
                stack.append(item["@graph"])
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("text") or value.get("name")
    if value is None or isinstance(value, list | dict):
        return None
    text = re.sub(r"<[^>]+>", " ", html.unescape(str(value)))
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def _strings(value: Any) -> list[str]:
    """A list of texts from a string, a list, or objects with `name`/`text`."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = [_text(item) for item in items]
    return [item for item in out if item]


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return list(dict.fromkeys(k.lower() for k in _strings(value)))


def instruction_lines(value: Any) -> list[str]:
    """recipeInstructions as plain steps: a text, a list of texts, HowToStep objects,
    or HowToSection objects holding them (a section's name becomes a step of its own)."""
    if isinstance(value, str):
        return [line for line in (_text(part) for part in re.split(r"\n+", value)) if line]
    if isinstance(value, dict):
        kinds = _types(value)
        if "HowToSection" in kinds or "ItemList" in kinds:
            name = _text(value.get("name"))
            inner = instruction_lines(value.get("itemListElement"))
            return ([f"{name}:"] if name else []) + inner
        text = _text(value)
        return [text] if text else []
    if isinstance(value, list):
        return [line for item in value for line in instruction_lines(item)]
    return []


def _joined(value: Any, max_length: int) -> str | None:
    parts = _strings(value)
    return ", ".join(parts)[:max_length] if parts else None


def _author(value: Any) -> str | None:
    names = _strings(value)
    return ", ".join(names)[:300] if names else None


def _external_id(node: dict[str, Any], title: str, ingredients: list[str]) -> str:
    for key in ("@id", "url", "mainEntityOfPage"):
        ref = _text(node.get(key)) if not isinstance(node.get(key), dict) else None
        if isinstance(node.get(key), dict):
            ref = _text(node[key].get("@id"))
        if ref:
            return ref[:300]
    # Without an identifier, the content names the recipe: re-importing the same
    # file finds the same row.
    digest = hashlib.sha1("\n".join([title, *ingredients]).encode(), usedforsecurity=False)
    return f"sha1:{digest.hexdigest()}"


def jsonld_record(node: dict[str, Any]) -> dict[str, Any] | str:
    """The `recipes` row of a Recipe node, or the reason it is skipped."""
    title = _text(node.get("name")) or _text(node.get("headline"))
    if not title:
        return "no title"
    ingredients = _strings(node.get("recipeIngredient") or node.get("ingredients"))
    steps = instruction_lines(node.get("recipeInstructions"))
    if not ingredients and not steps:
        return "no ingredients or steps"
    prep = parse_iso8601_duration(_text(node.get("prepTime")))
    cook = parse_iso8601_duration(_text(node.get("cookTime")))
    total = parse_iso8601_duration(_text(node.get("totalTime")))
    if total is None and (prep is not None or cook is not None):
        total = (prep or 0) + (cook or 0)
    lang = _text(node.get("inLanguage"))
    diets = []
    for diet in _strings(node.get("suitableForDiet")):
        match = _DIET_RE.search(diet)
        diets.append((match.group(1) if match else diet).lower())
    url = _text(node.get("url"))
    return {
        "source": JSONLD_SOURCE,
        "external_id": _external_id(node, title, ingredients),
        "title": title[:300],
        # Without inLanguage the language is unknown: "und" (BCP 47), not a guess.
        "lang": (lang or "und")[:5],
        "description": _text(node.get("description")),
        "category": _joined(node.get("recipeCategory"), 120),
        "cuisine": _joined(node.get("recipeCuisine"), 80),
        "servings": parse_servings(node.get("recipeYield")),
        "prep_minutes": prep,
        "cook_minutes": cook,
        "total_minutes": total,
        "time_text": _text(node.get("totalTime")),
        "equipment": _strings(node.get("tool")),
        "diets": diets,
        "tags": _keywords(node.get("keywords")),
        "ingredients": ingredients,
        "steps": steps,
        "url": url[:500] if url else None,
        "license": _text(node.get("license")),
        "attribution": _author(node.get("author")),
    }

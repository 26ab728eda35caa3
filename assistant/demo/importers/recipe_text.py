"""A compact text format for hand-written recipes (the demo's French set and its English
version).

One block per recipe::

    = Title
    région: Auvergne | cuisine: terroir | cat: plat | parts: 4 | prép: 20 | cuisson: 25
    matériel: autocuiseur | régimes: gluten-free | tags: pintade, hiver
    - ingredient ; ingredient ; ...
    # One step, which may go on
      on indented continuation lines.

Meta lines hold `key: value` pairs separated by `|` (lists are comma separated);
`repos` is resting time, counted in the total. A missing `cuisine` is "familiale".
The meta keys and values are machine keys (household preferences match them), so a
translation keeps them as they are, in French, whatever the language of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.demo.importers._bulk import slugify
from assistant.demo.importers.recipes import RecipeRecord

_KEYS = {
    "région": "region",
    "cuisine": "cuisine",
    "cat": "category",
    "parts": "servings",
    "prép": "prep",
    "cuisson": "cook",
    "repos": "rest",
    "matériel": "equipment",
    "régimes": "diets",
    "tags": "tags",
}
_LISTS = {"equipment", "diets", "tags"}
_NUMBERS = {"servings", "prep", "cook", "rest"}


class RecipeTextError(ValueError):
    pass


@dataclass
class _Block:
    title: str
    text: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    ingredients: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


def _logical_lines(block: str) -> list[str]:
    lines: list[str] = []
    for raw in block.splitlines():
        if not raw.strip():
            continue
        if raw[0].isspace() and lines:
            lines[-1] += " " + raw.strip()
        else:
            lines.append(raw.strip())
    return lines


def _meta(block: _Block, line: str) -> None:
    for pair in line.split("|"):
        key, sep, value = pair.partition(":")
        name = _KEYS.get(key.strip())
        if not sep or name is None:
            raise RecipeTextError(f"{block.title}: unknown meta {pair.strip()!r}")
        value = value.strip()
        if name in _LISTS:
            block.lists[name] = [item.strip() for item in value.split(",") if item.strip()]
        elif name in _NUMBERS:
            block.numbers[name] = int(value)
        else:
            block.text[name] = value


def _parse_block(text: str) -> _Block:
    lines = _logical_lines(text)
    block = _Block(title=lines[0].removeprefix("=").strip())
    for line in lines[1:]:
        if line.startswith("- "):
            block.ingredients.extend(item.strip() for item in line[2:].split(" ; "))
        elif line.startswith("# "):
            block.steps.append(line[2:].strip())
        else:
            _meta(block, line)
    if not block.ingredients or not block.steps or "servings" not in block.numbers:
        raise RecipeTextError(f"{block.title}: needs ingredients, steps and parts")
    return block


def parse_recipe_text(
    text: str, *, source: str, attribution: str | None, lang: str = "fr"
) -> list[RecipeRecord]:
    records = []
    for chunk in text.split("\n= "):
        if not chunk.strip():
            continue
        block = _parse_block(chunk)
        prep, cook = block.numbers.get("prep", 0), block.numbers.get("cook", 0)
        records.append(
            RecipeRecord(
                source=source,
                external_id=slugify(block.title, max_length=120),
                title=block.title,
                lang=lang,
                category=block.text.get("category"),
                cuisine=block.text.get("cuisine", "familiale"),
                region=block.text.get("region"),
                servings=block.numbers["servings"],
                prep_minutes=prep,
                cook_minutes=cook,
                # Resting (a batter, a chilled mousse) counts: the dish is ready only then.
                total_minutes=prep + cook + block.numbers.get("rest", 0),
                equipment=block.lists.get("equipment", []),
                diets=block.lists.get("diets", []),
                tags=block.lists.get("tags", []),
                ingredients=block.ingredients,
                steps=block.steps,
                attribution=attribution,
            )
        )
    return records

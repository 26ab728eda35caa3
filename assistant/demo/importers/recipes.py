"""Recipes from the Wikibooks Cookbook JSON and from schema.org `Recipe` JSON-LD.

`read_recipes` parses a file or a directory completely before anything is written,
so an unreadable input leaves the database untouched; `upsert_recipes` then writes
on (source, external_id): new rows are inserted, changed ones updated, identical
ones skipped as "unchanged".
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session

from assistant.demo.importers.jsonld import find_recipe_nodes, jsonld_record
from assistant.recipes.models import Recipe
from assistant.recipes.service import parse_duration_text, parse_servings

WIKIBOOKS_SOURCE = "wikibooks"
WIKIBOOKS_LICENSE = "CC BY-SA 4.0"
WIKIBOOKS_ATTRIBUTION = "Wikibooks contributors, en.wikibooks.org/wiki/Cookbook"
RECIPE_SUFFIXES = (".json", ".jsonld")
_LOOKUP_BATCH = 500


class UnknownRecipeFormat(ValueError):
    """The input is neither the Wikibooks JSON nor schema.org Recipe JSON-LD."""


@dataclass(frozen=True)
class RecipeRecord:
    """One recipe ready for the `recipes` table (same field names)."""

    source: str
    external_id: str
    title: str
    lang: str = "en"
    description: str | None = None
    category: str | None = None
    cuisine: str | None = None
    region: str | None = None
    servings: int | None = None
    prep_minutes: int | None = None
    cook_minutes: int | None = None
    total_minutes: int | None = None
    time_text: str | None = None
    difficulty: str | None = None
    equipment: list[str] = field(default_factory=list)
    diets: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    ingredients: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    url: str | None = None
    license: str | None = None
    attribution: str | None = None

    def as_row(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class ParsedRecipes:
    records: list[RecipeRecord] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def extend(self, other: ParsedRecipes) -> None:
        self.records.extend(other.records)
        self.skipped.update(other.skipped)


@dataclass
class RecipeImportResult:
    inserted: int = 0
    updated: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def clean_text(value: Any, *, max_length: int | None = None) -> str | None:
    """Plain text from a JSON value: HTML entities decoded, tags dropped, spaces squeezed."""
    if value is None or isinstance(value, dict | list):
        return None
    text = html.unescape(str(value))
    text = re.sub(r"<\s*br\s*/?\s*>", "; ", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", text).replace("'''", "")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return None
    return text[:max_length] if max_length else text


def clean_lines(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, list):
        return []
    return [line for line in (clean_text(v) for v in values) if line]


def wikibooks_url(page: str) -> str:
    return "https://en.wikibooks.org/wiki/" + quote(page.replace(" ", "_"), safe=":/'(),")


def is_wikibooks(document: Any) -> bool:
    if not isinstance(document, dict) or not document or "@context" in document:
        return False
    return all(
        isinstance(v, dict) and "title" in v and ("ingredients" in v or "steps" in v)
        for v in document.values()
    )


def parse_wikibooks(document: Mapping[str, Any]) -> ParsedRecipes:
    parsed = ParsedRecipes()
    for page, entry in document.items():
        title = clean_text(entry.get("title"), max_length=300) or clean_text(
            page.removeprefix("Cookbook:"), max_length=300
        )
        ingredients, steps = clean_lines(entry.get("ingredients")), clean_lines(entry.get("steps"))
        if not title:
            parsed.skipped["no title"] += 1
            continue
        if not ingredients and not steps:
            parsed.skipped["no ingredients or steps"] += 1
            continue
        time_text = clean_text(entry.get("time"))
        parsed.records.append(
            RecipeRecord(
                source=WIKIBOOKS_SOURCE,
                external_id=page[:300],
                title=title,
                lang="en",
                category=clean_text(entry.get("category"), max_length=120),
                servings=parse_servings(entry.get("servings")),
                total_minutes=parse_duration_text(entry.get("time")),
                time_text=time_text[:120] if time_text else None,
                difficulty=clean_text(entry.get("difficulty"), max_length=40),
                ingredients=ingredients,
                steps=steps,
                url=wikibooks_url(page)[:500],
                license=WIKIBOOKS_LICENSE,
                attribution=WIKIBOOKS_ATTRIBUTION,
            )
        )
    return parsed


def parse_document(document: Any, *, origin: str) -> ParsedRecipes:
    """Recipes from one decoded JSON document, whichever supported format it is."""
    nodes = find_recipe_nodes(document)
    if nodes:
        parsed = ParsedRecipes()
        for node in nodes:
            record = jsonld_record(node)
            if isinstance(record, str):
                parsed.skipped[record] += 1
            else:
                parsed.records.append(RecipeRecord(**record))
        return parsed
    if is_wikibooks(document):
        return parse_wikibooks(document)
    raise UnknownRecipeFormat(
        f"{origin}: neither a Wikibooks recipe JSON nor schema.org Recipe JSON-LD"
    )


def _recipe_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in RECIPE_SUFFIXES)
        if not files:
            raise UnknownRecipeFormat(f"{path}: no .json or .jsonld file in this directory")
        yield from files
    else:
        yield path


def read_recipes(path: Path) -> ParsedRecipes:
    """Parse a file or every .json/.jsonld file of a directory; any bad file fails all."""
    parsed = ParsedRecipes()
    for file in _recipe_files(path):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UnknownRecipeFormat(f"{file}: not JSON ({exc})") from exc
        parsed.extend(parse_document(document, origin=str(file)))
    return parsed


def _existing(
    session: Session, table: sa.Table, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    for source, ids in by_source.items():
        for start in range(0, len(ids), _LOOKUP_BATCH):
            rows = session.execute(
                sa.select(table).where(
                    table.c.source == source,
                    table.c.external_id.in_(ids[start : start + _LOOKUP_BATCH]),
                )
            ).mappings()
            for row in rows:
                found[(row["source"], row["external_id"])] = dict(row)
    return found


def upsert_recipes(
    *,
    session: Session,
    records: Sequence[RecipeRecord],
    skipped: Mapping[str, int] | None = None,
) -> RecipeImportResult:
    """Insert new recipes, update changed ones, skip identical ones; flushes only."""
    table = Recipe.__table__  # type: ignore[attr-defined]
    result = RecipeImportResult(skipped=dict(skipped or {}))
    unique: dict[tuple[str, str], RecipeRecord] = {}
    for record in records:
        key = (record.source, record.external_id)
        if key in unique:
            result.skipped["duplicate in input"] = result.skipped.get("duplicate in input", 0) + 1
        else:
            unique[key] = record
    existing = _existing(session, table, list(unique))
    new_rows: list[dict[str, Any]] = []
    changed: list[tuple[str, str]] = []
    for key, record in unique.items():
        row = record.as_row()
        current = existing.get(key)
        if current is None:
            new_rows.append(row)
            changed.append(key)
        elif any(current[name] != value for name, value in row.items()):
            session.execute(sa.update(table).where(table.c.id == current["id"]).values(**row))
            result.updated += 1
            changed.append(key)
        else:
            result.skipped["unchanged"] = result.skipped.get("unchanged", 0) + 1
    for start in range(0, len(new_rows), _LOOKUP_BATCH):
        session.execute(sa.insert(table), new_rows[start : start + _LOOKUP_BATCH])
    result.inserted = len(new_rows)
    session.flush()
    if changed:
        # The ingredient index answers "what can I cook with ...": it must follow every write.
        from assistant.recipes.index import index_recipes

        ids = [row["id"] for row in _existing(session, table, changed).values()]
        index_recipes(session=session, recipe_ids=ids)
    return result

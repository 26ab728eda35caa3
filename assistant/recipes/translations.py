"""Recipes that exist in several languages: one version per language, shown in the
household's (or the turn's) language.

A translation shares its original's source and external id, suffixed with its language:
the demo's "pintade-au-chou-du-quercy-a-l-autocuiseur" (fr) and
"pintade-au-chou-du-quercy-a-l-autocuiseur@en" (en). So the pairing needs no column of
its own, and a re-import keeps it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from sqlmodel import Session, col, select

from assistant.recipes.models import Recipe

_MARK = "@"
_BATCH = 500


def translation_id(original_id: str, lang: str) -> str:
    """The external id of the `lang` version of the recipe `original_id`."""
    return f"{original_id}{_MARK}{lang}"


def translation_stem(external_id: str, lang: str) -> str:
    """The external id of the original of a version (the original is its own)."""
    return external_id.removesuffix(_MARK + lang)


class _Row(NamedTuple):
    id: int
    source: str
    external_id: str
    lang: str


@dataclass(frozen=True)
class Version:
    """The version of a recipe to show, and the id of its original, which orders ties as
    before translations existed."""

    shown_id: int
    original_id: int


def _rows(session: Session, source: str, external_ids: list[str]) -> list[_Row]:
    found: list[_Row] = []
    for start in range(0, len(external_ids), _BATCH):
        query = select(Recipe.id, Recipe.source, Recipe.external_id, Recipe.lang).where(
            Recipe.source == source,
            col(Recipe.external_id).in_(external_ids[start : start + _BATCH]),
        )
        found += [_Row(*values) for values in session.exec(query).all()]
    return found


def versions(session: Session, recipe_ids: Collection[int], lang: str | None) -> list[Version]:
    """One version per recipe among `recipe_ids`: the one in `lang` when it exists, else the
    original (also when `lang` is None), else the recipe found itself."""
    ids = sorted(recipe_ids)
    found: list[_Row] = []
    for start in range(0, len(ids), _BATCH):
        query = select(Recipe.id, Recipe.source, Recipe.external_id, Recipe.lang).where(
            col(Recipe.id).in_(ids[start : start + _BATCH])
        )
        found += [_Row(*values) for values in session.exec(query).all()]
    stems = {row.id: (row.source, translation_stem(row.external_id, row.lang)) for row in found}
    wanted: dict[str, set[str]] = {}
    for source, stem in stems.values():
        wanted.setdefault(source, set()).add(stem)
        if lang is not None:
            wanted[source].add(translation_id(stem, lang))
    known: dict[tuple[str, str], _Row] = {}
    for source, external_ids in wanted.items():
        for row in _rows(session, source, sorted(external_ids)):
            known[(row.source, row.external_id)] = row
    chosen: dict[tuple[str, str], Version] = {}
    for row in found:
        source, stem = stems[row.id]
        if (source, stem) in chosen:
            continue
        original = known.get((source, stem))
        candidates = [original, known.get((source, translation_id(stem, lang or "")))]
        in_lang = next((r for r in candidates if r is not None and r.lang == lang), None)
        shown = in_lang or original or row
        chosen[(source, stem)] = Version(shown.id, (original or shown).id)
    return list(chosen.values())

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from assistant.demo.importers.recipes import (
    RecipeRecord,
    UnknownRecipeFormat,
    parse_document,
    read_recipes,
    upsert_recipes,
)
from assistant.recipes.models import Recipe

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The shared data sit beside the repository, in ../shared/data (never copied into it).
WIKIBOOKS = Path(__file__).resolve().parents[4].parent / "shared/data/wikibooks-recipes-en.json"


def _import(session: Session, path: Path) -> tuple[int, int, dict[str, int]]:
    parsed = read_recipes(path)
    result = upsert_recipes(session=session, records=parsed.records, skipped=parsed.skipped)
    return result.inserted, result.updated, result.skipped


def _by_title(session: Session, title: str) -> Recipe:
    return session.exec(select(Recipe).where(Recipe.title == title)).one()


def test_jsonld_single_object_with_sections(session: Session) -> None:
    inserted, updated, skipped = _import(session, FIXTURES / "single_recipe.jsonld")
    assert (inserted, updated, skipped) == (1, 0, {})
    recipe = _by_title(session, "Pintade express & moutarde")
    assert recipe.source == "jsonld"
    assert recipe.external_id == "https://example.org/recettes/pintade-express#recipe"
    assert recipe.lang == "fr-FR"
    assert recipe.description == "Un plat du soir, prêt en 25 minutes."
    assert (recipe.prep_minutes, recipe.cook_minutes, recipe.total_minutes) == (10, 15, 25)
    assert recipe.servings == 4
    assert recipe.category == "Plat principal"
    assert recipe.cuisine == "Française, Bourgogne"
    assert recipe.tags == ["pintade", "rapide", "moutarde"]
    assert recipe.equipment == ["poêle", "spatule"]
    assert recipe.diets == ["glutenfree"]
    assert recipe.attribution == "Camille Test"
    assert recipe.steps == [
        "Cuisson:",
        "Saisir les filets 5 minutes par face.",
        "Ajouter la moutarde et la crème.",
        "Servir aussitôt.",
    ]
    assert len(recipe.ingredients) == 3


def test_jsonld_graph_and_list(session: Session) -> None:
    assert _import(session, FIXTURES / "graph.json") == (1, 0, {"no title": 1})
    soup = _by_title(session, "Quick tomato soup")
    assert soup.total_minutes == 45 and soup.servings == 2
    assert soup.steps == ["Chop everything.", "Simmer 30 minutes.", "Blend."]
    assert soup.lang == "und"  # no inLanguage: unknown, not guessed
    assert _import(session, FIXTURES / "list.jsonld") == (1, 0, {"no ingredients or steps": 1})
    toast = _by_title(session, "Toast")
    assert toast.total_minutes == 3  # prep + cook when totalTime is missing
    assert toast.external_id.startswith("sha1:")


def test_directory_imports_every_json_file(session: Session, tmp_path: Path) -> None:
    for name in ("single_recipe.jsonld", "graph.json", "list.jsonld"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("ignored: not .json")
    inserted, _, _ = _import(session, tmp_path)
    assert inserted == 3


def test_rerun_is_idempotent_and_changes_update(session: Session, tmp_path: Path) -> None:
    assert _import(session, FIXTURES / "single_recipe.jsonld")[0] == 1
    assert _import(session, FIXTURES / "single_recipe.jsonld") == (0, 0, {"unchanged": 1})
    document = json.loads((FIXTURES / "single_recipe.jsonld").read_text())
    document["totalTime"] = "PT30M"
    changed = tmp_path / "changed.jsonld"
    changed.write_text(json.dumps(document))
    assert _import(session, changed) == (0, 1, {})
    count = session.exec(select(func.count()).select_from(Recipe)).one()
    assert count == 1
    assert _by_title(session, "Pintade express & moutarde").total_minutes == 30


def test_duplicates_in_input_are_skipped(session: Session) -> None:
    record = RecipeRecord(source="jsonld", external_id="x", title="X", ingredients=["a"])
    result = upsert_recipes(session=session, records=[record, record])
    assert (result.inserted, result.skipped) == (1, {"duplicate in input": 1})


@pytest.mark.parametrize(
    "content",
    [
        '{"@context": "https://schema.org", "@type": "Person", "name": "Not a recipe"}',
        '{"a": 1}',
        "[1, 2, 3]",
        "{}",
        "not json at all",
    ],
)
def test_unknown_format_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "input.json"
    path.write_text(content)
    with pytest.raises(UnknownRecipeFormat):
        read_recipes(path)


def test_a_bad_file_in_a_directory_fails_the_whole_directory(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "graph.json", tmp_path / "graph.json")
    shutil.copy(FIXTURES / "not_a_recipe.json", tmp_path / "not_a_recipe.json")
    with pytest.raises(UnknownRecipeFormat, match=r"not_a_recipe\.json"):
        read_recipes(tmp_path)


def test_wikibooks_entry_fields() -> None:
    document = {
        "Cookbook:Tea": {
            "title": "Tea",
            "category": "Beverage recipes",
            "servings": "2\u20134 servings",
            "time": "Prep: 5 minutes<br/>Steeping: 4 minutes",
            "difficulty": "1",
            "ingredients": ["2 teaspoons tea", " ", "500 ml water"],
            "steps": ["Boil the water.", "Steep the tea."],
        },
        "Cookbook:Empty": {"title": "Empty", "ingredients": [], "steps": []},
    }
    parsed = parse_document(document, origin="memory")
    assert parsed.skipped == {"no ingredients or steps": 1}
    (tea,) = parsed.records
    assert (tea.source, tea.external_id, tea.title) == ("wikibooks", "Cookbook:Tea", "Tea")
    assert tea.url == "https://en.wikibooks.org/wiki/Cookbook:Tea"
    assert (tea.servings, tea.total_minutes) == (2, 9)
    assert tea.time_text == "Prep: 5 minutes; Steeping: 4 minutes"
    assert tea.ingredients == ["2 teaspoons tea", "500 ml water"]
    assert tea.license == "CC BY-SA 4.0"
    assert tea.attribution == "Wikibooks contributors, en.wikibooks.org/wiki/Cookbook"


def test_full_wikibooks_file(session: Session) -> None:
    inserted, updated, skipped = _import(session, WIKIBOOKS)
    assert (inserted, updated, skipped) == (3129, 0, {})
    count = session.exec(
        select(func.count()).select_from(Recipe).where(Recipe.source == "wikibooks")
    ).one()
    assert count == 3129
    timed = session.exec(
        select(func.count()).select_from(Recipe).where(Recipe.total_minutes.is_not(None))  # type: ignore[union-attr]
    ).one()
    assert timed > 900
    assert _import(session, WIKIBOOKS) == (0, 0, {"unchanged": 3129})

"""Recipes written in two languages: ranked once, in the language asked for."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.recipes.models import Recipe
from assistant.recipes.ranking import rank_recipes
from assistant.recipes.translations import translation_id, translation_stem, versions

QUERCY = {
    "fr": "Pintade au chou du Quercy à l'autocuiseur",
    "en": "Quercy-style guinea fowl with cabbage in the pressure cooker",
}


def test_translation_ids() -> None:
    assert translation_id("pintade-au-chou", "en") == "pintade-au-chou@en"
    assert translation_stem("pintade-au-chou@en", "en") == "pintade-au-chou"
    # An original is its own stem, whatever its external id looks like.
    assert translation_stem("pintade-au-chou", "fr") == "pintade-au-chou"
    assert translation_stem("Cookbook:Roast Chicken", "en") == "Cookbook:Roast Chicken"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_zerty_get_the_quercy_dish_in_their_language(
    session: Session, zerty: Household, lang: str
) -> None:
    found = rank_recipes(
        session=session, wanted=["guinea fowl"], household_id=zerty.id, max_minutes=30,
        limit=10, lang=lang,
    )  # fmt: skip
    assert found[0].recipe.title == QUERCY[lang]
    assert {item.recipe.lang for item in found} == {lang}
    # Once each: no recipe twice, in either language.
    stems = [translation_stem(i.recipe.external_id, i.recipe.lang) for i in found]
    assert len(stems) == len(set(stems))
    assert ("equipment", "autocuiseur") in found[0].reasons and ("time", "28") in found[0].reasons


def test_both_languages_rank_the_same_dishes_in_the_same_order(
    session: Session, zerty: Household
) -> None:
    def ranked(lang: str | None) -> list[tuple[str, float]]:
        found = rank_recipes(
            session=session, wanted=["pintade"], household_id=zerty.id, limit=50, lang=lang
        )
        return [(translation_stem(i.recipe.external_id, i.recipe.lang), i.score) for i in found]

    french = ranked("fr")
    assert french == ranked("en")
    # Without a language, the originals: the ranking as before the translations.
    assert french == ranked(None)
    assert len(french) >= 5


def test_a_language_without_a_version_gets_the_original(session: Session, zerty: Household) -> None:
    found = rank_recipes(
        session=session, wanted=["pintade"], household_id=zerty.id, max_minutes=30, lang="de"
    )
    assert found[0].recipe.title == QUERCY["fr"]


def _recipe(session: Session, external_id: str, title: str, lang: str, lines: list[str]) -> Recipe:
    recipe = Recipe(
        source="t", external_id=external_id, title=title, lang=lang, total_minutes=20,
        ingredients=lines,
    )  # fmt: skip
    session.add(recipe)
    session.flush()
    return recipe


def test_one_language_only_recipes_stay_as_they_are(session: Session) -> None:
    french = _recipe(session, "salade", "Salade de pintade", "fr", ["2 filets de pintade"])
    english = _recipe(session, "salade@en", "Guinea fowl salad", "en", ["2 guinea fowl fillets"])
    only_fr = _recipe(session, "roti", "Pintade rôtie", "fr", ["1 pintade"])
    only_en = _recipe(session, "Cookbook:Guinea Fowl", "Roast guinea fowl", "en", ["1 guinea fowl"])

    def shown(lang: str | None) -> list[int | None]:
        found = rank_recipes(session=session, wanted=["pintade"], limit=10, lang=lang)
        return [item.recipe.id for item in found]

    # Same score and time: ordered by the original's id, whichever version is shown.
    assert shown("fr") == [french.id, only_fr.id, only_en.id]
    assert shown("en") == [english.id, only_fr.id, only_en.id]
    assert shown(None) == [french.id, only_fr.id, only_en.id]


def test_a_search_finding_either_version_shows_the_one_asked_for(session: Session) -> None:
    french = _recipe(session, "salade", "Salade de pintade", "fr", ["2 filets de pintade"])
    english = _recipe(session, "salade@en", "Guinea fowl salad", "en", ["2 guinea fowl fillets"])
    for search in ("Salade de pintade", "Guinea fowl salad"):
        for lang, expected in (("fr", french), ("en", english)):
            found = rank_recipes(session=session, search=search, use_purchases=False, lang=lang)
            assert [item.recipe.id for item in found] == [expected.id]


def test_versions_of_recipes_without_an_original(session: Session) -> None:
    # A translation whose original is gone is still a recipe: shown as it is.
    lone = _recipe(session, "gone@en", "Guinea fowl stew", "en", ["1 guinea fowl"])
    assert lone.id is not None
    [version] = versions(session, [lone.id], "fr")
    assert (version.shown_id, version.original_id) == (lone.id, lone.id)
    assert session.exec(select(Recipe).where(Recipe.source == "t")).all() == [lone]

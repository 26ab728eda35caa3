"""The 3,129 Wikibooks recipes imported, indexed and ranked with the demo set."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.demo.importers.recipes import read_recipes, upsert_recipes
from assistant.recipes.index import index_recipes
from assistant.recipes.ranking import rank_recipes

WIKIBOOKS = Path("/work/shared/data/wikibooks-recipes-en.json")


@pytest.mark.skipif(not WIKIBOOKS.exists(), reason="Wikibooks recipes not available")
def test_chicken_under_30_minutes_among_thousands(session: Session, zerty: Household) -> None:
    parsed = read_recipes(WIKIBOOKS)
    upsert_recipes(session=session, records=parsed.records)
    assert index_recipes(session=session) > 3000
    found = rank_recipes(
        session=session, wanted=["chicken"], household_id=zerty.id, max_minutes=30, limit=20
    )
    assert any(item.recipe.source == "wikibooks" for item in found)
    for item in found:
        assert item.minutes is not None and item.minutes <= 30
        assert ("match", "poulet") in item.reasons
    french = rank_recipes(session=session, wanted=["poulet"], max_minutes=30, limit=50)
    assert {i.recipe.id for i in found} <= {i.recipe.id for i in french}

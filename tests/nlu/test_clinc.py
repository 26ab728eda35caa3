"""CLINC150 onto our contract: the ambiguous intents are decided as the README of `nlu/` says."""

from __future__ import annotations

from collections import Counter

import pytest

from nlu import clinc


@pytest.mark.parametrize(
    ("text", "clinc_intent", "expected"),
    [
        ("put milk on my shopping list", "shopping_list_update", ("shopping_list_add", "")),
        ("take eggs off my list", "shopping_list_update", ("shopping_list_remove", "")),
        ("i no longer need bread on my list", "shopping_list_update", ("shopping_list_remove", "")),
        ("remove wine and add beer", "shopping_list_update", None),
        ("order everything on my shopping list", "order", ("order_place", "")),
        ("where is my order", "order_status", ("order_status", "")),
        ("how's my amazon order doing", "order_status", ("out_of_scope", "clinc:order_elsewhere")),
        ("order dog food from walmart", "order", ("out_of_scope", "clinc:order_elsewhere")),
        ("how long should a cake bake", "cook_time", ("recipe_suggest", "")),
        ("never mind, cancel that", "cancel", ("deny", "")),
        ("maybe", "maybe", ("out_of_scope", "clinc:maybe")),
        ("points on my chase card", "rewards_balance", ("out_of_scope", "clinc:rewards_balance")),
        ("what is the meaning of life", "oos", ("out_of_scope", "clinc:oos")),
    ],
)  # fmt: skip
def test_map_intent(text: str, clinc_intent: str, expected: tuple[str, str] | None) -> None:
    assert clinc.map_intent(text, clinc_intent) == expected


@pytest.mark.skipif(not clinc.available(), reason="CLINC150 is not beside the project")
def test_test_split_maps_its_own_out_of_scope_set_and_leaves_out_mixed_updates() -> None:
    test = clinc.examples("test")
    groups = Counter(ex.group for ex in test.examples if ex.intent == "out_of_scope")
    assert groups["clinc:oos"] == 1000
    assert 0 < test.left_out < 10
    assert {ex.intent for ex in test.examples} >= {"shopping_list_add", "shopping_list_remove"}


def test_unknown_split_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown CLINC150 split"):
        clinc.examples("dev")

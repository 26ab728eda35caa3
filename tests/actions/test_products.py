"""What a list request names beyond the NLU's product entities (actions/products.py)."""

from __future__ import annotations

from typing import Any

import pytest

from actions.products import untagged_items
from nlu.items import Item


def _entity(text: str, name: str, said: str, value: Any) -> dict[str, Any]:
    start = text.index(said)
    return {"entity": name, "value": value, "start": start, "end": start + len(said)}


@pytest.mark.parametrize(
    ("text", "tagged", "expected", "left"),
    [
        # Nothing tagged: the words that are not the request's own.
        ("ad suger to my list", [], [Item("suger")], []),
        ("ajoute du zorglub stp", [], [Item("zorglub")], []),
        ("add to my list please", [], [], []),
        ("mets-en deux de plus", [("quantity", "deux", 2)], [], ["quantity"]),
        # A quantity said before an untagged product is that product's, not the next one's.
        (
            "add 3 zorglubs and coffee",
            [("quantity", "3", 3), ("product", "coffee", "coffee")],
            [Item("zorglubs", 3.0)],
            ["product"],
        ),
        ("mets du pain et du beure", [("product", "pain", "pain")], [Item("beure")], ["product"]),
        # Beside real products, a word nobody sells with no quantity is no product ("slt").
        ("slt, ajoute du pain", [("product", "pain", "pain")], [], ["product"]),
        # Words around a tagged product stay with it.
        ("ajoute du lait pour ce soir", [("product", "lait", "lait")], [], ["product"]),
    ],
)
def test_untagged_items(
    text: str,
    tagged: list[tuple[str, str, Any]],
    expected: list[Item],
    left: list[str],
) -> None:
    entities = [_entity(text, name, said, value) for name, said, value in tagged]

    items, remaining = untagged_items(text, entities, known=lambda phrase: phrase == "beure")

    assert items == expected
    assert [entity["entity"] for entity in remaining] == left

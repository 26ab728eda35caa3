"""Folding for matching customer words against names."""

from __future__ import annotations

import pytest

from assistant.text import fold, fold_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Pâtes Fraîches", "pates fraiches"), ("Œufs", "oeufs"), ("CAFÉ", "cafe"), ("", "")],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pommes de terre", ["pomme", "de", "terre"]),
        ("2 gâteaux!", ["2", "gateau"]),
        ("bus", ["bus"]),  # short words keep their final s
        ("Émincé de pintade", ["emince", "de", "pintade"]),
    ],
)
def test_fold_words(text: str, expected: list[str]) -> None:
    assert fold_words(text) == expected

"""Folding for matching customer words against names."""

from __future__ import annotations

import pytest

from assistant.text import fold, fold_aligned, fold_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Pâtes Fraîches", "pates fraiches"), ("Œufs", "oeufs"), ("CAFÉ", "cafe"), ("", ""),
     ("L\u2019été", "l'ete")],
)  # fmt: skip
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Pâtes Fraîches", "pates fraiches"), ("Œufs", "œufs"), ("L\u2019été à 15h", "l'ete a 15h")],
)
def test_fold_aligned_keeps_every_offset(text: str, expected: str) -> None:
    assert fold_aligned(text) == expected
    assert len(fold_aligned(text)) == len(text)


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

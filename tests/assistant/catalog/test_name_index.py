"""Products by what customers call them: one index per catalogue version, typos forgiven,
the category said ranked before the one that merely shares a word."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.catalog.name_index import NameIndex, name_index
from tests.factories import make_product

ROWS = [
    (1, "Lait demi-écrémé UHT Carchan 1 L", "Semi-skimmed UHT milk Carchan 1 L", "Carchan", "1 L",
     "lait", False),
    (2, "Lait pour chat Félinor 3 x 200 ml", "Cat milk Félinor 3 x 200 ml", "Félinor",
     "3 x 200 ml", "lait-chat", True),
    (3, "Sucre en poudre Carchan 1 kg", "Caster sugar Carchan 1 kg", "Carchan", "1 kg", "sucre",
     False),
    (4, "Cola zéro sucres 1,5 L", "Zero sugar cola 1.5 L", None, "1,5 L", "soda", False),
    (5, "Yaourt nature Carchan x 8", "Plain yoghurt Carchan x 8", "Carchan", "x 8", "yaourt",
     False),
    (6, "Chocolat au lait Carchan 100 g", "Milk chocolate Carchan 100 g", "Carchan", "100 g",
     "chocolat", False),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(ROWS)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("lait", 1),  # milk, not the cat's: the category said comes first
        ("du lait", 1),
        ("milk", 1),
        ("lait pour chat", 2),
        ("cat milk", 2),
        ("sucre", 3),  # the head of the name, not "cola zéro sucres"
        ("sugar", 3),
        ("yaourt natrue", 5),  # a typo
        ("yoghurt", 5),
        ("chocolat au lait", 6),
        ("sucres", 3),
    ],
)
def test_the_best_match_first(index: NameIndex, text: str, first: int) -> None:
    assert index.search(text)[0].product_id == first


@pytest.mark.parametrize("text", ["zzzxqw", "de la", "", "lai chat zebre"])
def test_nothing_matches(index: NameIndex, text: str) -> None:
    assert index.search(text) == []


def test_a_corrected_typo_is_not_exact(index: NameIndex) -> None:
    [typo] = index.search("yaourt natrue")
    assert not typo.exact
    assert index.search("yaourt nature")[0].exact


def test_every_word_must_be_in_the_name(index: NameIndex) -> None:
    assert {m.product_id for m in index.search("lait")} == {1, 2, 6}
    assert {m.product_id for m in index.search("lait chat")} == {2}


def test_the_index_is_built_once_and_follows_the_catalogue(session: Session) -> None:
    first = name_index(session)
    assert name_index(session) is first
    product = make_product(session, name_fr="Quinoa gourmand", name_en="Gourmet quinoa")
    fresh = name_index(session)
    assert fresh is not first
    assert [m.product_id for m in fresh.search("quinoa gourmand")] == [product.id]
    product.name_fr, product.name_en = "Boulgour fin", "Fine bulgur"
    session.add(product)
    session.flush()
    renamed = name_index(session)
    assert renamed.search("quinoa") == []
    assert [m.product_id for m in renamed.search("boulgour")] == [product.id]

from __future__ import annotations

import pytest

from nlu.items import Item, items_of


def _entity(name: str, value: object, start: int) -> dict[str, object]:
    return {"entity": name, "value": value, "start": start, "end": start + 1}


def test_each_product_keeps_its_own_quantity_and_unit() -> None:
    # "ajoute 2 litres de lait et 6 œufs"
    entities = [
        _entity("quantity", 2, 7),
        _entity("unit", "l", 9),
        _entity("product", "lait", 19),
        _entity("quantity", 6, 27),
        _entity("product", "œufs", 29),
    ]
    assert items_of(entities) == [Item("lait", 2, "l"), Item("œufs", 6, None)]


def test_a_quantity_said_after_the_last_product_belongs_to_it() -> None:
    # "du lait, 6 briques"
    entities = [
        _entity("product", "lait", 3),
        _entity("quantity", 6, 9),
        _entity("unit", "carton", 11),
    ]
    assert items_of(entities) == [Item("lait", 6, "carton")]


@pytest.mark.parametrize(
    ("quantity", "unit", "package", "packs"),
    [
        (6, None, "x 12", 1),  # "6 œufs": one box of 12
        (6, None, "x 6", 1),
        (13, None, "x 6", 3),
        (2, "l", "1 L", 2),
        (2, "l", "6 x 1 L", 1),
        (50, "cl", "1 L", 1),
        (500, "g", "250 g", 2),
        (1, "kg", "1 kg", 1),
        (1.5, "kg", "env. 800 g", 2),
        (3, None, "4 x 100 g", 1),
        (2, None, "500 g", 2),  # "2 paquets de pâtes" said without the word
        (2, "bottle", "1 L", 2),  # a count of packs stays a count
        (2, "kg", "x 12", 2),  # units that do not fit the package: the count said
        (None, None, "x 12", 1),
        (3, None, None, 3),
    ],
)  # fmt: skip
def test_what_was_said_is_counted_in_the_products_packs(
    quantity: float | None, unit: str | None, package: str | None, packs: int
) -> None:
    assert Item("produit", quantity, unit).packs(package) == packs

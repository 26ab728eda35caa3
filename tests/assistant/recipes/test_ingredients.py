"""Free-text ingredient lines in French and English."""

from __future__ import annotations

import pytest

from assistant.recipes.ingredients import (
    ingredient_key,
    ingredient_keys,
    parse_ingredient_line,
    terms_for,
)


@pytest.mark.parametrize(
    ("line", "quantity", "unit", "key"),
    [
        ("2 suprêmes de pintade fermière", 2, None, "pintade"),
        ("1 bouquet garni", 1, None, "bouquet garni"),  # not a bunch of "garni"
        ("1 bouquet de persil", 1, "bunch", "persil"),
        ("1 pintade fermière d'environ 1,3 kg coupée en 8", 1, None, "pintade"),
        ("4 cuisses de pintade", 4, None, "pintade"),
        ("20 cl de crème fraîche", 20, "cl", "creme"),
        ("une pincée de sel", 1, "pinch", "sel"),
        ("1 ½ cups all-purpose flour", 1.5, "cup", "farine"),
        ("1 1/2 cups sugar", 1.5, "cup", "sucre"),
        ("2 cuillères à soupe de miel", 2, "tbsp", "miel"),
        ("1 cuillère à café de paprika", 1, "tsp", "paprika"),
        ("4 gousses d'ail", 4, "clove", "ail"),
        ("1 noix de beurre", 1, "knob", "beurre"),
        ("60 g de cerneaux de noix", 60, "g", "noi"),
        ("3 large eggs, beaten", 3, None, "oeuf"),
        ("1 lb ground beef", 1, "lb", "boeuf"),
        ("2 tbsp. olive oil", 2, "tbsp", "huile"),
        ("1 (14 oz) can diced tomatoes", 1, "can", "tomate"),
        ("1 kg de pommes de terre", 1, "kg", "pomme de terre"),
        ("5 pommes reinettes", 5, None, "pomme"),
        ("A pinch of nutmeg", 1, "pinch", "muscade"),
        ("2 guinea fowl", 2, None, "pintade"),
        ("sel, poivre", None, None, "sel"),
        ("250 g de champignons de Paris", 250, "g", "champignon"),
        ("2 cuillères à soupe d'huile de noix", 2, "tbsp", "huile"),
        ("1 cuillère à soupe de vinaigre de vin", 1, "tbsp", "vinaigre"),
        ("2 tbsp walnut oil", 2, "tbsp", "huile"),
    ],
)
def test_parse_ingredient_line(
    line: str, quantity: float | None, unit: str | None, key: str
) -> None:
    parsed = parse_ingredient_line(line)
    assert (parsed.quantity, parsed.unit, parsed.key) == (quantity, unit, key)


@pytest.mark.parametrize(
    ("text", "key"),
    [("guinea fowl", "pintade"), ("Pintades", "pintade"), ("Suprêmes de pintade", "pintade"),
     ("cocotte-minute", "autocuiseur"), ("pressure cooker", "autocuiseur"),
     ("Label Rouge free-range guinea fowl", "pintade"), ("", "")],
)  # fmt: skip
def test_ingredient_key(text: str, key: str) -> None:
    assert ingredient_key(text) == key


@pytest.mark.parametrize(
    ("title", "keys"),
    [("Chicken and Leek Pie", ["poulet", "poireau"]), ("Salade tiède de pintade aux noix",
     ["salade", "pintade", "noi"]), ("Pommes de terre sautées", ["pomme de terre"])],
)  # fmt: skip
def test_every_ingredient_of_a_title(title: str, keys: list[str]) -> None:
    assert ingredient_keys(title) == keys


def test_terms_for_keeps_the_customers_words() -> None:
    assert terms_for("guinea fowl") == ["pintade", "guinea fowl"]
    assert terms_for("pintade") == ["pintade"]

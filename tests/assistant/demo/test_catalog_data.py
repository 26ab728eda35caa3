"""Behaviour of the pure-data demo catalog: shape, codes, flags and the Zerty story keys."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.demo.catalog_data import (
    DEPARTMENTS,
    EAN_PREFIX,
    ZERTY_KEY_PRODUCTS,
    ProductSpec,
    build_catalog,
    ean13,
    is_valid_ean13,
)
from assistant.demo.catalog_types import AUDIENCES, CHILD_SIZES, SEASONS, UNITS

CATALOG = build_catalog()
BY_EAN = {p.ean: p for p in CATALOG}
FRESH_DEPARTMENTS = ("frais", "fruits-legumes", "boucherie-volaille", "poissonnerie")


def _in(category: str) -> list[ProductSpec]:
    return [p for p in CATALOG if p.category == category]


def test_catalog_is_large_enough() -> None:
    assert len(CATALOG) >= 900


@pytest.mark.parametrize("department", DEPARTMENTS)
def test_every_department_is_stocked(department: str) -> None:
    count = sum(1 for p in CATALOG if p.department == department)
    assert count >= (4 if department == "carburant" else 20)


def test_departments_are_the_fixed_slugs() -> None:
    assert {p.department for p in CATALOG} == set(DEPARTMENTS)
    assert len(DEPARTMENTS) == len(set(DEPARTMENTS)) == 16


def test_eans_are_unique_valid_and_in_our_range() -> None:
    eans = [p.ean for p in CATALOG]
    assert len(eans) == len(set(eans))
    assert all(is_valid_ean13(e) and e.startswith(EAN_PREFIX) for e in eans)


@pytest.mark.parametrize(
    ("base12", "expected"),
    [
        ("400638133393", "4006381333931"),
        ("590123412345", "5901234123457"),
        ("978014300723", "9780143007234"),
        ("376000000000", "3760000000000"),  # sum 30: check digit 0
    ],
)
def test_check_digit_of_known_codes(base12: str, expected: str) -> None:
    assert ean13(base12) == expected
    assert is_valid_ean13(expected)


@pytest.mark.parametrize(
    "code", ["4006381333932", "400638133393", "40063813339310", "40063813339a1", ""]
)
def test_invalid_codes_are_rejected(code: str) -> None:
    assert not is_valid_ean13(code)


@pytest.mark.parametrize("base12", ["12345", "40063813339a", "4006381333931"])
def test_ean13_refuses_a_bad_base(base12: str) -> None:
    with pytest.raises(ValueError):
        ean13(base12)


def test_build_is_deterministic_and_returns_a_fresh_list() -> None:
    first = build_catalog()
    first.clear()
    assert build_catalog() == CATALOG
    assert [p.ean for p in build_catalog()] == [p.ean for p in CATALOG]


def test_french_and_english_names_are_unique() -> None:
    assert [n for n, k in Counter(p.name_fr for p in CATALOG).items() if k > 1] == []
    assert [n for n, k in Counter(p.name_en for p in CATALOG).items() if k > 1] == []


def test_names_read_like_shelf_labels() -> None:
    coffee = BY_EAN[ZERTY_KEY_PRODUCTS["coffee"]]
    assert coffee.name_fr == "Café moulu pur arabica Carchan 250 g"
    assert coffee.package == "250 g"
    assert all(p.brand in p.name_fr and p.brand in p.name_en for p in CATALOG)


@pytest.mark.parametrize(
    "needle",
    [
        "pintade",
        "poulet fermier",
        "boeuf bourguignon",
        "lecteur dvd",
        "blu-ray",
        "aspirateur traîneau",
        "sacs aspirateur",
        "autocuiseur",
        "bouilloire",
        "lave-linge",
        "ballon de football",
        "ballon de football dédicacé",
        "comté aop",
        "champagne",
        "cidre",
        "couches",
        "lait infantile",
        "croquettes pour chat",
        "croquettes pour chien",
        "papier toilette",
        "gazole",
        "sp95-e10",
        "sp98",
        "e85",
    ],
)
def test_story_products_exist(needle: str) -> None:
    assert any(needle in p.name_fr.lower() for p in CATALOG)


def test_fields_use_the_closed_vocabularies() -> None:
    for p in CATALOG:
        assert p.unit in UNITS, p
        assert p.audience in AUDIENCES, p
        assert p.season is None or p.season in SEASONS, p
        assert p.price_cents > 0, p
        assert p.cycle_days is None or p.cycle_days > 0, p


def test_both_seasons_are_represented() -> None:
    seasons = Counter(p.season for p in CATALOG)
    assert seasons["winter"] >= 20
    assert seasons["summer"] >= 20
    assert any("raclette" in p.name_fr and p.season == "winter" for p in CATALOG)
    assert any("rosé" in p.name_fr and p.season == "summer" for p in CATALOG)


def test_pet_flags_follow_the_department() -> None:
    species = {"animalerie-chat": "cat", "animalerie-chien": "dog"}
    for p in CATALOG:
        assert p.pet_species == species.get(p.department), p
        if p.pet_species:
            assert p.audience == p.pet_species
    assert {p.pet_species for p in _in("croquettes-chat") + _in("patee-chat")} == {"cat"}
    assert {p.pet_species for p in _in("croquettes-chien") + _in("patee-chien")} == {"dog"}


def test_diapers_are_baby_products_in_every_size() -> None:
    diapers = [p for p in _in("couches") if p.name_fr.startswith("Couches")]
    assert diapers and all(p.is_baby and p.audience == "baby" for p in diapers)
    for size in range(1, 7):
        assert any(f"taille {size} " in p.name_fr for p in diapers)
    assert all(p.is_baby == (p.department == "bebe") for p in CATALOG)


def test_alcohol_flag_is_on_wines_and_only_in_the_alcohol_aisle() -> None:
    wines = _in("vin")
    assert len(wines) >= 20
    assert all(p.is_alcohol and p.audience == "adult" for p in wines)
    assert all(p.is_alcohol == (p.department == "alcool") for p in CATALOG)
    assert not any(p.is_alcohol for p in _in("biere-sans-alcool"))


def test_durables_have_a_lifespan_and_no_repurchase_cycle() -> None:
    durables = [p for p in CATALOG if p.lifespan_days is not None]
    assert len(durables) >= 40
    for p in durables:
        assert p.cycle_days is None, p
        assert p.department == "electromenager-electronique", p


@pytest.mark.parametrize(
    ("category", "years"),
    [
        ("lecteur-dvd", 3),
        ("lecteur-bluray", 4),
        ("televiseur", 7),
        ("aspirateur-traineau", 6),
        ("autocuiseur", 10),
        ("bouilloire", 4),
        ("machine-cafe", (5, 6)),
        ("micro-ondes", 8),
        ("lave-linge", 10),
        ("grille-pain", 5),
    ],
)
def test_appliance_lifespans(category: str, years: int | tuple[int, int]) -> None:
    products = _in(category)
    allowed = years if isinstance(years, tuple) else (years,)
    assert products
    assert {p.lifespan_days for p in products} <= {round(y * 365) for y in allowed}


def test_vacuum_bags_are_a_consumable_of_the_cylinder_vacuum() -> None:
    bags = _in("sacs-aspirateur")
    vacuum_brands = {p.brand for p in _in("aspirateur-traineau")}
    assert bags
    for bag in bags:
        assert bag.accessory_for == "aspirateur-traineau"
        assert bag.lifespan_days is None and bag.cycle_days is not None
        assert bag.brand in vacuum_brands
    zerty_bags = BY_EAN[ZERTY_KEY_PRODUCTS["vacuum_bags"]]
    assert zerty_bags.cycle_days == 90
    assert zerty_bags.brand == BY_EAN[ZERTY_KEY_PRODUCTS["vacuum_cleaner"]].brand


@pytest.mark.parametrize(
    ("category", "cycle"),
    [("cafe", 14), ("sucre", 30), ("lait", 4), ("pain", 2), ("couches", 7)],
)
def test_typical_repurchase_cycles(category: str, cycle: float) -> None:
    assert cycle in {p.cycle_days for p in _in(category)}


def test_fresh_food_has_a_shelf_life() -> None:
    fresh = [p for p in CATALOG if p.department in FRESH_DEPARTMENTS]
    assert all(p.shelf_life_days is not None and p.shelf_life_days > 0 for p in fresh)


def test_fuel_is_sold_by_the_litre_to_drivers() -> None:
    fuel = [p for p in CATALOG if p.department == "carburant"]
    assert all(p.unit == "l" and p.audience == "car" for p in fuel)
    assert all(50 <= p.price_cents <= 300 for p in fuel)


def test_bio_brand_is_tagged_bio() -> None:
    bio = [p for p in CATALOG if p.brand == "Carchan Bio"]
    assert bio and all("bio" in p.diet_tags for p in bio)
    assert any("halal" in p.diet_tags for p in CATALOG)
    assert any("gluten" in p.allergens for p in CATALOG)


def test_children_clothing_comes_in_age_sizes() -> None:
    kids_wear = [p for p in CATALOG if p.child_size is not None]
    assert {"4 ans", "6 ans", "8 ans", "10 ans", "12 ans", "14 ans"} <= {
        p.child_size for p in kids_wear
    }
    assert all(p.child_size in CHILD_SIZES and p.audience == "kids" for p in kids_wear)
    coats = {p.child_size for p in _in("manteau-enfant")}
    assert {"6 ans", "8 ans", "10 ans", "12 ans"} <= coats
    assert all(p.season == "winter" for p in _in("manteau-enfant"))


@pytest.mark.parametrize(
    ("key", "category"),
    [
        ("coffee", "cafe"),
        ("sugar", "sucre"),
        ("dvd_player", "lecteur-dvd"),
        ("vacuum_cleaner", "aspirateur-traineau"),
        ("vacuum_bags", "sacs-aspirateur"),
        ("pressure_cooker", "autocuiseur"),
        ("guinea_fowl", "pintade"),
        ("football_signed", "ballon-football-dedicace"),
        ("diesel", "gazole"),
        ("kids_coat_8", "manteau-enfant"),
        ("kids_coat_10", "manteau-enfant"),
    ],
)
def test_zerty_keys_resolve_to_the_right_shelf_line(key: str, category: str) -> None:
    assert BY_EAN[ZERTY_KEY_PRODUCTS[key]].category == category


def test_zerty_key_details() -> None:
    product = {key: BY_EAN[ean] for key, ean in ZERTY_KEY_PRODUCTS.items()}
    assert len(ZERTY_KEY_PRODUCTS) == 11
    assert product["kids_coat_8"].child_size == "8 ans"
    assert product["kids_coat_10"].child_size == "10 ans"
    assert product["dvd_player"].lifespan_days == 1095
    assert product["football_signed"].cycle_days is None
    assert product["diesel"].unit == "l"
    assert product["coffee"].cycle_days == 14

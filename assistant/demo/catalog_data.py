"""The Carchan demo product catalog, as pure data (no database code).

`build_catalog()` multiplies the base shelf lines of the `catalog_items_*` tables by
their brands and sizes. Everything is deterministic: the same products, EANs and
prices come out of every call, so fixtures, seeds and tests can rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.demo.catalog_items_drinks import ALCOOL_ITEMS, BOISSONS_ITEMS
from assistant.demo.catalog_items_durables import (
    CARBURANT_ITEMS,
    ELECTRO_ITEMS,
    SPORT_ITEMS,
    TEXTILE_ITEMS,
)
from assistant.demo.catalog_items_fresh import FRAIS_ITEMS, FRUITS_LEGUMES_ITEMS
from assistant.demo.catalog_items_grocery import EPICERIE_ITEMS
from assistant.demo.catalog_items_household import (
    BEBE_ITEMS,
    CHAT_ITEMS,
    CHIEN_ITEMS,
    DROGUERIE_ITEMS,
)
from assistant.demo.catalog_items_market import (
    BOUCHERIE_ITEMS,
    POISSONNERIE_ITEMS,
    SURGELES_ITEMS,
)
from assistant.demo.catalog_types import (
    ALCOOL,
    ANIMALERIE_CHAT,
    ANIMALERIE_CHIEN,
    AUDIENCES,
    BEBE,
    CARBURANT,
    DEPARTMENTS,
    SEASONS,
    UNITS,
    BaseItem,
    Brand,
    Size,
)

__all__ = [
    "DEPARTMENTS",
    "EAN_PREFIX",
    "ZERTY_KEY_PRODUCTS",
    "ProductSpec",
    "build_catalog",
    "ean13",
    "is_valid_ean13",
]

# GS1 France range; the invented company number keeps demo codes off real products.
EAN_PREFIX = "376"
PIECE_PACKAGE = "1 pièce"

ALL_ITEMS: tuple[BaseItem, ...] = (
    *EPICERIE_ITEMS,
    *FRAIS_ITEMS,
    *FRUITS_LEGUMES_ITEMS,
    *BOUCHERIE_ITEMS,
    *POISSONNERIE_ITEMS,
    *SURGELES_ITEMS,
    *BOISSONS_ITEMS,
    *ALCOOL_ITEMS,
    *CHAT_ITEMS,
    *CHIEN_ITEMS,
    *BEBE_ITEMS,
    *DROGUERIE_ITEMS,
    *TEXTILE_ITEMS,
    *ELECTRO_ITEMS,
    *SPORT_ITEMS,
    *CARBURANT_ITEMS,
)

_DEPARTMENT_AUDIENCE: dict[str, str] = {
    ANIMALERIE_CHAT: "cat",
    ANIMALERIE_CHIEN: "dog",
    BEBE: "baby",
    ALCOOL: "adult",
    CARBURANT: "car",
}
_PET_SPECIES: dict[str, str] = {ANIMALERIE_CHAT: "cat", ANIMALERIE_CHIEN: "dog"}

# Shelf words in package labels, in the order they must be replaced ("taille unique"
# before "taille").
_LABEL_WORDS_EN: tuple[tuple[str, str], ...] = (
    ("au kg", "per kg"),
    ("au litre", "per litre"),
    ("la pièce", "each"),
    ("taille unique", "one size"),
    ("taille", "size"),
    ("tranches", "slices"),
    ("sachets", "bags"),
    ("lavages", "washes"),
    ("têtes", "heads"),
    ("env.", "approx."),
)
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """One sellable product of the demo catalog."""

    ean: str
    name_fr: str
    name_en: str
    brand: str
    department: str
    category: str
    unit: str
    package: str
    price_cents: int
    shelf_life_days: int | None
    lifespan_days: int | None
    pet_species: str | None
    is_baby: bool
    is_alcohol: bool
    cycle_days: float | None
    audience: str
    season: str | None
    child_size: str | None
    diet_tags: tuple[str, ...]
    allergens: tuple[str, ...]
    # Category of the durable this consumable serves (vacuum bags -> "aspirateur-traineau").
    accessory_for: str | None = None


def ean13(base12: str) -> str:
    """Append the GS1 check digit to a 12-digit base."""
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError(f"an EAN-13 base has 12 digits, got {base12!r}")
    # GS1 weights alternate 1, 3 from the left on the 12 data digits.
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(base12))
    return base12 + str((10 - total % 10) % 10)


def is_valid_ean13(code: str) -> bool:
    if len(code) != 13 or not code.isdigit():
        return False
    return ean13(code[:12]) == code


def build_catalog() -> list[ProductSpec]:
    """Every product of the demo world, in a stable order (department, shelf line, brand)."""
    return list(_catalog())


@cache
def _catalog() -> tuple[ProductSpec, ...]:
    serials: dict[str, int] = {}
    products: list[ProductSpec] = []
    for item in ALL_ITEMS:
        for brand in item.brands:
            for size in item.sizes:
                serial = serials.get(item.department, 0) + 1
                serials[item.department] = serial
                products.append(_product(item, brand, size, serial))
    return tuple(products)


def _product(item: BaseItem, brand: Brand, size: Size, serial: int) -> ProductSpec:
    department_no = DEPARTMENTS.index(item.department) + 1
    unit = size.unit or item.unit
    audience = item.audience or _DEPARTMENT_AUDIENCE.get(item.department, "all")
    _check(item, unit, audience)
    label_en = size.label_en if size.label_en is not None else _english_label(size.label)
    raw_price = item.price_cents * size.factor * brand.factor
    cycle: float | None = None
    if item.cycle_days is not None:
        qty = size.qty if size.qty is not None else size.factor
        cycle = float(round(item.cycle_days * qty, 1))
    return ProductSpec(
        ean=ean13(f"{EAN_PREFIX}{department_no:02d}{serial:07d}"),
        name_fr=_join(item.fr, brand.name, size.label),
        name_en=_join(item.en, brand.name, label_en),
        brand=brand.name,
        department=item.department,
        category=item.category,
        unit=unit,
        package=PIECE_PACKAGE if item.variant_only or not size.label else size.label,
        price_cents=round(raw_price) if item.exact_price else shelf_price(raw_price),
        shelf_life_days=item.shelf_life_days,
        lifespan_days=item.lifespan_days,
        pet_species=_PET_SPECIES.get(item.department),
        is_baby=item.department == BEBE,
        is_alcohol=item.department == ALCOOL,
        cycle_days=cycle,
        audience=audience,
        season=item.season,
        child_size=size.child_size,
        diet_tags=_unique((*item.diet_tags, *brand.tags)),
        allergens=item.allergens,
        accessory_for=item.accessory_for,
    )


def shelf_price(raw_cents: float) -> int:
    """Round a computed price the way shelf labels read: 2,49 / 12,99 / 349,99."""
    if raw_cents < 1000:
        return max(9, round(raw_cents / 10) * 10 - 1)
    if raw_cents < 10000:
        return round(raw_cents / 50) * 50 - 1
    return round(raw_cents / 1000) * 1000 - 1


def _check(item: BaseItem, unit: str, audience: str) -> None:
    # The tables are hand-written: fail at build time rather than seed bad rows.
    if unit not in UNITS or audience not in AUDIENCES:
        raise ValueError(f"{item.fr}: bad unit {unit!r} or audience {audience!r}")
    if item.season is not None and item.season not in SEASONS:
        raise ValueError(f"{item.fr}: bad season {item.season!r}")
    if item.department not in DEPARTMENTS:
        raise ValueError(f"{item.fr}: unknown department {item.department!r}")


def _english_label(label: str) -> str:
    out = _DECIMAL_COMMA.sub(r"\1.\2", label)
    for fr, en in _LABEL_WORDS_EN:
        out = out.replace(fr, en)
    return out


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _pick(catalog: Iterable[ProductSpec], category: str, prefix: str = "") -> str:
    """The EAN of the one product of `category` whose French name starts with `prefix`."""
    matches = [p.ean for p in catalog if p.category == category and p.name_fr.startswith(prefix)]
    if len(matches) != 1:
        raise LookupError(f"{len(matches)} products match {category!r} {prefix!r}")
    return matches[0]


def _zerty_key_products() -> dict[str, str]:
    catalog = _catalog()
    coat = "Manteau d'hiver à capuche enfant Carchan"
    return {
        "coffee": _pick(catalog, "cafe", "Café moulu pur arabica Carchan 250 g"),
        "sugar": _pick(catalog, "sucre", "Sucre en poudre Carchan 1 kg"),
        "dvd_player": _pick(catalog, "lecteur-dvd", "Lecteur DVD de salon HDMI Volterre"),
        "vacuum_cleaner": _pick(
            catalog, "aspirateur-traineau", "Aspirateur traîneau avec sac Volterre"
        ),
        # The bags of the same brand as the vacuum: the reminder story links the two.
        "vacuum_bags": _pick(catalog, "sacs-aspirateur", "Sacs aspirateur traîneau Volterre x 5"),
        "pressure_cooker": _pick(catalog, "autocuiseur", "Autocuiseur inox Volterre 6 L"),
        "guinea_fowl": _pick(catalog, "pintade", "Pintade fermière Label Rouge Carchan"),
        "football_signed": _pick(catalog, "ballon-football-dedicace"),
        "diesel": _pick(catalog, "gazole", "Gazole Carchan"),
        "kids_coat_8": _pick(catalog, "manteau-enfant", f"{coat} 8 ans"),
        "kids_coat_10": _pick(catalog, "manteau-enfant", f"{coat} 10 ans"),
    }


# Story keys of the Zerty household's purchases -> EAN, found by shelf line, not hard-coded.
ZERTY_KEY_PRODUCTS: dict[str, str] = _zerty_key_products()

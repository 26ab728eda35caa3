"""Building blocks of the Carchan demo catalog tables (pure data, no I/O).

A `BaseItem` is one shelf line ("Café moulu pur arabica"); the generator in
`catalog_data` multiplies it by its brands and sizes to get sellable products.
"""

from __future__ import annotations

from dataclasses import dataclass

EPICERIE = "epicerie"
FRAIS = "frais"
FRUITS_LEGUMES = "fruits-legumes"
BOUCHERIE = "boucherie-volaille"
POISSONNERIE = "poissonnerie"
SURGELES = "surgeles"
BOISSONS = "boissons"
ALCOOL = "alcool"
ANIMALERIE_CHAT = "animalerie-chat"
ANIMALERIE_CHIEN = "animalerie-chien"
BEBE = "bebe"
DROGUERIE = "droguerie-hygiene"
TEXTILE = "textile"
ELECTRO = "electromenager-electronique"
SPORT = "sport-loisirs"
CARBURANT = "carburant"

# Order matters: a department's position is baked into its EAN range, so append only.
DEPARTMENTS: tuple[str, ...] = (
    EPICERIE,
    FRAIS,
    FRUITS_LEGUMES,
    BOUCHERIE,
    POISSONNERIE,
    SURGELES,
    BOISSONS,
    ALCOOL,
    ANIMALERIE_CHAT,
    ANIMALERIE_CHIEN,
    BEBE,
    DROGUERIE,
    TEXTILE,
    ELECTRO,
    SPORT,
    CARBURANT,
)

UNITS: tuple[str, ...] = ("piece", "kg", "l")
AUDIENCES: tuple[str, ...] = ("all", "kids", "baby", "cat", "dog", "adult", "car")
SEASONS: tuple[str, ...] = ("winter", "summer")
CHILD_SIZES: tuple[str, ...] = ("4 ans", "6 ans", "8 ans", "10 ans", "12 ans", "14 ans")
ADULT_SIZES: tuple[str, ...] = ("S", "M", "L", "XL")

# Lifespans of durables, in days, as a household actually keeps them.
YEAR = 365


@dataclass(frozen=True, slots=True)
class Size:
    """One package or variant of a base item.

    `factor` scales the price, `qty` scales the repurchase cycle (defaults to
    `factor`, since bigger packs cost roughly proportionally more and last longer).
    """

    label: str
    factor: float = 1.0
    qty: float | None = None
    label_en: str | None = None
    child_size: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    factor: float = 1.0
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BaseItem:
    department: str
    category: str
    fr: str
    en: str
    price_cents: int
    sizes: tuple[Size, ...]
    brands: tuple[Brand, ...]
    unit: str = "piece"
    shelf_life_days: int | None = None
    lifespan_days: int | None = None
    cycle_days: float | None = None
    audience: str | None = None  # None: the department's usual audience
    season: str | None = None
    diet_tags: tuple[str, ...] = ()
    allergens: tuple[str, ...] = ()
    # Clothing and appliances: the size is a variant of the article, the pack is one piece.
    variant_only: bool = False
    accessory_for: str | None = None
    exact_price: bool = False


def sizes(*specs: tuple[str, float] | tuple[str, float, float]) -> tuple[Size, ...]:
    """`sizes(("250 g", 1.0), ("1 kg", 3.6, 4))`: label, price factor, optional quantity."""
    out: list[Size] = []
    for spec in specs:
        if len(spec) == 3:
            out.append(Size(spec[0], spec[1], qty=spec[2]))
        else:
            out.append(Size(spec[0], spec[1]))
    return tuple(out)


def one(label: str = "") -> tuple[Size, ...]:
    return (Size(label),)


def kid_sizes(*, step: float = 0.07, first: int = 0, last: int = 6) -> tuple[Size, ...]:
    """Children's sizes "4 ans".."14 ans"; bigger sizes use more fabric, so cost a bit more."""
    return tuple(
        Size(label, 1.0 + step * i, label_en=f"age {label.split()[0]}", child_size=label)
        for i, label in enumerate(CHILD_SIZES[first:last])
    )


def adult_sizes() -> tuple[Size, ...]:
    return tuple(Size(label, 1.0, label_en=label) for label in ADULT_SIZES)


PER_KG: tuple[Size, ...] = (Size("au kg", 1.0, label_en="per kg", unit="kg"),)

# Own brands shared by every food department.
OWN = Brand("Carchan")
BIO = Brand("Carchan Bio", 1.35, ("bio",))
ESSENTIEL = Brand("Carchan Essentiel", 0.75)
HALAL = Brand("Carchan Halal", 1.05, ("halal",))

# Diet tag and allergen sets that most shelf lines share.
VEGAN: tuple[str, ...] = ("vegetarian", "vegan")
VEGAN_GF: tuple[str, ...] = ("vegetarian", "vegan", "gluten-free")
VEGETARIAN: tuple[str, ...] = ("vegetarian",)
SULFITES: tuple[str, ...] = ("sulfites",)

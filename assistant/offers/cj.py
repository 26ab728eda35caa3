"""The Complete Journey (dunnhumby) frames as the offer engine's plain data.

Products become `Item`s from their category and type (pet food species, baby, alcohol),
each (coupon_upc, campaign_id) pair becomes a `Candidate`, and a household's transactions
before a date become its `History` and its `Traits`. The data set has no members or
preferences: pets and a baby are derived from what the household buys, and every
household is an adult card holder (alcohol is allowed; minors cannot be derived).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assistant.offers.engine import Candidate, Habit, History, Item, Traits

CAT_CATEGORIES = frozenset({"CAT FOOD", "CAT LITTER"})
DOG_CATEGORIES = frozenset({"DOG FOODS"})
PET_ANY_CATEGORIES = frozenset({"PET CARE SUPPLIES"})
BABY_CATEGORIES = frozenset(
    {
        "BABY FOODS",
        "BABYFOOD",
        "INFANT FORMULA",
        "DIAPERS & DISPOSABLES",
        "INFANT CARE PRODUCTS",
        "BABY HBC",
    }
)
# What only a household with a baby buys: the evidence for `has_baby`.
BABY_EVIDENCE = frozenset({"BABY FOODS", "BABYFOOD", "INFANT FORMULA", "DIAPERS & DISPOSABLES"})
ALCOHOL_CATEGORIES = frozenset(
    {"LIQUOR", "BEERS/ALES", "DOMESTIC WINE", "MISC WINE", "IMPORTED WINE"}
)
# Product types are finer than categories ("CAT TREATS" filed under DOG FOODS).
_CAT_TYPE = re.compile(r"\bCAT\b|CATFD|KITTEN")
_DOG_TYPE = re.compile(r"\bDOG\b(?! BUNS| CHILI)|DOGFD|PUPPY")
_BABY_TYPE = re.compile(r"^(BABY|INFANT)(?! DOLL)")


def _species(category: str, product_type: str) -> str | None:
    cat = bool(_CAT_TYPE.search(product_type))
    dog = bool(_DOG_TYPE.search(product_type))
    if category in PET_ANY_CATEGORIES or (cat and dog):
        return "any"
    if cat or category in CAT_CATEGORIES:
        return "cat"
    if dog or category in DOG_CATEGORIES:
        return "dog"
    return None


def items_from_products(products: pd.DataFrame) -> dict[int, Item]:
    """product_id -> Item, from the `products` frame."""
    out: dict[int, Item] = {}
    frame = products[["product_id", "product_category", "product_type", "brand", "department"]]
    for pid, category, ptype, brand, department in frame.itertuples(index=False, name=None):
        category = category if isinstance(category, str) else ""
        ptype = ptype if isinstance(ptype, str) else ""
        species = _species(category, ptype)
        out[int(pid)] = Item(
            product_id=int(pid),
            category=category or None,
            brand=brand if isinstance(brand, str) else None,
            pet_species=species,
            is_baby=species is None
            and (category in BABY_CATEGORIES or bool(_BABY_TYPE.search(ptype))),
            is_alcohol=category in ALCOHOL_CATEGORIES,
            is_food=department in ("GROCERY", "MEAT", "PRODUCE", "DELI", "PASTRY", "SEAFOOD"),
        )
    return out


@dataclass(frozen=True)
class CouponKey:
    coupon_upc: int
    campaign_id: int


def candidates_from_coupons(
    coupons: pd.DataFrame, items: dict[int, Item]
) -> tuple[list[Candidate], list[CouponKey]]:
    """One candidate per (coupon_upc, campaign_id); its key is its position in the lists."""
    candidates: list[Candidate] = []
    keys: list[CouponKey] = []
    grouped = coupons.groupby(["coupon_upc", "campaign_id"], sort=True)["product_id"]
    for (upc, campaign), product_ids in grouped:
        covered = tuple(items[int(p)] for p in sorted(set(product_ids)) if int(p) in items)
        candidates.append(Candidate(key=len(candidates), items=covered))
        keys.append(CouponKey(int(str(upc)), int(str(campaign))))
    return candidates, keys


def history_from_lines(
    product_ids: np.ndarray, categories: np.ndarray, days: np.ndarray, today: int
) -> History:
    """History from parallel arrays of a household's lines before `today` (day numbers)."""
    if len(product_ids) == 0:
        return History()
    return History(
        products=_habits(product_ids, days, today),
        categories={
            str(key): habit for key, habit in _habits(categories, days, today).items() if key
        },
    )


def _habits(keys: np.ndarray, days: np.ndarray, today: int) -> dict[Any, Habit]:
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    unique, starts, counts = np.unique(sorted_keys, return_index=True, return_counts=True)
    last = np.maximum.reduceat(days[order], starts)
    return {
        (key.item() if isinstance(key, np.generic) else key): Habit(int(count), int(today - day))
        for key, count, day in zip(unique, counts, last, strict=True)
    }


def traits_from_categories(categories: set[str]) -> Traits:
    """Traits of a household from the product categories it bought."""
    species: set[str] = set()
    if categories & CAT_CATEGORIES:
        species.add("cat")
    if categories & DOG_CATEGORIES:
        species.add("dog")
    return Traits(
        species=frozenset(species),
        has_baby=bool(categories & BABY_EVIDENCE),
        has_child=bool(categories & BABY_EVIDENCE),
        has_adult=True,
    )

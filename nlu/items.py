"""Several products in one request, each with its own quantity and unit.

"ajoute 2 litres de lait et 6 œufs" parses into quantity, unit, product, quantity, product:
a quantity and a unit belong to the product that follows them ("2 litres de lait"); one said
after the last product ("du lait, 6 briques") belongs to it when it has none. Works on the
Rasa-shaped entity dicts of a parse, so both engines and the action server share it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Item", "items_of"]


@dataclass(frozen=True, slots=True)
class Item:
    product: str
    quantity: float | None = None
    unit: str | None = None

    @property
    def count(self) -> int:
        """How many to put on the list: the quantity said, at least one."""
        try:
            return max(1, int(float(self.quantity))) if self.quantity is not None else 1
        except (TypeError, ValueError):
            return 1

    def packs(self, package: str | None) -> int:
        """How many packs of a product sold as `package` ("x 12", "6 x 1 L", "250 g") cover
        what was said: "6 œufs" is one box of 12, "2 litres de lait" two bottles of 1 L or
        one pack of 6 x 1 L, "500 g de café" two packets of 250 g. A count of packs ("2
        boîtes") or a product sold by the piece keeps the count said."""
        measured = _measure(package or "")
        if self.quantity is None or self.quantity <= 0 or measured is None:
            return self.count
        items, amount, dimension = measured
        if self.unit in _BASE and amount is not None and _BASE[self.unit][0] == dimension:
            wanted = self.quantity * _BASE[self.unit][1]
            return max(1, math.ceil(wanted / (items * amount) - 1e-9))
        if self.unit is None and items > 1:
            return max(1, math.ceil(self.quantity / items - 1e-9))
        return self.count


# unit -> (dimension, factor to grams or millilitres)
_BASE: dict[str, tuple[str, float]] = {
    "kg": ("mass", 1000.0), "g": ("mass", 1.0),
    "l": ("volume", 1000.0), "cl": ("volume", 10.0), "ml": ("volume", 1.0),
}  # fmt: skip
_PACKAGE = re.compile(
    r"(?:env\.? |approx\.? )?(?:(\d+) ?x ?)?(?:(\d+(?:[.,]\d+)?) ?(kg|g|l|cl|ml))?", re.IGNORECASE
)


def _measure(package: str) -> tuple[int, float | None, str | None] | None:
    """(items in the pack, amount of one item in g or ml, its dimension) of a package."""
    if counted := re.fullmatch(r"x ?(\d+)", package.strip(), re.IGNORECASE):
        return int(counted.group(1)), None, None
    match = _PACKAGE.fullmatch(package.strip())
    if match is None or not (match.group(1) or match.group(2)):
        return None
    items = int(match.group(1) or 1)
    if match.group(2) is None:
        return items, None, None
    dimension, factor = _BASE[match.group(3).lower()]
    return items, float(match.group(2).replace(",", ".")) * factor, dimension


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def items_of(entities: Sequence[Mapping[str, Any]]) -> list[Item]:
    """The products of `entities` in the order said, each with its quantity and unit."""
    found: list[Item] = []
    quantity: float | None = None
    unit: str | None = None
    ordered = sorted(entities, key=lambda e: (int(e.get("start") or 0), int(e.get("end") or 0)))
    for entity in ordered:
        name, value = entity.get("entity"), entity.get("value")
        if name == "quantity":
            quantity = _number(value)
        elif name == "unit":
            unit = str(value)
        elif name == "product" and value not in (None, ""):
            found.append(Item(str(value), quantity, unit))
            quantity, unit = None, None
    if found and (quantity is not None or unit is not None):
        last = found[-1]
        if last.quantity is None and last.unit is None:
            found[-1] = Item(last.product, quantity, unit)
    return found

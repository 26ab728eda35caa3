"""Several products in one request, each with its own quantity and unit.

"ajoute 2 litres de lait et 6 œufs" parses into quantity, unit, product, quantity, product:
a quantity and a unit belong to the product that follows them ("2 litres de lait"); one said
after the last product ("du lait, 6 briques") belongs to it when it has none. Works on the
Rasa-shaped entity dicts of a parse, so both engines and the action server share it.
"""

from __future__ import annotations

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

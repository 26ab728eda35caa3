"""How many points a receipt earns (the Carchan card's rule).

1 point per full 10 EUR spent in store, 1 point per full 5 EUR at the fuel station (fuel
earns double: a 50 EUR fill-up brings 10 points). Refunds and empty receipts earn nothing.
The demo world (`assistant/demo/points.py`) seeds its history with the same rule; a test
keeps the two equal.
"""

from __future__ import annotations

FUEL_KIND = "fuel"  # Receipt.kind the fuel-station tills send
STORE_CENTS_PER_POINT = 1000
FUEL_CENTS_PER_POINT = 500


def points_for(*, total_cents: int, kind: str) -> int:
    if total_cents <= 0:
        return 0
    step = FUEL_CENTS_PER_POINT if kind == FUEL_KIND else STORE_CENTS_PER_POINT
    return total_cents // step

"""Small synthetic transaction sets with known habits, for the model tests."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

T0 = dt.datetime(2024, 1, 1, 10, 0, tzinfo=dt.UTC)
Row = tuple[Any, Any, Any, dt.datetime, float]


def day(offset: float) -> dt.datetime:
    return T0 + dt.timedelta(days=offset)


def weekly_population(*, households: int = 200, weeks: int = 10, seed: int = 3) -> list[Row]:
    """Households shopping every 1 or 2 days, 3 filler products at random per trip, and
    coffee on their first trip of each week (their own phase): a cycle of about 7 days."""
    rng = random.Random(seed)
    fillers = [f"filler-{n}" for n in range(25)]
    rows: list[Row] = []
    for h in range(households):
        next_coffee = float(rng.randrange(7))
        t, basket = 0.0, 0
        while t < weeks * 7:
            basket += 1
            items = rng.sample(fillers, 3)
            if t >= next_coffee:
                items.append("coffee")
                next_coffee += 7.0
            rows.extend((h, f"{h}-{basket}", item, day(t), 1.0) for item in items)
            t += rng.choice([1.0, 2.0])
    return rows


def coffee_last_bought(rows: list[Row], household: Any) -> dt.datetime:
    return max(t for h, _b, p, t, _q in rows if h == household and p == "coffee")

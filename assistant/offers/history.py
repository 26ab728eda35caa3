"""Households' purchase histories as the offer engine reads them, from the purchase habits
(`assistant.history.habits`): the offers screen reads one household's, the weekly selection a
chunk's, restricted to what the week's offers can be about."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from assistant.history import habits
from assistant.offers.engine import Habit, History


def read_histories(
    session: Session,
    ids: Sequence[int],
    today: dt.date,
    *,
    products: Collection[int] | None = None,
    categories: Collection[str] | None = None,
) -> dict[int, History]:
    """The histories of households `ids` on `today`; with `products` or `categories`, only
    the habits of those (an empty collection: none)."""
    if not ids:
        return {}
    chosen, low, high = set(ids), min(ids), max(ids)
    by_product: dict[int, dict[int, Habit]] = defaultdict(dict)
    by_category: dict[int, dict[str, Habit]] = defaultdict(dict)
    parts: tuple[tuple[sa.Table, str, Collection[Any] | None, dict[int, Any]], ...] = (
        (habits.PRODUCT_HABITS, "product_id", products, by_product),
        (habits.CATEGORY_HABITS, "category", categories, by_category),
    )
    for table, key, wanted, into in parts:
        if wanted is not None and not wanted:
            continue
        query = sa.select(
            # The last purchase read as it is stored (a string on SQLite): only its day matters.
            table.c.household_id, table.c[key], table.c.purchases,
            sa.type_coerce(table.c.last_purchased_at, sa.String),
        ).where(
            # A range of ids, not a list: SQLite then walks the primary key once instead of
            # probing it for every (household, key) pair (5x faster on a chunk of 1,000).
            table.c.household_id.between(low, high)
        )  # fmt: skip
        if wanted is not None:
            query = query.where(table.c[key].in_(list(wanted)))
        days: dict[object, int] = {}
        for hid, value, purchases, last in session.execute(query).all():
            if hid not in chosen:
                continue
            # One date parse per distinct day, not per row (10,000s of rows a chunk).
            day = last[:10] if isinstance(last, str) else last
            ago = days.get(day)
            if ago is None:
                # A purchase dated after `today` (a till's clock ahead) counts as today's.
                ago = days[day] = max(0, (today - habits.last_day(last)).days)
            into[hid][value] = Habit(purchases, ago)
    return {hid: History(by_product.get(hid, {}), by_category.get(hid, {})) for hid in ids}

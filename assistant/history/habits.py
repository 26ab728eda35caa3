"""Purchase habits: per household, how many lines of each product and each category its
receipts hold, and when the last one was bought.

They are folded in wherever a household's receipts are written: ingestion from the tills,
claiming, and the demo's and importers' bulk loads each call `record` with the receipts they
attached to a household, once. Erasure deletes them with the household. `rebuild` computes
them again from the receipts (the migration that created them; a repair after a hand edit).

Readers over every household (the weekly selection) read these instead of the lines: a few
dozen rows per household on the demo's population against ~500 lines, and on The Complete
Journey 350 product rows and 100 category rows against 600 lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session

from assistant.catalog.models import Product
from assistant.history.models import CategoryHabit, PurchaseHabit, Receipt, ReceiptLine

# Receipt ids per statement: far under SQLite's 32,766 bound parameters.
BATCH = 2000

_receipts: sa.Table = Receipt.__table__  # type: ignore[attr-defined]
_lines: sa.Table = ReceiptLine.__table__  # type: ignore[attr-defined]
_products: sa.Table = Product.__table__  # type: ignore[attr-defined]
PRODUCT_HABITS: sa.Table = PurchaseHabit.__table__  # type: ignore[attr-defined]
CATEGORY_HABITS: sa.Table = CategoryHabit.__table__  # type: ignore[attr-defined]


def _connection(bind: Session | Connection) -> Connection:
    """The connection to write on; a session's pending rows are flushed first."""
    if isinstance(bind, Session):
        bind.flush()
        return bind.connection()
    return bind


def _aggregate(key: str, where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    """(household, product id or category, lines, last purchase) of the lines of receipts
    matching `where` that have a household (and a product)."""
    lines = _lines.join(_receipts, _receipts.c.id == _lines.c.receipt_id)
    if key == "category":
        lines = lines.join(_products, _products.c.id == _lines.c.product_id)
        value = _products.c.category
    else:
        value = _lines.c.product_id
    return (
        sa.select(
            _receipts.c.household_id,
            value,
            sa.func.count().label("purchases"),
            sa.func.max(_receipts.c.purchased_at).label("last_purchased_at"),
        )
        .select_from(lines)
        .where(where, _receipts.c.household_id.is_not(None), value.is_not(None))
        .group_by(_receipts.c.household_id, value)
    )


# Each habits table with the column it is kept by.
TABLES = ((PRODUCT_HABITS, "product_id"), (CATEGORY_HABITS, "category"))


def _insert(insert: Any, key: str, where: sa.ColumnElement[bool]) -> Any:
    return insert.from_select(
        ["household_id", key, "purchases", "last_purchased_at"], _aggregate(key, where)
    )


def _fold(conn: Connection, table: sa.Table, key: str, where: sa.ColumnElement[bool]) -> None:
    """INSERT … SELECT that adds to the rows already there (an upsert on both databases)."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        insert: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        insert = sqlite.insert(table)
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(dialect)
    statement = _insert(insert, key, where)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["household_id", key],
        set_={
            "purchases": table.c.purchases + excluded.purchases,
            "last_purchased_at": sa.case(
                (excluded.last_purchased_at > table.c.last_purchased_at,
                 excluded.last_purchased_at),
                else_=table.c.last_purchased_at,
            ),
        },
    )  # fmt: skip
    conn.execute(statement)


def record(bind: Session | Connection, receipt_ids: Iterable[int]) -> None:
    """Folds the lines of `receipt_ids` into their households' habits. Call it once per
    receipt, when the receipt is stored with its household or claimed by one (receipts
    without a household are skipped, and folded when claimed)."""
    conn = _connection(bind)
    ids = sorted(set(receipt_ids))
    for first in range(0, len(ids), BATCH):
        chosen = _receipts.c.id.in_(ids[first : first + BATCH])
        for table, key in TABLES:
            _fold(conn, table, key, chosen)


def rebuild(bind: Session | Connection, household_ids: Sequence[int] | None = None) -> None:
    """Computes the habits of `household_ids` (every household if None) from their receipts,
    replacing what was there."""
    conn = _connection(bind)
    if household_ids is None:
        chunks: list[list[int] | None] = [None]
    else:
        ids = sorted(set(household_ids))
        chunks = [ids[first : first + BATCH] for first in range(0, len(ids), BATCH)]
    for chunk in chunks:
        for table, key in TABLES:
            theirs = sa.true() if chunk is None else table.c.household_id.in_(chunk)
            conn.execute(sa.delete(table).where(theirs))
            lines = sa.true() if chunk is None else _receipts.c.household_id.in_(chunk)
            conn.execute(_insert(sa.insert(table), key, lines))


def last_day(value: dt.datetime | str) -> dt.date:
    """The UTC day of a `last_purchased_at` read without type processing: a string on SQLite
    ("2025-01-14 10:30:00.000000"), a datetime on PostgreSQL."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date()

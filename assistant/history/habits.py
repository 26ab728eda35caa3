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
    return bind.connection() if isinstance(bind, Session) else bind


def _by_product(where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    return (
        sa.select(
            _receipts.c.household_id,
            _lines.c.product_id,
            sa.func.count().label("purchases"),
            sa.func.max(_receipts.c.purchased_at).label("last_purchased_at"),
        )
        .select_from(_lines.join(_receipts, _receipts.c.id == _lines.c.receipt_id))
        .where(where, _receipts.c.household_id.is_not(None), _lines.c.product_id.is_not(None))
        .group_by(_receipts.c.household_id, _lines.c.product_id)
    )


def _by_category(where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    return (
        sa.select(
            _receipts.c.household_id,
            _products.c.category,
            sa.func.count().label("purchases"),
            sa.func.max(_receipts.c.purchased_at).label("last_purchased_at"),
        )
        .select_from(
            _lines.join(_receipts, _receipts.c.id == _lines.c.receipt_id).join(
                _products, _products.c.id == _lines.c.product_id
            )
        )
        .where(where, _receipts.c.household_id.is_not(None))
        .group_by(_receipts.c.household_id, _products.c.category)
    )


def _fold(conn: Connection, table: sa.Table, key: str, rows: sa.Select[Any]) -> None:
    """INSERT … SELECT that adds to the rows already there (an upsert on both databases)."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        insert: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        insert = sqlite.insert(table)
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(dialect)
    statement = insert.from_select(["household_id", key, "purchases", "last_purchased_at"], rows)
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
    if isinstance(bind, Session):
        bind.flush()
    ids = sorted(set(receipt_ids))
    for first in range(0, len(ids), BATCH):
        chosen = _receipts.c.id.in_(ids[first : first + BATCH])
        _fold(conn, PRODUCT_HABITS, "product_id", _by_product(chosen))
        _fold(conn, CATEGORY_HABITS, "category", _by_category(chosen))


def rebuild(bind: Session | Connection, household_ids: Sequence[int] | None = None) -> None:
    """Computes the habits of `household_ids` (every household if None) from their receipts,
    replacing what was there."""
    conn = _connection(bind)
    if isinstance(bind, Session):
        bind.flush()
    if household_ids is None:
        conn.execute(sa.delete(PRODUCT_HABITS))
        conn.execute(sa.delete(CATEGORY_HABITS))
        everything = sa.true()
        conn.execute(_insert(PRODUCT_HABITS, "product_id", _by_product(everything)))
        conn.execute(_insert(CATEGORY_HABITS, "category", _by_category(everything)))
        return
    ids = sorted(set(household_ids))
    for first in range(0, len(ids), BATCH):
        chunk = ids[first : first + BATCH]
        for table in (PRODUCT_HABITS, CATEGORY_HABITS):
            conn.execute(sa.delete(table).where(table.c.household_id.in_(chunk)))
        theirs = _receipts.c.household_id.in_(chunk)
        conn.execute(_insert(PRODUCT_HABITS, "product_id", _by_product(theirs)))
        conn.execute(_insert(CATEGORY_HABITS, "category", _by_category(theirs)))


def _insert(table: sa.Table, key: str, rows: sa.Select[Any]) -> sa.Insert:
    return sa.insert(table).from_select(
        ["household_id", key, "purchases", "last_purchased_at"], rows
    )


def last_day(value: dt.datetime | str) -> dt.date:
    """The UTC day of a `last_purchased_at` read without type processing: a string on SQLite
    ("2025-01-14 10:30:00.000000"), a datetime on PostgreSQL."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date()

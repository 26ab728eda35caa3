"""Where a household's personal data lives: one rule per table, for export and erasure.

Every table that holds a `household_id`, or hangs off such a table by a foreign key, has a
rule here (tests introspect the metadata and fail on a table without one), so a new table
cannot silently escape `GET /me/export` or `DELETE /me`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import SQLModel

import assistant.models  # noqa: F401  (registers every table on the metadata)
from assistant.customers.models import Household


class Erase(StrEnum):
    delete = "delete"  # the rows go
    anonymise = "anonymise"  # kept without anything that identifies the household
    keep = "keep"  # a child of an anonymised row, kept with it (receipt lines)


@dataclass(frozen=True)
class TableRule:
    section: str  # key of the export document
    erase: Erase
    # A child table has no household_id: it is reached through `parent` by `parent_fk`,
    # and exported nested in its parent's rows under `section`.
    parent: str | None = None
    parent_fk: str | None = None
    # Secrets that are shown masked in the export (the customer sees they exist).
    masked: frozenset[str] = frozenset()


HOUSEHOLDS = "households"

RULES: dict[str, TableRule] = {
    HOUSEHOLDS: TableRule("profile", Erase.delete),
    "members": TableRule("members", Erase.delete),
    "pets": TableRule("pets", Erase.delete),
    "preferences": TableRule("preferences", Erase.delete),
    "consents": TableRule("consents", Erase.delete),
    "addresses": TableRule("addresses", Erase.delete),
    "devices": TableRule("devices", Erase.delete, masked=frozenset({"push_token"})),
    # Receipts are accounting records: erasure keeps them, anonymised, with their lines.
    "receipts": TableRule("receipts", Erase.anonymise),
    "receipt_lines": TableRule("lines", Erase.keep, parent="receipts", parent_fk="receipt_id"),
    # Derived from the receipts: erased with the household (the receipts stay, anonymised).
    "purchase_habits": TableRule("purchase_habits", Erase.delete),
    "category_habits": TableRule("category_habits", Erase.delete),
    "loyalty_entries": TableRule("loyalty_ledger", Erase.delete),
    "orders": TableRule("orders", Erase.delete),
    "order_lines": TableRule("lines", Erase.delete, parent="orders", parent_fk="order_id"),
    "list_dismissals": TableRule("list_dismissals", Erase.delete),
    "bookings": TableRule("bookings", Erase.delete),
    "visits": TableRule("visits", Erase.delete),
    "location_pings": TableRule("location_pings", Erase.delete),
    "presence_states": TableRule("presence_states", Erase.delete),
    "outbox": TableRule("notifications", Erase.delete),
    "coupon_assignments": TableRule("offers_assigned", Erase.delete),
    "offer_impressions": TableRule("offers_shown", Erase.delete),
    "scheduled_jobs": TableRule("scheduled_jobs", Erase.delete),
    "conversations": TableRule("conversations", Erase.delete),
    "messages": TableRule(
        "messages", Erase.delete, parent="conversations", parent_fk="conversation_id"
    ),
}

# Tables that reference household tables but hold no personal data: none so far. A table
# listed here needs its reason (shown by the tests when it is questioned).
EXCLUDED: dict[str, str] = {}


def metadata() -> sa.MetaData:
    return SQLModel.metadata


def household_tables(meta: sa.MetaData | None = None) -> set[str]:
    """The households table, every table with a household_id, and (transitively) every table
    with a foreign key to one of those: all the places a household's data can be."""
    meta = meta or metadata()
    found = {HOUSEHOLDS} | {t.name for t in meta.sorted_tables if "household_id" in t.columns}
    changed = True
    while changed:
        changed = False
        for table in meta.sorted_tables:
            if table.name in found:
                continue
            # Only references *to* household tables count: a household table pointing at
            # shared data (stores, products) does not make that data personal.
            if {fk.column.table.name for fk in table.foreign_keys} & found:
                found.add(table.name)
                changed = True
    return found


def ordered_rules() -> list[tuple[str, TableRule]]:
    """Rules in the metadata's dependency order (parents first)."""
    return [(t.name, RULES[t.name]) for t in metadata().sorted_tables if t.name in RULES]


def table(name: str) -> sa.Table:
    return metadata().tables[name]


def owned_by(name: str, household: Household) -> sa.ColumnElement[bool]:
    """The rows of table `name` (one with a household_id) that are the household's."""
    t = table(name)
    mine: sa.ColumnElement[bool] = t.c.household_id == household.id
    if name == "receipts":
        # Receipts a till sent to the household's phone or card, not claimed yet, are its
        # data too (they would be claimed on the next enrolment or phone change).
        keys = []
        if household.phone:
            keys.append(t.c.phone == household.phone)
        if household.loyalty_card:
            keys.append(t.c.loyalty_card == household.loyalty_card)
        if keys:
            mine = sa.or_(mine, sa.and_(t.c.household_id.is_(None), sa.or_(*keys)))
    return mine

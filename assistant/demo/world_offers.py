"""Rewards of the loyalty catalog, campaigns and coupons of the demo world."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from assistant.clock import system_now
from assistant.models import metadata

# (code, name fr, name en, points, key product or None, tags)
REWARDS: tuple[tuple[str, str, str, int, str | None, tuple[str, ...]], ...] = (
    ("FOOT-DEDICACE", "Ballon de football dédicacé", "Signed football", 50, "football_signed",
     ("sport", "football", "kids")),
    ("BON-5", "Bon d'achat de 5 €", "€5 voucher", 50, None, ("voucher",)),
    ("CINE-2", "Deux places de cinéma", "Two cinema tickets", 120, None, ("cinema", "outing")),
    ("AUTOCUISEUR-JOINT", "Joint et soupape d'autocuiseur", "Pressure cooker seal and valve",
     30, None, ("kitchen",)),
    ("CIRQUE-ENFANT", "Une place enfant au cirque", "One child circus ticket", 80, None,
     ("kids", "circus", "outing")),
)  # fmt: skip


def _table(name: str) -> sa.Table:
    return metadata.tables[name]


def seed_rewards(*, session: Session) -> int:
    """Adds the rewards missing by code (the signed football is linked to its product)."""
    from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS

    conn = session.connection()
    rewards, products = _table("rewards"), _table("products")
    existing = set(conn.execute(sa.select(rewards.c.code)).scalars())
    product_ids = {row[0]: row[1] for row in conn.execute(sa.select(products.c.ean, products.c.id))}
    now = system_now()
    rows = [
        {
            "code": code,
            "name_fr": name_fr,
            "name_en": name_en,
            "points_cost": points,
            "product_id": product_ids.get(ZERTY_KEY_PRODUCTS[key]) if key else None,
            "tags": list(tags),
            "stock": 25 if key else None,
            "active": True,
            "created_at": now,
        }
        for code, name_fr, name_en, points, key, tags in REWARDS
        if code not in existing
    ]
    if rows:
        conn.execute(sa.insert(rewards), rows)
    return len(rows)


def coupon_specs(today: dt.date, product_ids: dict[str, int]) -> list[dict[str, Any]]:
    """Coupons by campaign; `product_ids` maps the Zerty key names to product ids."""
    week = today + dt.timedelta(days=7)
    month = today + dt.timedelta(days=30)
    return [
        {"campaign": "GEN-RENTREE", "code": "GEN-10-SUR-60",
         "description_fr": "10 € offerts dès 60 € d'achats", "description_en":
         "€10 off when you spend €60", "product_id": None, "category": None,
         "discount_kind": "amount", "discount_value": 1000, "min_purchase_cents": 6000,
         "valid_from": today, "valid_to": month, "is_generic": True},
        {"campaign": "TGT-CAFE", "code": "CAFE-30", "description_fr":
         "-30 % sur votre café moulu", "description_en": "30% off your ground coffee",
         "product_id": product_ids.get("coffee"), "category": "cafe",
         "discount_kind": "percent", "discount_value": 30, "min_purchase_cents": 0,
         "valid_from": today, "valid_to": week, "is_generic": False},
        {"campaign": "TGT-TERROIR", "code": "PINTADE-3", "description_fr":
         "3 € de remise sur la pintade fermière", "description_en":
         "€3 off the free-range guinea fowl", "product_id": product_ids.get("guinea_fowl"),
         "category": None, "discount_kind": "amount", "discount_value": 300,
         "min_purchase_cents": 0, "valid_from": today, "valid_to": week, "is_generic": False},
        {"campaign": "TGT-HIVER-ENFANT", "code": "MANTEAU-ENFANT-20", "description_fr":
         "-20 % sur les manteaux enfant", "description_en": "20% off children's coats",
         "product_id": None, "category": "manteau-enfant", "discount_kind": "percent",
         "discount_value": 20, "min_purchase_cents": 0, "valid_from": today,
         "valid_to": month, "is_generic": False},
        {"campaign": "TGT-SUCRE", "code": "SUCRE-1", "description_fr":
         "1 € de remise sur le sucre en poudre", "description_en": "€1 off caster sugar",
         "product_id": product_ids.get("sugar"), "category": None, "discount_kind": "amount",
         "discount_value": 100, "min_purchase_cents": 0, "valid_from": today,
         "valid_to": month, "is_generic": False},
    ]  # fmt: skip


CAMPAIGNS: dict[str, tuple[str, str, str]] = {
    "GEN-RENTREE": ("Offre de bienvenue", "generic", "Une remise pour tous les clients."),
    "TGT-CAFE": ("Café : vos habitudes", "targeted", "Pour les acheteurs réguliers de café."),
    "TGT-TERROIR": ("Cuisine du terroir", "targeted", "Pour les amateurs de cuisine du terroir."),
    "TGT-HIVER-ENFANT": ("Hiver enfants", "targeted", "Pour les familles avec enfants."),
    "TGT-SUCRE": ("Sucre", "targeted", "Pour les acheteurs réguliers de sucre."),
}


def seed_offers(*, session: Session, today: dt.date) -> int:
    """Adds the campaigns and coupons missing by code; returns the coupons added."""
    from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS

    conn = session.connection()
    campaigns, coupons, products = _table("campaigns"), _table("coupons"), _table("products")
    ean_ids = {row[0]: row[1] for row in conn.execute(sa.select(products.c.ean, products.c.id))}
    key_ids = {key: ean_ids[ean] for key, ean in ZERTY_KEY_PRODUCTS.items() if ean in ean_ids}
    now = system_now()
    existing_campaigns = set(conn.execute(sa.select(campaigns.c.code)).scalars())
    new_campaigns = [
        {"code": code, "name": name, "kind": kind, "description": description,
         "starts_on": today, "ends_on": today + dt.timedelta(days=30), "source": "demo",
         "created_at": now}
        for code, (name, kind, description) in CAMPAIGNS.items()
        if code not in existing_campaigns
    ]  # fmt: skip
    if new_campaigns:
        conn.execute(sa.insert(campaigns), new_campaigns)
    campaign_ids = {
        row[0]: row[1] for row in conn.execute(sa.select(campaigns.c.code, campaigns.c.id))
    }
    existing_coupons = set(conn.execute(sa.select(coupons.c.code)).scalars())
    rows = []
    for spec in coupon_specs(today, key_ids):
        if spec["code"] in existing_coupons:
            continue
        row = {key: value for key, value in spec.items() if key != "campaign"}
        rows.append(row | {"campaign_id": campaign_ids[spec["campaign"]], "created_at": now})
    if rows:
        conn.execute(sa.insert(coupons), rows)
    return len(rows)

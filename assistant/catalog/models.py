"""Stores, products and stock per store."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, json_field


class Store(SQLModel, table=True):
    __tablename__ = "stores"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    name: str = Field(max_length=120)
    format: str = Field(default="hyper", max_length=16)
    street: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=80)
    phone: str | None = Field(default=None, max_length=32)
    lat: float
    lon: float
    fence_radius_m: int = 250
    timezone: str = Field(default="Europe/Paris", max_length=64)
    # {"mon": [["08:30", "21:00"]], ..., "sun": []}
    opening_hours: dict[str, list[list[str]]] = json_field(dict)
    services: list[str] = json_field(list)
    source: str = Field(default="demo", max_length=32)
    external_ref: str | None = Field(default=None, max_length=64, index=True)
    created_at: dt.datetime = created_at_field()


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = (sa.Index("ix_products_source_ref", "source", "external_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    ean: str = Field(unique=True, max_length=14)
    name_fr: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    brand: str | None = Field(default=None, max_length=80)
    department: str = Field(max_length=40, index=True)
    category: str = Field(max_length=60, index=True)
    unit: str = Field(default="piece", max_length=8)
    package: str | None = Field(default=None, max_length=40)
    price_cents: int = 0
    shelf_life_days: int | None = None
    lifespan_days: int | None = None
    pet_species: str | None = Field(default=None, max_length=16)
    is_baby: bool = False
    is_alcohol: bool = False
    diet_tags: list[str] = json_field(list)
    allergens: list[str] = json_field(list)
    source: str = Field(default="demo", max_length=32)
    external_ref: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime = created_at_field()


class Stock(SQLModel, table=True):
    __tablename__ = "stock"

    store_id: int = Field(foreign_key="stores.id", primary_key=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="products.id", primary_key=True, ondelete="CASCADE")
    quantity: int = 0
    updated_at: dt.datetime = created_at_field()

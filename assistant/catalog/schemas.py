"""Response bodies of the catalog API (read-only: the catalog is fed by importers)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class PublicModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class StoreBase(PublicModel):
    code: str
    name: str
    format: str
    street: str | None
    postcode: str | None
    city: str | None
    phone: str | None
    lat: float
    lon: float
    timezone: str


class StorePublic(StoreBase):
    id: int
    fence_radius_m: int
    opening_hours: dict[str, list[list[str]]]
    services: list[str]
    distance_m: float | None = None


class ProductBase(PublicModel):
    ean: str
    name_fr: str
    name_en: str
    brand: str | None
    department: str
    category: str
    unit: str
    package: str | None
    price_cents: int


class ProductPublic(ProductBase):
    id: int
    shelf_life_days: int | None
    pet_species: str | None
    is_baby: bool
    is_alcohol: bool
    diet_tags: list[str]
    allergens: list[str]


class ProductPage(BaseModel):
    items: list[ProductPublic]
    next_cursor: str | None


class StockPublic(BaseModel):
    store_id: int
    ean: str
    quantity: int
    in_stock: bool
    updated_at: dt.datetime | None

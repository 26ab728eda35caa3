"""Catalog reads: stores (optionally nearest first), products, stock per store."""

from __future__ import annotations

import base64
import binascii
import math

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from assistant.catalog.models import Product, Stock, Store
from assistant.catalog.schemas import ProductPage, ProductPublic, StockPublic, StorePublic
from assistant.errors import NotFound, Unprocessable

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def parse_near(text: str) -> tuple[float, float]:
    """ "48.85,2.35" -> (48.85, 2.35); anything else is a 422 naming the `near` parameter."""
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        lat, lon = math.nan, math.nan
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Unprocessable(
            "near must be 'lat,lon' in degrees",
            code="validation_error",
            details=[{"loc": ["query", "near"], "type": "value_error", "message": text}],
        )
    return lat, lon


def list_stores(
    *, session: Session, near: tuple[float, float] | None = None, limit: int = 50
) -> list[StorePublic]:
    """Stores by id, or nearest first when `near` is given. A chain has a few hundred
    stores at most, so the distance is computed here rather than in SQL (portable)."""
    stores = session.exec(select(Store).order_by(col(Store.id))).all()
    public = [StorePublic.model_validate(store) for store in stores]
    if near is None:
        return public[:limit]
    for store in public:
        store.distance_m = round(distance_m(near[0], near[1], store.lat, store.lon), 1)
    public.sort(key=lambda store: (store.distance_m, store.id))
    return public[:limit]


def get_store(*, session: Session, store_id: int) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise NotFound(f"no store {store_id}", code="store_not_found")
    return store


def get_product(*, session: Session, ean: str) -> Product:
    product = session.exec(select(Product).where(Product.ean == ean)).first()
    if product is None:
        raise NotFound(f"no product with EAN {ean}", code="product_not_found")
    return product


def encode_cursor(product_id: int) -> str:
    return base64.urlsafe_b64encode(f"p{product_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("p"):
            raise ValueError(cursor)
        return int(text[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise Unprocessable("the cursor is invalid", code="invalid_cursor") from exc


def search_products(
    *,
    session: Session,
    q: str | None = None,
    department: str | None = None,
    category: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> ProductPage:
    """Products in id order, one page at a time (keyset pagination: stable under inserts).
    `q` matches the French or the English name, ignoring case."""
    query = select(Product)
    if q:
        needle = q.strip().lower()
        query = query.where(
            or_(
                func.lower(Product.name_fr).contains(needle, autoescape=True),
                func.lower(Product.name_en).contains(needle, autoescape=True),
            )
        )
    if department:
        query = query.where(Product.department == department)
    if category:
        query = query.where(Product.category == category)
    if cursor:
        query = query.where(col(Product.id) > decode_cursor(cursor))
    rows = session.exec(query.order_by(col(Product.id)).limit(limit + 1)).all()
    items = [ProductPublic.model_validate(row) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > limit else None
    return ProductPage(items=items, next_cursor=next_cursor)


def stock_level(*, session: Session, store_id: int, ean: str) -> StockPublic:
    """The quantity on hand; a product the store never stocked has 0."""
    store = get_store(session=session, store_id=store_id)
    product = get_product(session=session, ean=ean)
    stock = session.get(Stock, (store.id, product.id))
    quantity = stock.quantity if stock is not None else 0
    return StockPublic(
        store_id=store_id,
        ean=product.ean,
        quantity=quantity,
        in_stock=quantity > 0,
        updated_at=stock.updated_at if stock is not None else None,
    )

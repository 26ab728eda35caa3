"""Small factories for receipts tests: unique values so tests never collide."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from assistant.auth.service import create_api_key
from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.history import habits
from assistant.history.schemas import ReceiptCreate


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def ean13(first12: str) -> str:
    """`first12` completed with its GS1 check digit."""
    weighted = sum(int(digit) * (3 if i % 2 else 1) for i, digit in enumerate(first12))
    return first12 + str((10 - weighted % 10) % 10)


def random_ean() -> str:
    return ean13(f"{uuid.uuid4().int % 10**12:012d}")


def random_mobile() -> str:
    """A French mobile number in E.164."""
    return f"+336{uuid.uuid4().int % 10**8:08d}"


def national_form(e164: str) -> str:
    """ "+33612345678" written as a French customer would: "06 12 34 56 78"."""
    digits = "0" + e164[3:]
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def make_store(session: Session, *, code: str | None = None) -> Store:
    store = Store(code=code or unique("ST"), name="Carchan test", lat=48.85, lon=2.35)
    session.add(store)
    session.flush()
    return store


def make_product(session: Session, *, category: str = "dairy", ean: str | None = None) -> Product:
    product = Product(
        ean=ean or random_ean(),
        name_fr="Produit",
        name_en="Product",
        department="food",
        category=category,
        price_cents=199,
    )
    session.add(product)
    session.flush()
    return product


def make_household(
    session: Session, *, phone: str | None = None, loyalty_card: str | None = None
) -> Household:
    household = Household(name=unique("Famille"), phone=phone, loyalty_card=loyalty_card)
    session.add(household)
    session.flush()
    return household


def make_api_key(session: Session, *, scopes: list[str]) -> str:
    _key, raw = create_api_key(session=session, name=unique("till"), scopes=scopes)
    return raw


def receipt_payload(
    *,
    store_code: str,
    receipt_id: str | None = None,
    purchased_at: dt.datetime | None = None,
    phone: str | None = None,
    loyalty_card: str | None = None,
    lines: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A JSON body for POST /receipts; defaults to an unknown phone when no identifier."""
    if phone is None and loyalty_card is None:
        phone = random_mobile()
    at = purchased_at or dt.datetime(2024, 5, 17, 10, 30, tzinfo=dt.UTC)
    payload: dict[str, Any] = {
        "receipt_id": receipt_id or unique("R"),
        "store_code": store_code,
        "purchased_at": at.isoformat(),
        "lines": lines
        or [
            {"label": "Lait demi-écrémé", "quantity": 2, "unit_price_cents": 105},
            {"label": "Pommes", "quantity": 1.25, "unit_price_cents": 299, "discount_cents": 50},
        ],
        **extra,
    }
    if phone is not None:
        payload["phone"] = phone
    if loyalty_card is not None:
        payload["loyalty_card"] = loyalty_card
    return payload


def receipt_create(**kwargs: Any) -> ReceiptCreate:
    return ReceiptCreate.model_validate(receipt_payload(**kwargs))


Rows = dict[str, set[tuple[object, ...]]]


def stored_habits(session: Session, household_ids: list[int] | None = None) -> Rows:
    out: Rows = {}
    for table in (habits.PRODUCT_HABITS, habits.CATEGORY_HABITS):
        query = sa.select(*table.c)
        if household_ids is not None:
            query = query.where(table.c.household_id.in_(household_ids))
        out[table.name] = {tuple(row) for row in session.execute(query)}
    return out


def recomputed_habits(session: Session, household_ids: list[int]) -> Rows:
    """What the receipts say, through a savepoint that is rolled back."""
    with session.begin_nested() as savepoint:
        habits.rebuild(session, household_ids)
        rows = stored_habits(session, household_ids)
        savepoint.rollback()
    return rows

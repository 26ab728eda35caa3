"""E-receipts sent by the tills, and their lines."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, required_timestamp_field, timestamp_field


class Receipt(SQLModel, table=True):
    __tablename__ = "receipts"
    __table_args__ = (sa.Index("ix_receipts_household_time", "household_id", "purchased_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # The till's own identifier: the idempotency key of POST /receipts.
    receipt_uid: str = Field(unique=True, max_length=80)
    household_id: int | None = fk("households.id", nullable=True, ondelete="SET NULL", index=False)
    store_id: int | None = fk("stores.id", nullable=True, ondelete="SET NULL")
    loyalty_card: str | None = Field(default=None, max_length=32, index=True)
    # Kept only while the receipt is unclaimed; cleared once attached to a household.
    phone: str | None = Field(default=None, max_length=20, index=True)
    purchased_at: dt.datetime = required_timestamp_field()
    total_cents: int = 0
    discount_cents: int = 0
    currency: str = Field(default="EUR", max_length=3)
    kind: str = Field(default="store", max_length=16)  # store | fuel | drive | online
    source: str = Field(default="pos", max_length=32)
    # A fingerprint of the content, to tell a replay from a conflicting reuse of the id.
    content_hash: str | None = Field(default=None, max_length=64)
    claimed_at: dt.datetime | None = timestamp_field()
    # Set when the till's receipt looks wrong (a very large total, a date ahead of the clock):
    # stored, but its points wait for a review instead of being credited.
    review_reason: str | None = Field(default=None, max_length=40)
    anonymised: bool = False
    created_at: dt.datetime = created_at_field()


class ReceiptLine(SQLModel, table=True):
    __tablename__ = "receipt_lines"

    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = fk("receipts.id")
    line_no: int = 0
    product_id: int | None = fk("products.id", nullable=True, ondelete="SET NULL")
    ean: str | None = Field(default=None, max_length=14)
    label: str = Field(max_length=200)
    quantity: float = 1.0
    unit_price_cents: int = 0
    amount_cents: int = 0
    discount_cents: int = 0
    coupon_code: str | None = Field(default=None, max_length=40)


class PurchaseHabit(SQLModel, table=True):
    """How many receipt lines of a product a household has, and the last one's time: folded
    from the receipts as they are stored (`assistant.history.habits`), so that a reader over
    every household reads a row per product bought instead of every line."""

    __tablename__ = "purchase_habits"

    household_id: int = Field(foreign_key="households.id", primary_key=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="products.id", primary_key=True, ondelete="CASCADE")
    purchases: int
    last_purchased_at: dt.datetime = required_timestamp_field()


class CategoryHabit(SQLModel, table=True):
    """The same per product category (the sum of its products' lines): a category coupon's
    relevance without reading every product of the category."""

    __tablename__ = "category_habits"

    household_id: int = Field(foreign_key="households.id", primary_key=True, ondelete="CASCADE")
    category: str = Field(primary_key=True, max_length=60)
    purchases: int
    last_purchased_at: dt.datetime = required_timestamp_field()

"""Shopping lists, click & collect orders and pickup slots.

A household's editable shopping list is its order in status `draft`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, required_timestamp_field, timestamp_field


class OrderStatus(StrEnum):
    draft = "draft"
    placed = "placed"
    picking = "picking"
    ready = "ready"
    collected = "collected"
    cancelled = "cancelled"


class PickupSlot(SQLModel, table=True):
    __tablename__ = "pickup_slots"
    __table_args__ = (
        sa.UniqueConstraint("store_id", "starts_at"),
        # The database itself refuses overbooking, whatever the code path.
        sa.CheckConstraint("booked >= 0 AND booked <= capacity", name="ck_slot_capacity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    store_id: int = fk("stores.id")
    starts_at: dt.datetime = required_timestamp_field()
    ends_at: dt.datetime = required_timestamp_field()
    capacity: int = 10
    booked: int = 0


class Order(SQLModel, table=True):
    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    store_id: int | None = fk("stores.id", nullable=True, ondelete="SET NULL")
    slot_id: int | None = fk("pickup_slots.id", nullable=True, ondelete="SET NULL")
    status: str = Field(default=OrderStatus.draft, max_length=16, index=True)
    total_cents: int = 0
    discount_cents: int = 0
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = created_at_field()
    placed_at: dt.datetime | None = timestamp_field()
    ready_at: dt.datetime | None = timestamp_field()
    collected_at: dt.datetime | None = timestamp_field()
    picking_at: dt.datetime | None = timestamp_field()
    cancelled_at: dt.datetime | None = timestamp_field()
    # Monday (household's local date) of the week whose proposal the list holds.
    proposed_week: dt.date | None = None


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_lines"
    __table_args__ = (sa.UniqueConstraint("order_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = fk("orders.id")
    product_id: int = fk("products.id", ondelete="RESTRICT")
    quantity: int = 1
    unit_price_cents: int = 0
    discount_cents: int = 0
    coupon_id: int | None = fk("coupons.id", nullable=True, ondelete="SET NULL")
    substitute_product_id: int | None = fk("products.id", nullable=True, ondelete="SET NULL")
    origin: str = Field(default="customer", max_length=16)  # customer | predicted
    explanation: str | None = Field(default=None, max_length=300)  # French
    explanation_en: str | None = Field(default=None, max_length=300)
    score: float | None = None
    # A predicted line is a proposal until the customer accepts it (or edits it).
    accepted: bool = True
    # The customer changed the quantity: a new proposal keeps theirs.
    customer_edited: bool = False


class ListDismissal(SQLModel, table=True):
    """A predicted product the customer took off the list: not proposed again that week."""

    __tablename__ = "list_dismissals"
    __table_args__ = (sa.UniqueConstraint("household_id", "product_id", "week_start"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    product_id: int = fk("products.id", index=False)
    week_start: dt.date
    created_at: dt.datetime = created_at_field()

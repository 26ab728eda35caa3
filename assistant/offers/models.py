"""Campaigns, digital coupons and their assignment to households."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, timestamp_field


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    name: str = Field(max_length=200)
    kind: str = Field(default="targeted", max_length=16)  # targeted | generic
    description: str | None = Field(default=None, max_length=1000)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    source: str = Field(default="demo", max_length=32)
    created_at: dt.datetime = created_at_field()


class Coupon(SQLModel, table=True):
    __tablename__ = "coupons"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = fk("campaigns.id", nullable=True)
    code: str = Field(unique=True, max_length=40)
    description_fr: str = Field(max_length=300)
    description_en: str = Field(max_length=300)
    product_id: int | None = fk("products.id", nullable=True)
    category: str | None = Field(default=None, max_length=60)
    discount_kind: str = Field(default="percent", max_length=16)  # percent | amount
    discount_value: int = 0  # percent, or cents
    min_purchase_cents: int = 0
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    is_generic: bool = False
    created_at: dt.datetime = created_at_field()


class CouponAssignment(SQLModel, table=True):
    __tablename__ = "coupon_assignments"
    __table_args__ = (sa.UniqueConstraint("coupon_id", "household_id"),)

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = fk("coupons.id")
    household_id: int = fk("households.id")
    assigned_at: dt.datetime = created_at_field()
    redeemed_at: dt.datetime | None = timestamp_field()
    receipt_id: int | None = fk("receipts.id", nullable=True, ondelete="SET NULL")
    explanation: str | None = Field(default=None, max_length=300)
    # weekly | clip | campaign | durable | generic (see assistant.coupons.wallet.SOURCES)
    source: str = Field(default="campaign", max_length=16)
    # The assignment's own window (a weekly selection loads for its week); None: the coupon's.
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class OfferImpression(SQLModel, table=True):
    """One showing of a coupon to a household (push at a store, chat): the frequency cap
    counts these over the last seven days."""

    __tablename__ = "offer_impressions"
    __table_args__ = (sa.Index("ix_offer_impressions_household_time", "household_id", "shown_at"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id", index=False)
    coupon_id: int = fk("coupons.id")
    channel: str = Field(max_length=16)  # push | chat
    shown_at: dt.datetime = created_at_field()

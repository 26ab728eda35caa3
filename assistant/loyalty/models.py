"""The append-only loyalty ledger and the rewards catalog."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, json_field


class LoyaltyEntry(SQLModel, table=True):
    __tablename__ = "loyalty_entries"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    points: int  # positive when earned, negative when redeemed or expired
    kind: str = Field(max_length=16)  # earn | redeem | adjust | expire
    reason: str = Field(max_length=200)
    # Makes every entry idempotent: the same receipt or redemption never counts twice.
    idempotency_key: str = Field(unique=True, max_length=120)
    receipt_id: int | None = fk("receipts.id", nullable=True, ondelete="SET NULL")
    # The reward a redemption bought (None for earnings and adjustments).
    reward_id: int | None = fk("rewards.id", nullable=True, ondelete="SET NULL")
    created_at: dt.datetime = created_at_field()


class Reward(SQLModel, table=True):
    __tablename__ = "rewards"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=40)
    name_fr: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    points_cost: int
    product_id: int | None = fk("products.id", nullable=True, ondelete="SET NULL")
    tags: list[str] = json_field(list)
    stock: int | None = None
    active: bool = True
    created_at: dt.datetime = created_at_field()

"""What the loyalty API shows: the balance with its history, rewards, redemptions."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, model_validator


class LoyaltyEntryPublic(BaseModel):
    id: int
    points: int
    kind: str
    reason: str
    receipt_id: int | None
    reward_id: int | None
    created_at: dt.datetime


class LoyaltyPublic(BaseModel):
    balance: int
    items: list[LoyaltyEntryPublic] = Field(description="ledger entries, newest first")
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null at end")


class RewardPublic(BaseModel):
    id: int
    code: str
    name: str = Field(description="in the household's language")
    name_fr: str
    name_en: str
    points_cost: int
    stock: int | None = Field(description="null: unlimited")
    tags: list[str]
    affordable: bool = Field(description="the balance covers it now")
    missing_points: int
    wished: bool = Field(description="a household wish matches this reward")
    wished_by: str | None = Field(description="who wished for it ('' for the household)")


class RewardsPublic(BaseModel):
    balance: int
    items: list[RewardPublic]


class RedemptionCreate(BaseModel):
    reward_id: int | None = Field(default=None, ge=1)
    reward_code: str | None = Field(default=None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _one_reward(self) -> RedemptionCreate:
        if (self.reward_id is None) == (self.reward_code is None):
            raise ValueError("give exactly one of reward_id and reward_code")
        return self


class RedemptionPublic(BaseModel):
    entry: LoyaltyEntryPublic
    reward: RewardPublic
    balance: int = Field(description="after the redemption")

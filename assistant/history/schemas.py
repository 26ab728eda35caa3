"""Request and response schemas of e-receipts and purchase history."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.schemas import Instant, StrictBody

MAX_LINES = 500


class ReceiptKind(StrEnum):
    store = "store"
    fuel = "fuel"
    drive = "drive"
    online = "online"


def ean13_is_valid(code: str) -> bool:
    """Whether `code` is 13 digits whose last one is the GS1 check digit."""
    if len(code) != 13 or not code.isascii() or not code.isdigit():
        return False
    weighted = sum(int(digit) * (3 if i % 2 else 1) for i, digit in enumerate(code[:12]))
    return (10 - weighted % 10) % 10 == int(code[12])


def line_amount_cents(*, quantity: float, unit_price_cents: int, discount_cents: int) -> int:
    # Decimal from the float's repr so 1.005 kg is 1.005, not 1.00499...; half-up as tills do.
    gross = (Decimal(repr(quantity)) * unit_price_cents).quantize(Decimal(1), ROUND_HALF_UP)
    return int(gross) - discount_cents


class ReceiptLineCreate(StrictBody):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ean: str | None = Field(default=None, description="EAN-13 with a valid check digit")
    label: str = Field(min_length=1, max_length=200)
    quantity: float = Field(gt=0, le=100_000, allow_inf_nan=False)
    unit_price_cents: int = Field(ge=0, le=100_000_000)
    discount_cents: int = Field(default=0, ge=0)
    coupon_code: str | None = Field(default=None, min_length=1, max_length=40)

    @field_validator("ean")
    @classmethod
    def _check_ean(cls, value: str | None) -> str | None:
        if value is not None and not ean13_is_valid(value):
            raise ValueError("ean must be 13 digits with a valid check digit")
        return value

    @model_validator(mode="after")
    def _discount_within_price(self) -> Self:
        if self.amount_cents < 0:
            raise ValueError("discount_cents exceeds the line's price")
        return self

    @property
    def amount_cents(self) -> int:
        return line_amount_cents(
            quantity=self.quantity,
            unit_price_cents=self.unit_price_cents,
            discount_cents=self.discount_cents,
        )


class ReceiptCreate(StrictBody):
    """An e-receipt as a till sends it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    receipt_id: str = Field(min_length=1, max_length=80, description="The till's own id")
    store_code: str = Field(min_length=1, max_length=40)
    purchased_at: Instant
    kind: ReceiptKind = ReceiptKind.store
    loyalty_card: str | None = Field(default=None, min_length=1, max_length=32)
    phone: str | None = Field(
        default=None, min_length=1, max_length=32, description="Normalised to E.164"
    )
    lines: Annotated[list[ReceiptLineCreate], Field(min_length=1, max_length=MAX_LINES)]
    total_cents: int | None = Field(
        default=None, ge=0, description="When given, must equal the sum of the line amounts"
    )

    @model_validator(mode="after")
    def _one_identifier(self) -> Self:
        if (self.loyalty_card is None) == (self.phone is None):
            raise ValueError("give exactly one of loyalty_card or phone")
        return self


class ReceiptLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line_no: int
    product_id: int | None
    ean: str | None
    label: str
    quantity: float
    unit_price_cents: int
    discount_cents: int
    amount_cents: int
    coupon_code: str | None


class ReceiptSummary(BaseModel):
    id: int
    receipt_id: str = Field(description="The till's id")
    store_code: str | None
    purchased_at: dt.datetime
    kind: str
    currency: str
    total_cents: int
    discount_cents: int
    line_count: int


class ReceiptPublic(ReceiptSummary):
    claimed: bool = Field(description="Whether the receipt is attached to a household")
    review_reason: str | None = Field(
        default=None,
        description="Why the receipt is held for review (dated_ahead, large_total): stored, "
        "its points not credited",
    )
    lines: list[ReceiptLinePublic]


class PurchasePublic(BaseModel):
    """One purchase line, flattened with its receipt's time and store."""

    id: int
    receipt_id: int
    product_id: int | None
    ean: str | None
    label: str
    category: str | None
    quantity: float
    unit_price_cents: int
    discount_cents: int
    amount_cents: int
    purchased_at: dt.datetime
    store_code: str | None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null at end")

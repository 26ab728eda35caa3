from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from assistant.history.cursors import InvalidCursor, decode_cursor, encode_cursor
from assistant.history.schemas import (
    ReceiptCreate,
    ReceiptLineCreate,
    ean13_is_valid,
    line_amount_cents,
)
from tests.assistant.history.factories import receipt_payload


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("3017620422003", True),
        ("4006381333931", True),
        ("3017620422004", False),
        ("301762042200", False),
        ("30176204220033", False),
        ("301762042200x", False),
    ],
)
def test_ean13_check_digit(code: str, valid: bool) -> None:
    assert ean13_is_valid(code) is valid


@pytest.mark.parametrize(
    ("quantity", "unit_price_cents", "discount_cents", "expected"),
    [
        (2, 105, 0, 210),
        (1.25, 299, 50, 324),  # 373.75 rounds up to 374
        (0.5, 5, 0, 3),  # half rounds up, as tills do
        (1.005, 1000, 0, 1005),  # no binary-float drift
        (3, 100, 300, 0),
    ],
)
def test_line_amount(
    quantity: float, unit_price_cents: int, discount_cents: int, expected: int
) -> None:
    assert (
        line_amount_cents(
            quantity=quantity, unit_price_cents=unit_price_cents, discount_cents=discount_cents
        )
        == expected
    )


def test_a_discount_above_the_price_is_refused() -> None:
    with pytest.raises(ValidationError, match="discount"):
        ReceiptLineCreate(label="x", quantity=1, unit_price_cents=100, discount_cents=101)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"purchased_at": "2024-05-17T10:30:00"}, "purchased_at"),
        ({"lines": []}, "lines"),
        ({"kind": "teleport"}, "kind"),
        ({"receipt_id": ""}, "receipt_id"),
        ({"receipt_id": "x" * 81}, "receipt_id"),
        ({"lines": [{"label": "x", "quantity": 0, "unit_price_cents": 1}]}, "quantity"),
        ({"lines": [{"label": "x", "quantity": 1, "unit_price_cents": -1}]}, "unit_price_cents"),
        ({"lines": [{"label": "x", "quantity": 1, "unit_price_cents": 1, "ean": "123"}]}, "ean"),
        ({"loyalty_card": "CARD-1"}, "loyalty_card or phone"),
        ({"phone": None}, "loyalty_card or phone"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_invalid_receipts_are_refused(change: dict[str, Any], field: str) -> None:
    payload = {**receipt_payload(store_code="S1", phone="+33612345678"), **change}
    payload = {key: value for key, value in payload.items() if value is not None}
    with pytest.raises(ValidationError, match=field):
        ReceiptCreate.model_validate(payload)


def test_too_many_lines_are_refused() -> None:
    lines = [{"label": "x", "quantity": 1, "unit_price_cents": 1}] * 501
    with pytest.raises(ValidationError, match="lines"):
        ReceiptCreate.model_validate(receipt_payload(store_code="S1", lines=lines))


def test_cursor_round_trip() -> None:
    at = dt.datetime(2024, 5, 17, 10, 30, 0, 123456, tzinfo=dt.UTC)
    cursor = encode_cursor(kind="r", at=at, row_id=42)
    assert decode_cursor(kind="r", cursor=cursor) == (at, 42)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        "",
        "eyJhIjoxfQ",  # {"a":1}
        "WyJyIiwiMjAyNC0wNS0xN1QxMDozMDowMCIsMV0",  # naive datetime
        "WyJyIiwiMjAyNC0wNS0xN1QxMDozMDowMCswMDowMCIsIjEiXQ",  # id as a string
        encode_cursor(kind="p", at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), row_id=1),
        "A" * 300,
    ],
)
def test_malformed_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(kind="r", cursor=cursor)

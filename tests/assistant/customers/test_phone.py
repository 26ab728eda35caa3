"""Phone numbers are normalised to E.164 (French national numbers read as +33)."""

from __future__ import annotations

import pytest

from assistant.customers.phone import InvalidPhone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("01 40 20 50 50", "+33140205050"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("  06 12 34 56 78  ", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_normalise_phone(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "hello",
        "06 12 34 56",  # too short
        "06 12 34 56 78 9",  # too long
        "0033 06 12 34 56 78",  # trunk 0 kept after the international prefix
        "6 12 34 56 78",  # missing the trunk 0
        "+33 0 12 34 56 78",  # trunk 0 after the country code
        "+33 6 12 34",
        "+0 123 456 789",
        "+1234",
        "+1234567890123456",  # more than 15 digits
        "٠٦١٢٣٤٥٦٧٨",
        "06 12 34 56 7a",
    ],
)
def test_invalid_phone_is_refused_with_its_code(raw: str) -> None:
    with pytest.raises(InvalidPhone) as caught:
        normalise_phone(raw)
    assert caught.value.code == "invalid_phone"
    assert caught.value.status_code == 422

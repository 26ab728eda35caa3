from __future__ import annotations

import datetime as dt

import jwt
import pytest
from pydantic import SecretStr

from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.outings.links import (
    BookingLinkExpired,
    BookingLinkInvalid,
    booking_link,
    booking_token,
    read_booking_token,
)
from tests.clock import NOW

PID = "a" * 32  # a household's public id
SETTINGS = Settings(
    assistant_env="test",
    secret_key=SecretStr("links-secret-0123456789abcdefghijklmnopq"),
    public_base_url="https://carchan.example/",
)


def test_a_link_carries_a_signed_claim() -> None:
    expires = NOW + dt.timedelta(days=3)
    url = booking_link(
        settings=SETTINGS, household_id=7, public_id=PID, event_id=42, seats=3, expires=expires
    )
    assert url.startswith("https://carchan.example/book/")
    claim = read_booking_token(settings=SETTINGS, token=url.rsplit("/", 1)[1], now=NOW)
    assert (claim.household_id, claim.event_id, claim.seats) == (7, 42, 3)
    assert claim.expires == expires.replace(microsecond=0)
    other = booking_token(
        settings=SETTINGS, household_id=7, public_id=PID, event_id=42, seats=3, expires=expires
    )
    assert read_booking_token(settings=SETTINGS, token=other, now=NOW).link_id != claim.link_id


def _forged(
    claims: dict[str, object], secret: str = "links-secret-0123456789abcdefghijklmnopq"
) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


FUTURE = int((NOW + dt.timedelta(days=1)).timestamp())
VALID = {"typ": "booking", "hid": 1, "pid": PID, "eid": 2, "seats": 2, "exp": FUTURE, "jti": "x"}


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        _forged(VALID, secret="another-secret-0123456789abcdefghijklmnop"),
        _forged({**VALID, "typ": "customer"}),
        _forged({**VALID, "seats": 0}),
        _forged({**VALID, "hid": "1"}),
        _forged({k: v for k, v in VALID.items() if k != "jti"}),
        _forged({k: v for k, v in VALID.items() if k != "pid"}),
        "x" * 2000,
    ],
    ids=[
        "garbage",
        "other-secret",
        "wrong-type",
        "no-seats",
        "string-id",
        "no-jti",
        "no-pid",
        "huge",
    ],
)
def test_tampered_or_foreign_tokens_are_invalid(token: str) -> None:
    with pytest.raises(BookingLinkInvalid):
        read_booking_token(settings=SETTINGS, token=token, now=NOW)


def test_tampering_with_a_real_token_breaks_it() -> None:
    token = booking_token(settings=SETTINGS, household_id=1, public_id=PID, event_id=2, seats=2,
                          expires=NOW + dt.timedelta(hours=1))  # fmt: skip
    header, payload, signature = token.split(".")
    bumped = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(b'"seats":2', b'"seats":9')
    ).decode()
    with pytest.raises(BookingLinkInvalid):
        read_booking_token(settings=SETTINGS, token=f"{header}.{bumped}.{signature}", now=NOW)


def test_an_expired_link_says_so() -> None:
    token = booking_token(settings=SETTINGS, household_id=1, public_id=PID, event_id=2, seats=2,
                          expires=NOW - dt.timedelta(seconds=5))  # fmt: skip
    with pytest.raises(BookingLinkExpired) as expired:
        read_booking_token(settings=SETTINGS, token=token, now=NOW)
    assert (expired.value.status_code, expired.value.code) == (410, "booking_link_expired")


def test_a_customer_token_is_not_a_booking_link() -> None:
    household = Household(id=1, name="x")
    token = issue_customer_token(settings=SETTINGS, household=household, now=NOW)
    with pytest.raises(BookingLinkInvalid):
        read_booking_token(settings=SETTINGS, token=token, now=NOW)

"""Click-to-book links: a signed, expiring token naming the household, event and seats.

The token is a JWT (HMAC with the app's secret, like customer tokens, but typed "booking"
so neither can stand for the other). Its `jti` makes a booking through the link idempotent:
a second click finds the booking the first one made.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

import jwt

from assistant.config import Settings
from assistant.errors import AppError

TOKEN_TYPE = "booking"
MAX_TOKEN_LENGTH = 1024


class BookingLinkInvalid(AppError):
    status_code = 404
    code = "booking_link_invalid"


class BookingLinkExpired(AppError):
    status_code = 410
    code = "booking_link_expired"


@dataclass(frozen=True)
class BookingClaim:
    household_id: int
    public_id: str  # the household's: its id alone may be an erased household's
    event_id: int
    seats: int
    expires: dt.datetime
    link_id: str  # the token's jti

    @property
    def idempotency_key(self) -> str:
        return f"link:{self.link_id}"


def _token(
    *, settings: Settings, typ: str, household_id: int, public_id: str, expires: dt.datetime,
    **claims: int | str,
) -> str:  # fmt: skip
    """A signed link token of type `typ` for the household, with its own `claims`."""
    body = {"typ": typ, "hid": household_id, "pid": public_id, "exp": int(expires.timestamp()),
            **claims}  # fmt: skip
    return jwt.encode(body, settings.jwt_secret, algorithm=settings.jwt_algorithm)


def booking_token(
    *, settings: Settings, household_id: int, public_id: str, event_id: int, seats: int,
    expires: dt.datetime,
) -> str:  # fmt: skip
    return _token(settings=settings, typ=TOKEN_TYPE, household_id=household_id,
                  public_id=public_id, expires=expires, eid=event_id, seats=seats,
                  jti=secrets.token_urlsafe(12))  # fmt: skip


def booking_link(
    *, settings: Settings, household_id: int, public_id: str, event_id: int, seats: int,
    expires: dt.datetime,
) -> str:  # fmt: skip
    """The absolute one-click URL `{base_url}/book/{token}` (evening digest)."""
    token = booking_token(
        settings=settings, household_id=household_id, public_id=public_id, event_id=event_id,
        seats=seats, expires=expires,
    )  # fmt: skip
    return f"{settings.base_url}/book/{token}"


def _claims(
    *,
    settings: Settings,
    token: str,
    now: dt.datetime,
    typ: str,
    ids: tuple[str, ...],
    also: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The claims of a valid token of type `typ` whose `ids` are positive integers;
    BookingLinkExpired (410) or BookingLinkInvalid (404) otherwise. Its expiry is checked
    against the caller's `now` (the application's clock, simulated in demos), not PyJWT's
    wall clock."""
    what = f"unknown {typ} link"
    if len(token) > MAX_TOKEN_LENGTH:
        raise BookingLinkInvalid(what)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[settings.jwt_algorithm],
            options={"require": ["exp", "pid", *ids, *also], "verify_exp": False,
                     "verify_iat": False},
        )  # fmt: skip
    except jwt.InvalidTokenError as exc:
        raise BookingLinkInvalid(what) from exc
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        raise BookingLinkInvalid(what)
    if expires <= now.timestamp():
        raise BookingLinkExpired(f"this {typ} link has expired")
    if (
        claims.get("typ") != typ
        or not isinstance(claims.get("pid"), str)
        or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0
            for v in (claims.get(name) for name in ids)
        )
    ):
        raise BookingLinkInvalid(what)
    return claims


def read_booking_token(*, settings: Settings, token: str, now: dt.datetime) -> BookingClaim:
    """The claim of a valid booking token; BookingLinkExpired (410) or BookingLinkInvalid
    (404)."""
    claims = _claims(settings=settings, token=token, now=now, typ=TOKEN_TYPE,
                     ids=("hid", "eid", "seats"), also=("jti",))  # fmt: skip
    return BookingClaim(
        household_id=claims["hid"],
        public_id=claims["pid"],
        event_id=claims["eid"],
        seats=claims["seats"],
        expires=dt.datetime.fromtimestamp(claims["exp"], dt.UTC),
        link_id=str(claims["jti"])[:64],
    )


# A booking's calendar file, from a link said in the chat or a speaker's companion app: the
# link is opened in a browser or a calendar app, which hold no customer token.
CALENDAR_TOKEN_TYPE = "calendar"


@dataclass(frozen=True)
class CalendarClaim:
    household_id: int
    public_id: str
    booking_id: int


def calendar_link(
    *, settings: Settings, household_id: int, public_id: str, booking_id: int,
    expires: dt.datetime,
) -> str:  # fmt: skip
    """The absolute URL `{base_url}/calendar/{token}.ics` of a booking's iCalendar event."""
    token = _token(settings=settings, typ=CALENDAR_TOKEN_TYPE, household_id=household_id,
                   public_id=public_id, expires=expires, bid=booking_id)  # fmt: skip
    return f"{settings.base_url}/calendar/{token}.ics"


def read_calendar_token(*, settings: Settings, token: str, now: dt.datetime) -> CalendarClaim:
    """The claim of a valid calendar token; BookingLinkExpired (410) or BookingLinkInvalid
    (404) otherwise (a booking token is no calendar token, nor the reverse)."""
    claims = _claims(settings=settings, token=token, now=now, typ=CALENDAR_TOKEN_TYPE,
                     ids=("hid", "bid"))  # fmt: skip
    return CalendarClaim(
        household_id=claims["hid"], public_id=claims["pid"], booking_id=claims["bid"]
    )

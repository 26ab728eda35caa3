"""The base of every request body the API accepts, and the instants it takes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, field_validator

# Instants are stored and compared in UTC: one that cannot be converted (0001-01-01T00:00+14:00,
# 9999-12-31T23:59-14:00) or that no till, phone or customer means is refused with a 422.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def _storable(value: dt.datetime) -> dt.datetime:
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise ValueError("the date is out of range") from exc
    if not EARLIEST <= utc < LATEST:
        raise ValueError(f"the date must be between {EARLIEST.year} and {LATEST.year}")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_storable)]


class StrictBody(BaseModel):
    """Unknown fields are refused, and so is NUL in any text field; text is stripped, so
    that a name of spaces is as empty as it looks (and refused where a value is required)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL text cannot hold NUL: refused here, so every backend answers the same 422.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text must not contain NUL characters")
        return value

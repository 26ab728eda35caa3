"""Column helpers shared by every domain's tables."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Field

from assistant.clock import system_now
from assistant.db import UTCDateTime


def created_at_field() -> Any:
    return Field(default_factory=system_now, sa_type=UTCDateTime, nullable=False)


def timestamp_field(*, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)


def required_timestamp_field(*, index: bool = False) -> Any:
    return Field(sa_type=UTCDateTime, nullable=False, index=index)


def json_field(default_factory: Any = list) -> Any:
    return Field(default_factory=default_factory, sa_type=sa.JSON, nullable=False)


OnDelete = Literal["CASCADE", "SET NULL", "RESTRICT"]


def fk(
    target: str, *, nullable: bool = False, ondelete: OnDelete = "CASCADE", index: bool = True
) -> Any:
    """A foreign key; households' children go with the household (erasure)."""
    return Field(
        default=None,
        foreign_key=target,
        nullable=nullable,
        ondelete=ondelete,
        index=index,
    )


__all__ = [
    "created_at_field",
    "dt",
    "fk",
    "json_field",
    "required_timestamp_field",
    "timestamp_field",
]

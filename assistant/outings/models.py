"""Outings and store events with a seat inventory, and bookings."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import (
    created_at_field,
    fk,
    json_field,
    required_timestamp_field,
    timestamp_field,
)


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        # Overselling is impossible at the database level, not only in code.
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="ck_event_seats"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(
        max_length=24, index=True
    )  # circus | cinema | concert | theatre | store_event ...
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    venue: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=80)
    lat: float | None = None
    lon: float | None = None
    store_id: int | None = fk("stores.id", nullable=True)
    starts_at: dt.datetime = required_timestamp_field(index=True)
    ends_at: dt.datetime | None = timestamp_field()
    min_age: int | None = None
    max_age: int | None = None
    lang: str = Field(default="fr", max_length=5)
    tags: list[str] = json_field(list)  # e.g. "director:Luc Besson", "jazz", "kids"
    price_cents: int = 0
    capacity: int = 0
    seats_taken: int = 0
    created_at: dt.datetime = created_at_field()


class Booking(SQLModel, table=True):
    __tablename__ = "bookings"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = fk("events.id")
    household_id: int = fk("households.id")
    seats: int = 1
    status: str = Field(default="held", max_length=16)  # held | confirmed | cancelled | expired
    hold_expires_at: dt.datetime | None = timestamp_field(index=True)
    # Makes a booking request idempotent: the same click-to-book link or Idempotency-Key
    # returns the booking it made, never a second one.
    idempotency_key: str | None = Field(default=None, unique=True, max_length=120)
    created_at: dt.datetime = created_at_field()
    confirmed_at: dt.datetime | None = timestamp_field()
    cancelled_at: dt.datetime | None = timestamp_field()

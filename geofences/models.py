"""Presence tables: raw pings (kept 24 h), per-(customer, store) state, visits."""

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


class LocationPing(SQLModel, table=True):
    """A raw location ping. Purged after `ping_retention_hours` (at most 24 h)."""

    __tablename__ = "location_pings"
    __table_args__ = (
        sa.UniqueConstraint("household_id", "client_ping_id"),
        sa.UniqueConstraint("household_id", "recorded_at", "lat", "lon"),
        sa.Index("ix_location_pings_household_recorded", "household_id", "recorded_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id", index=False)
    client_ping_id: str | None = Field(default=None, max_length=64)
    recorded_at: dt.datetime = required_timestamp_field(index=True)
    received_at: dt.datetime = created_at_field()
    lat: float
    lon: float
    accuracy_m: float
    source: str = Field(default="rest", max_length=8)  # rest | ws
    # False: older than a ping already processed, stored but ignored for transitions.
    processed: bool = True


class Visit(SQLModel, table=True):
    """A stay in a store, from ENTRY to EXIT (kept; it is the customer's history)."""

    __tablename__ = "visits"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id")
    store_id: int = fk("stores.id")
    entered_at: dt.datetime = required_timestamp_field(index=True)
    dwell_at: dt.datetime | None = timestamp_field()
    exited_at: dt.datetime | None = timestamp_field()
    last_seen_at: dt.datetime | None = timestamp_field()
    order_ids: list[int] = json_field(list)  # pickup orders waiting at the entry
    bring_to_car: bool = False
    vehicle: str | None = Field(default=None, max_length=120)
    created_at: dt.datetime = created_at_field()


class PresenceState(SQLModel, table=True):
    """The state machine of one (household, store), as `geofences.state.FenceState`."""

    __tablename__ = "presence_states"
    __table_args__ = (sa.UniqueConstraint("household_id", "store_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = fk("households.id", index=False)
    store_id: int = fk("stores.id")
    inside: bool = False
    entered_at: dt.datetime | None = timestamp_field()
    dwelled: bool = False
    last_entry_at: dt.datetime | None = timestamp_field()
    exited_at: dt.datetime | None = timestamp_field()
    last_seen_at: dt.datetime | None = timestamp_field()
    visit_id: int | None = fk("visits.id", nullable=True, ondelete="SET NULL")
    updated_at: dt.datetime = created_at_field()

"""Scheduled jobs, persisted so that they survive restarts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import (
    created_at_field,
    fk,
    json_field,
    required_timestamp_field,
    timestamp_field,
)


class JobKind(StrEnum):
    briefing = "briefing"
    digest = "digest"
    reminder = "reminder"
    proposal = "proposal"  # the week's pre-filled shopping list
    housekeeping = "housekeeping"  # recurring, no household: expired holds, old pings
    weekly_offers = "weekly_offers"  # recurring, no household: the week's coupons on every card


class JobStatus(StrEnum):
    scheduled = "scheduled"  # waiting for run_at (recurring jobs go back here after a run)
    done = "done"  # a one-off job that ran
    cancelled = "cancelled"


class Job(SQLModel, table=True):
    __tablename__ = "scheduled_jobs"
    __table_args__ = (sa.Index("ix_scheduled_jobs_due", "status", "run_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # One recurring job per (kind, household): "briefing:42"; reminders get a unique key.
    key: str = Field(max_length=120, unique=True)
    kind: str = Field(max_length=16)
    household_id: int | None = fk("households.id", nullable=True)
    run_at: dt.datetime = required_timestamp_field()
    # Recurring jobs: the wall-clock time in `timezone`, so the next run is DST-correct.
    local_time: dt.time | None = None
    timezone: str = Field(default="Europe/Paris", max_length=64)
    payload: dict[str, Any] = json_field(dict)
    status: str = Field(default=JobStatus.scheduled, max_length=16)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: dt.datetime | None = timestamp_field()
    attempts: int = 0
    last_run_at: dt.datetime | None = timestamp_field()
    last_outcome: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = created_at_field()

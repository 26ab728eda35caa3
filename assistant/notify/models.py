"""The transactional outbox: written with the business change, delivered after."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, json_field, timestamp_field


class OutboxStatus(StrEnum):
    pending = "pending"  # waiting for its next_attempt_at
    sending = "sending"  # claimed by a relay until locked_until (its lease)
    sent = "sent"
    failed = "failed"  # gave up: permanent error or notify_max_attempts reached
    suppressed = "suppressed"  # consent withdrawn between enqueue and delivery


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int | None = fk("households.id", nullable=True)
    channel: str = Field(max_length=16)
    purpose: str = Field(max_length=32)
    kind: str = Field(max_length=40)  # briefing | digest | store_entry_offer | order_ready ...
    lang: str = Field(default="fr", max_length=5)
    title: str = Field(max_length=300)
    body: str = Field(max_length=5000)
    ssml: str | None = Field(default=None, sa_type=sa.Text)
    payload: dict[str, Any] = json_field(dict)
    # "Why am I seeing this": mandatory on every proactive message.
    explanation: str = Field(max_length=500)
    dedup_key: str | None = Field(default=None, unique=True, max_length=200)
    status: str = Field(default="pending", max_length=16)  # see OutboxStatus
    attempts: int = 0
    next_attempt_at: dt.datetime | None = timestamp_field()
    created_at: dt.datetime = created_at_field()
    sent_at: dt.datetime | None = timestamp_field()
    last_error: str | None = Field(default=None, max_length=1000)
    # Transactional messages (order ready, booking) skip quiet hours and the daily cap.
    transactional: bool = False
    # First planned delivery (after quiet hours); the daily cap counts by its local day.
    scheduled_for: dt.datetime | None = timestamp_field()
    # The relay's lease: a `sending` row whose lease ran out is claimed again (crash recovery).
    locked_until: dt.datetime | None = timestamp_field()
    lease_token: str | None = Field(default=None, max_length=64)
    # What each target answered (device id -> FCM message name, "email" -> Message-ID, ...):
    # a retry skips the targets already served.
    delivered: dict[str, Any] = json_field(dict)
    read_at: dt.datetime | None = timestamp_field()

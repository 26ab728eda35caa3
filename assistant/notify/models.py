"""The transactional outbox: written with the business change, delivered after."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, json_field, timestamp_field


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
    status: str = Field(default="pending", max_length=16)  # pending | sent | failed | suppressed
    attempts: int = 0
    next_attempt_at: dt.datetime | None = timestamp_field()
    created_at: dt.datetime = created_at_field()
    sent_at: dt.datetime | None = timestamp_field()
    last_error: str | None = Field(default=None, max_length=1000)

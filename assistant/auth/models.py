"""API keys for the tills (POS) and partners, each with scopes."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, json_field, timestamp_field


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    # The public part of the key, to find its row; only a hash of the secret is stored.
    prefix: str = Field(unique=True, max_length=16)
    key_hash: str = Field(max_length=128)
    scopes: list[str] = json_field(list)
    created_at: dt.datetime = created_at_field()
    expires_at: dt.datetime | None = timestamp_field()
    revoked_at: dt.datetime | None = timestamp_field()
    last_used_at: dt.datetime | None = timestamp_field()

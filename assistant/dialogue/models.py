"""Conversations (the tracker store) and their messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from assistant.models_base import created_at_field, fk, json_field


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int | None = fk("households.id", nullable=True)
    sender_id: str = Field(unique=True, max_length=120)
    channel: str = Field(max_length=16)  # app | rest | speaker | radio
    lang: str = Field(default="fr", max_length=5)
    # Slots, active form and recent events: what a Rasa tracker holds.
    state: dict[str, Any] = json_field(dict)
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = created_at_field()


class Message(SQLModel, table=True):
    __tablename__ = "messages"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = fk("conversations.id")
    direction: str = Field(max_length=4)  # in | out
    text: str = Field(max_length=5000)
    intent: str | None = Field(default=None, max_length=60)
    confidence: float | None = None
    entities: list[dict[str, Any]] = json_field(list)
    payload: dict[str, Any] = json_field(dict)
    created_at: dt.datetime = created_at_field()

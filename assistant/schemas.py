"""The base of every request body the API accepts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


class StrictBody(BaseModel):
    """Unknown fields are refused, and so is NUL in any text field."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL text cannot hold NUL: refused here, so every backend answers the same 422.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text must not contain NUL characters")
        return value

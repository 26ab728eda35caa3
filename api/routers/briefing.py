"""The daily briefing and the evening digest on demand."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

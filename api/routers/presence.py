"""Location pings (batched) and visits."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

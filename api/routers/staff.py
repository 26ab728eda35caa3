"""Store staff feeds (pickup orders to bring to the car, order lifecycle)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

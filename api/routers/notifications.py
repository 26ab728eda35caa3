"""The customer's notifications (in-app inbox, why am I seeing this)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

"""The shopping list (pre-filled proposal, edits), orders, pickup slots and order status."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

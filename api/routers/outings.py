"""Outings and store events, bookings, iCalendar."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

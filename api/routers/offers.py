"""Targeted offers with explanations, and digital coupons."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

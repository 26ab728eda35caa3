"""Loyalty balance, history, rewards and redemption."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

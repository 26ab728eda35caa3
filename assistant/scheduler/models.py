"""Scheduled jobs, persisted so that they survive restarts."""

from __future__ import annotations

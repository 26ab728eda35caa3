"""Presence tables: raw pings (kept 24 h), per-(customer, store) state, visits."""

from __future__ import annotations

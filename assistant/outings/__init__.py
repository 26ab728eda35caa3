"""Outings domain."""

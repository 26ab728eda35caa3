"""Loyalty domain."""

"""Dialogue domain."""

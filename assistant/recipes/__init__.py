"""Recipes domain."""

"""Customers domain."""

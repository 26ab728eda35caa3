"""Replenishment: the next-basket model and the weekly proposal."""

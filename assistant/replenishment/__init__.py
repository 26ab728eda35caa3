"""Replenishment: the next-basket model and the weekly proposal."""

from assistant.replenishment.model import NextBasketModel, Recommendation

__all__ = ["NextBasketModel", "Recommendation"]

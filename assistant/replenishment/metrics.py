"""Ranking metrics of next-basket recommendation, binary relevance over distinct products."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Any


def recall_at_k(predicted: Sequence[Any], truth: Collection[Any], k: int = 10) -> float:
    """Share of the held-out basket's distinct products found in the top k."""
    relevant = set(truth)
    if not relevant:
        return 0.0
    return len(set(predicted[:k]) & relevant) / len(relevant)


def ndcg_at_k(predicted: Sequence[Any], truth: Collection[Any], k: int = 10) -> float:
    """DCG of the top k (gain 1 per relevant product, first occurrence only) over the ideal."""
    relevant = set(truth)
    if not relevant:
        return 0.0
    seen: set[Any] = set()
    dcg = 0.0
    for rank, item in enumerate(predicted[:k]):
        if item in relevant and item not in seen:
            dcg += 1.0 / math.log2(rank + 2)
            seen.add(item)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return dcg / ideal


def mean_scores(
    predictions: Sequence[Sequence[Any]], truths: Sequence[Collection[Any]], k: int = 10
) -> tuple[float, float]:
    """(mean Recall@k, mean NDCG@k) over households."""
    if not truths:
        return 0.0, 0.0
    recalls = [recall_at_k(p, t, k) for p, t in zip(predictions, truths, strict=True)]
    ndcgs = [ndcg_at_k(p, t, k) for p, t in zip(predictions, truths, strict=True)]
    return sum(recalls) / len(recalls), sum(ndcgs) / len(ndcgs)

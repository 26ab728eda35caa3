"""Recall@k and NDCG@k on hand-computed examples."""

from __future__ import annotations

import math

import pytest

from assistant.replenishment.metrics import mean_scores, ndcg_at_k, recall_at_k

PREDICTED = ["a", "b", "c", "d"]
TRUTH = {"b", "d", "e"}


@pytest.mark.parametrize(("k", "expected"), [(10, 2 / 3), (2, 1 / 3), (1, 0.0)])
def test_recall(k: int, expected: float) -> None:
    assert recall_at_k(PREDICTED, TRUTH, k) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        # hits at ranks 2 and 4 over an ideal of 3 hits at ranks 1-3
        (10, (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3) + 0.5)),
        (2, (1 / math.log2(3)) / (1 + 1 / math.log2(3))),
        (1, 0.0),
    ],
)
def test_ndcg(k: int, expected: float) -> None:
    assert ndcg_at_k(PREDICTED, TRUTH, k) == pytest.approx(expected)


def test_perfect_ranking_scores_one() -> None:
    assert recall_at_k(["e", "d", "b", "x"], TRUTH) == 1.0
    assert ndcg_at_k(["e", "d", "b", "x"], TRUTH) == pytest.approx(1.0)


def test_a_repeated_prediction_counts_once() -> None:
    assert ndcg_at_k(["b", "b"], {"b", "c"}, 2) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_empty_basket_and_means() -> None:
    assert recall_at_k(PREDICTED, set()) == 0.0
    assert ndcg_at_k(PREDICTED, set()) == 0.0
    recall, ndcg = mean_scores([PREDICTED, ["e"]], [TRUTH, {"e"}])
    assert recall == pytest.approx((2 / 3 + 1) / 2)
    assert ndcg == pytest.approx((ndcg_at_k(PREDICTED, TRUTH) + 1) / 2)

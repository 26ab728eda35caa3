"""The hold-out protocol of the benchmark on toy transactions."""

from __future__ import annotations

import pandas as pd

from assistant.replenishment.baselines import PTopFreq
from assistant.replenishment.evaluation import evaluate, hold_out_last, parts
from tests.assistant.replenishment.synthetic import day


def _frame() -> pd.DataFrame:
    rows = [("long", f"L{n}", "milk", day(n), 1.0) for n in range(10)]
    rows += [("long", "L9", "eggs", day(9), 1.0)]
    rows += [("short", f"S{n}", "tea", day(n), 1.0) for n in range(3)]
    return pd.DataFrame(
        rows, columns=["household_id", "basket_id", "product_id", "timestamp", "quantity"]
    )


def test_only_households_with_enough_baskets_lose_their_last_one() -> None:
    split = hold_out_last(_frame(), min_baskets=10)
    assert split.households == ["long"]
    assert split.baskets == [{"milk", "eggs"}]
    assert split.times == [day(9)]
    assert "L9" not in set(split.train["basket_id"])
    assert len(split.train) == 9 + 3


def test_evaluate_scores_the_held_out_basket() -> None:
    result = evaluate(PTopFreq(), hold_out_last(_frame(), min_baskets=10), k=1)
    assert result.recall == 0.5  # milk found, eggs never bought before
    assert result.ndcg == 1.0


def test_the_held_out_basket_splits_into_repeat_and_new_products() -> None:
    split = hold_out_last(_frame(), min_baskets=10)
    found = parts(split)
    assert found.repeat == [{"milk"}]
    assert found.new == [{"eggs"}]
    assert found.repeat_share == 0.5
    result = evaluate(PTopFreq(), split, k=1, wide=2)
    assert result.recall_repeat == 1.0  # milk, bought before, is first
    assert result.recall_new == 0.0  # eggs were never bought
    assert result.recall_wide == 0.5  # milk, then the popular tea

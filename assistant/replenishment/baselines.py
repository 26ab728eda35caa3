"""The two baselines of the benchmark, on the same data representation as our model.

- P-TopFreq: the household's most frequently bought products (share of its baskets),
  filled with the globally most popular ones.
- TIFU-KNN (Hu et al., SIGIR 2020): alpha * own decayed vector + (1 - alpha) * mean of
  the k nearest households' vectors; the top k items of that mix. TunedTifuKnn picks
  its parameters from a small grid on a validation split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from assistant.replenishment import tifu
from assistant.replenishment.data import Baskets, IntArray
from assistant.replenishment.metrics import mean_scores
from assistant.replenishment.tifu import TifuParams

Ranked = list[tuple[Any, float]]


class _Ranker:
    """Common plumbing: id <-> code maps, unknown households get global popularity."""

    baskets: Baskets
    popularity: npt.NDArray[np.float64]
    _code: dict[Any, int]

    def _prepare(self, transactions: pd.DataFrame | Iterable[tuple[Any, ...]] | Baskets) -> None:
        self.baskets = (
            transactions
            if isinstance(transactions, Baskets)
            else Baskets.from_transactions(transactions)
        )
        self.popularity = np.bincount(self.baskets.row_item, minlength=self.baskets.n_items).astype(
            np.float64
        )
        self._code = {h: c for c, h in enumerate(self.baskets.households.tolist())}
        self._item_index = {p: c for c, p in enumerate(self.baskets.items.tolist())}

    def _scores(self, rows: IntArray) -> npt.NDArray[np.float64]:
        raise NotImplementedError

    def predict_many(
        self, household_ids: Sequence[Any], *, at: dt.datetime | None = None, k: int = 10
    ) -> list[Ranked]:
        """Top k (product_id, score) of each household; `at` is unused (order-based)."""
        codes = np.array([self._code.get(h, -1) for h in household_ids], dtype=np.int64)
        known = np.flatnonzero(codes >= 0)
        result: list[Ranked] = [self._popular(k)] * len(codes)
        for part in tifu.chunks(known):
            scores = self._scores(codes[part])
            # Popularity breaks ties and fills rows with fewer than k positive scores.
            scores = scores + 1e-9 * self.popularity / max(self.popularity.max(), 1.0)
            best = tifu.top_k(scores, k)
            picked = np.take_along_axis(scores, best, axis=1)
            for row, items, values in zip(part, best, picked, strict=True):
                result[row] = list(
                    zip(self.baskets.items[items].tolist(), values.tolist(), strict=True)
                )
        return result

    def predict(self, household_id: Any, *, at: dt.datetime | None = None, k: int = 10) -> Ranked:
        return self.predict_many([household_id], at=at, k=k)[0]

    def _popular(self, k: int) -> Ranked:
        best = np.argsort(-self.popularity, kind="stable")[:k]
        return list(
            zip(self.baskets.items[best].tolist(), self.popularity[best].tolist(), strict=True)
        )


class PTopFreq(_Ranker):
    def fit(self, transactions: pd.DataFrame | Iterable[tuple[Any, ...]] | Baskets) -> Self:
        self._prepare(transactions)
        b = self.baskets
        household = b.row_household
        self.frequency = sp.csr_matrix(
            (1.0 / b.n_baskets[household], (household, b.row_item)),
            shape=(b.n_households, b.n_items),
        )
        self.frequency.sum_duplicates()
        return self

    def _scores(self, rows: IntArray) -> npt.NDArray[np.float64]:
        return np.asarray(self.frequency[rows].toarray())


class TifuKnn(_Ranker):
    def __init__(self, params: TifuParams | None = None) -> None:
        self.params = params or TifuParams()

    def fit(self, transactions: pd.DataFrame | Iterable[tuple[Any, ...]] | Baskets) -> Self:
        self._prepare(transactions)
        self.vectors = tifu.user_vectors(self.baskets, self.params)
        self.neighbourhood = tifu.Neighbourhood(self.vectors, self.params.neighbours)
        return self

    def _scores(self, rows: IntArray) -> npt.NDArray[np.float64]:
        alpha = self.params.alpha
        own = np.asarray(self.vectors[rows].toarray())
        return alpha * own + (1 - alpha) * self.neighbourhood.mean(rows)


# A small grid around the paper's settings, searched on the validation split.
TIFU_GRID = tuple(
    TifuParams(group_size=m, within_decay=rb, group_decay=rg, neighbours=k, alpha=alpha)
    for m, rb, rg in ((7, 0.9, 0.7), (5, 0.9, 0.8))
    for k in (100, 300)
    for alpha in (0.5, 0.7, 0.9)
)


class TunedTifuKnn(TifuKnn):
    """TIFU-KNN whose parameters are picked from `grid` by Recall@10 (then NDCG@10) on
    each household's last training basket, predicted from its earlier ones."""

    def __init__(self, grid: Sequence[TifuParams] = TIFU_GRID) -> None:
        super().__init__(grid[0])
        self.grid = tuple(grid)

    def fit(self, transactions: pd.DataFrame | Iterable[tuple[Any, ...]] | Baskets) -> Self:
        baskets = (
            transactions
            if isinstance(transactions, Baskets)
            else Baskets.from_transactions(transactions)
        )
        train, held = baskets.without_last(min_baskets=3)
        truths = [set(items.tolist()) for items in held.items]
        best: tuple[float, float] = (-1.0, -1.0)
        for params in self.grid:
            model = TifuKnn(params).fit(train)
            ranked = model.predict_many(baskets.households[held.households].tolist(), k=10)
            codes = [[model._item_index[p] for p, _ in r] for r in ranked]
            found = mean_scores(codes, truths, 10)
            if found > best:
                best, self.params = found, params
        return super().fit(baskets)

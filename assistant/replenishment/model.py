"""The next-basket model: what a household will buy next, and when.

    # transactions: (household_id, basket_id, product_id, timestamp, quantity)
    model = NextBasketModel().fit(transactions)
    model.predict(household_id, at=datetime, k=10) -> [(product_id, score), ...]
    model.explain(household_id, product_id, at=datetime, lang="fr")

Signals, per (household, item): TIFU-style decayed frequency (groups of baskets), the
purchase cycle (median days between trips) against the time since the last one (a
"due" bump and an over/under-due ramp), time-decayed frequency, recency in baskets,
the item's seasonality (its share of purchases around this week of the year), and
for never-bought items the mean decayed vector of the nearest households (TIFU-KNN's
user KNN). A LightGBM ranking model (ranker.py), trained on queries cut from the
fitted baskets only, ranks the candidates: repeat items and explore items (neighbours'),
with household and item context. Smaller populations get linear weights fitted on the
same queries, and a fit with too few households to learn from (one household's
receipts) the fixed linear combination of defaults.py. Explanations come from the
item's own numbers (cycle, last purchase) or its source (neighbours, popular), whatever
ranked it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.replenishment import explain as texts
from assistant.replenishment import ranker as ltr
from assistant.replenishment.candidates import FEATURES, Candidates, build_state, candidates
from assistant.replenishment.data import Baskets, FloatArray, to_days
from assistant.replenishment.defaults import DEFAULT_WEIGHTS
from assistant.replenishment.features import WEEKS, week_of_year
from assistant.replenishment.tifu import TifuParams
from assistant.replenishment.weights import Weights, fit_weights

Source = Literal["repeat", "neighbours", "popular"]
When = dt.datetime | Sequence[dt.datetime]


@dataclass(frozen=True)
class Recommendation:
    product_id: Any
    score: float
    quantity: int  # usual quantity per purchase
    source: Source
    times: int = 0  # purchase occasions of the household
    cycle_days: float | None = None  # median days between them
    since_days: float | None = None  # days since the last one
    due_in_days: float | None = None  # cycle - since (negative: overdue)

    def explanation(self, lang: texts.Lang) -> str:
        if self.source == "repeat" and self.since_days is not None:
            return texts.repeat_text(
                cycle_days=self.cycle_days, since_days=self.since_days, times=self.times, lang=lang
            )
        if self.source == "neighbours":
            return texts.neighbour_text(lang=lang)
        return texts.popular_text(lang=lang)


class NextBasketModel:
    """How the candidates are ranked depends on what the fit can learn from (households
    with 3+ baskets): `min_ranker_households` or more, the LightGBM ranker; from
    `min_tuning_households`, linear weights fitted listwise on the same queries (under
    a few hundred households the trees did not beat them: 150 Complete Journey
    households, Recall@10 0.150, no better than P-TopFreq); fewer, or `tune=False`, the
    fixed weights (`weights`, by default those of defaults.py)."""

    def __init__(
        self,
        *,
        tifu: TifuParams | None = None,
        new_items: int = 30,
        weights: Weights | None = None,
        tune: bool = True,
        min_tuning_households: int = 20,
        min_ranker_households: int = 500,
        ranker: ltr.RankerParams | None = None,
    ) -> None:
        self.tifu = tifu or TifuParams()
        self.new_items = new_items
        self.base_weights = weights or DEFAULT_WEIGHTS  # shortlist and fallback
        self.weights = self.base_weights
        self.tune = tune
        self.min_tuning_households = min_tuning_households
        self.min_ranker_households = min_ranker_households
        self.ranker_params = ranker or ltr.RankerParams()
        self.booster: Any = None  # lightgbm.Booster once learned
        # (household codes, times) of the training queries of each cut: fitted baskets only.
        self.training_targets: list[tuple[npt.NDArray[np.int64], FloatArray]] = []

    def fit(self, transactions: pd.DataFrame | Iterable[tuple[Any, ...]] | Baskets) -> Self:
        baskets = (
            transactions
            if isinstance(transactions, Baskets)
            else Baskets.from_transactions(transactions)
        )
        if not len(baskets.row_item):
            raise ValueError("no transactions to fit on")
        self.booster, self.training_targets = None, []
        self.weights = self.base_weights
        if self.tune:
            data = ltr.training_set(
                baskets,
                self.tifu,
                self.base_weights,
                new_items=self.new_items,
                cuts=ltr.cuts_for(baskets, self.ranker_params),
                min_households=self.min_tuning_households,
            )
            if data is not None and len(data.group_sizes):
                self.training_targets = data.targets
                if int((baskets.n_baskets >= 3).sum()) >= self.min_ranker_households:
                    self.booster = ltr.train(data, self.ranker_params)
                else:
                    groups = np.repeat(np.arange(len(data.group_sizes)), data.group_sizes)
                    linear = data.features[:, : len(FEATURES)]
                    self.weights = fit_weights(linear, data.labels, groups)
        self.state = build_state(baskets, self.tifu, new_items=self.new_items)
        self.context = ltr.context(self.state)
        self._code = {h: c for c, h in enumerate(baskets.households.tolist())}
        self._product_ids: list[Any] = baskets.items.tolist()
        self._item_code = {p: c for c, p in enumerate(self._product_ids)}
        return self

    # -- predictions -------------------------------------------------------------------

    def _scored(
        self, households: npt.NDArray[np.int64], times: FloatArray
    ) -> tuple[Candidates, FloatArray]:
        """The households' candidates and their scores (a softmax per household)."""
        found = candidates(self.state, households, times)
        linear = self.weights.linear(found.features)
        if self.booster is None:
            return found, _softmax(linear, found.owner, len(households))
        keep = ltr.shortlist(found, linear)
        found = Candidates(
            owner=found.owner[keep],
            item=found.item[keep],
            pair=found.pair[keep],
            features=found.features[keep],
        )
        x = ltr.rank_features(self.state, self.context, found, linear[keep], households, times)
        raw = np.asarray(self.booster.predict(x, num_threads=self.ranker_params.threads))
        return found, _softmax(raw, found.owner, len(households))

    def recommend_many(
        self, household_ids: Sequence[Any], *, at: When, k: int = 10
    ) -> list[list[Recommendation]]:
        """Top k recommendations of each household, with their numbers."""
        times = _times(at, len(household_ids))
        codes = np.array([self._code.get(h, -1) for h in household_ids], dtype=np.int64)
        known = np.flatnonzero(codes >= 0)
        result: list[list[Recommendation]] = [[] for _ in household_ids]
        if len(known):
            found, scores = self._scored(codes[known], times[known])
            order = np.lexsort((found.item, -scores, found.owner))
            owner = found.owner[order]
            rank = np.arange(len(order)) - np.searchsorted(owner, np.arange(len(known)))[owner]
            for j in order[rank < k]:
                position = int(known[found.owner[j]])
                result[position].append(
                    self._recommendation(
                        int(found.item[j]),
                        int(found.pair[j]),
                        float(scores[j]),
                        float(times[position]),
                    )
                )
        for position, recommended in enumerate(result):
            if len(recommended) < k:
                recommended.extend(self._popular(times[position], k, recommended))
        return result

    def predict_many(
        self, household_ids: Sequence[Any], *, at: When, k: int = 10
    ) -> list[list[tuple[Any, float]]]:
        return [
            [(r.product_id, r.score) for r in recommended]
            for recommended in self.recommend_many(household_ids, at=at, k=k)
        ]

    def predict(
        self, household_id: Any, *, at: dt.datetime, k: int = 10
    ) -> list[tuple[Any, float]]:
        return self.predict_many([household_id], at=at, k=k)[0]

    def recommend(self, household_id: Any, *, at: dt.datetime, k: int = 10) -> list[Recommendation]:
        return self.recommend_many([household_id], at=at, k=k)[0]

    def explain(
        self, household_id: Any, product_id: Any, *, at: dt.datetime, lang: texts.Lang = "fr"
    ) -> str:
        """Why the product is (or would be) proposed to the household at `at`."""
        code = self._code.get(household_id)
        item = self._item_code.get(product_id)
        when = to_days(at)
        if code is not None and item is not None:
            pairs = self.state.pairs
            lo, hi = pairs.start[code], pairs.start[code + 1]
            at_pair = lo + int(np.searchsorted(pairs.item[lo:hi], item))
            if at_pair < hi and pairs.item[at_pair] == item:
                return self._recommendation(item, at_pair, 0.0, when).explanation(lang)
            lo, hi = self.state.new_start[code], self.state.new_start[code + 1]
            if item in self.state.new_item[lo:hi]:
                return texts.neighbour_text(lang=lang)
        return texts.popular_text(lang=lang)

    # -- helpers -----------------------------------------------------------------------

    def _recommendation(self, item: int, pair: int, score: float, when: float) -> Recommendation:
        product_id = self._product_ids[item]
        if pair < 0:
            return Recommendation(
                product_id=product_id, score=score, quantity=1, source="neighbours"
            )
        pairs = self.state.pairs
        cycle = float(pairs.cycle[pair]) if np.isfinite(pairs.cycle[pair]) else None
        since = max(0.0, float(when) - float(pairs.last_time[pair]))
        return Recommendation(
            product_id=product_id,
            score=score,
            quantity=max(1, round(float(pairs.quantity[pair]))),
            source="repeat",
            times=int(pairs.trips[pair]),
            cycle_days=cycle,
            since_days=since,
            due_in_days=None if cycle is None else cycle - since,
        )

    def _popular(self, when: float, k: int, taken: list[Recommendation]) -> list[Recommendation]:
        """Items most bought around this week of the year: what fills a short list. Their
        scores are shares of those weeks' purchases, kept under the personal ones."""
        week = int(week_of_year(np.array([when]))[0])
        weekly = self.state.weekly
        window = sum(weekly[:, (week + d) % WEEKS] for d in (-1, 0, 1))
        score = window + 1e-3 * self.state.popularity
        best = np.argsort(-score, kind="stable")[: k + len(taken)]
        seen = {r.product_id for r in taken}
        total = max(float(score.sum()), 1.0)
        ceiling = min((r.score for r in taken), default=1.0)
        found: list[Recommendation] = []
        for item in best:
            product_id = self._product_ids[item]
            if product_id not in seen and len(taken) + len(found) < k:
                found.append(
                    Recommendation(
                        product_id=product_id,
                        score=min(float(score[item]) / total, 0.5 * ceiling),
                        quantity=1,
                        source="popular",
                    )
                )
        return found


def _softmax(values: FloatArray, groups: npt.NDArray[np.int64], n_groups: int) -> FloatArray:
    top = np.full(n_groups, -np.inf)
    np.maximum.at(top, groups, values)
    e = np.exp(values - top[groups])
    return np.asarray(e / np.bincount(groups, e, minlength=n_groups)[groups])


def _times(at: When, count: int) -> FloatArray:
    if isinstance(at, dt.datetime):
        return np.full(count, to_days(at))
    if len(at) != count:
        raise ValueError("one time per household is expected")
    return np.array([to_days(a) for a in at])

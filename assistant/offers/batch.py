"""The offer engine's ranking for a batch of households at once, with numpy.

`rank` in `assistant.offers.engine` scores one household in Python: right for a screen, too
slow for the weekly selection over millions of cards. This computes the same scores for a
chunk of households as arrays (households by candidates) and builds the reasons of the top N
only; `tests/assistant/offers/test_batch.py` checks it picks what `rank` picks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assistant.offers.engine import (
    CATEGORY_DECAY_DAYS,
    CATEGORY_WEIGHT,
    PRIOR_WEIGHT,
    PRODUCT_DECAY_DAYS,
    PROFILE_WEIGHT,
    CandidateIndex,
    CategoryHit,
    History,
    Ranked,
    Reason,
    Traits,
    _profile_reasons,
    better_category,
)

# Lexicographic (purchases, -days) in one integer: days never reach this.
_DAYS = 1_000_000


@dataclass
class _Coverage:
    """Which candidate positions each product (or category) column reaches, CSR-like."""

    columns: dict[object, int]
    indptr: NDArray[np.int64]
    positions: NDArray[np.int64]

    @classmethod
    def of(cls, mapping: dict[object, list[int]]) -> _Coverage:
        columns = {key: n for n, key in enumerate(mapping)}
        counts = [len(mapping[key]) for key in mapping]
        indptr = np.zeros(len(columns) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(counts)
        flat = [p for key in mapping for p in mapping[key]]
        return cls(columns, indptr, np.asarray(flat, dtype=np.int64))

    def expand(
        self, rows: NDArray[np.int64], cols: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """(entry index, row, candidate position) for every entry and position it reaches."""
        starts, ends = self.indptr[cols], self.indptr[cols + 1]
        repeats = ends - starts
        entry = np.repeat(np.arange(len(cols)), repeats)
        offsets = np.arange(int(repeats.sum())) - np.repeat(np.cumsum(repeats) - repeats, repeats)
        return entry, rows[entry], self.positions[np.repeat(starts, repeats) + offsets]


class BatchIndex:
    """The arrays of a CandidateIndex, built once per catalogue."""

    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        keys = [c.key for c in index.candidates]
        if keys != sorted(keys):
            # Ties are broken by position, which must then be the key order, as in `rank`.
            raise ValueError("candidates must come in key order")
        n = len(index.candidates)
        self.size = n
        self.products = _Coverage.of(dict(index.by_product))  # type: ignore[arg-type]
        self.categories = _Coverage.of(dict(index.by_category))  # type: ignore[arg-type]
        # Over the same columns as `categories` (a whole category is one of them), so that a
        # history's category entries are read once for both.
        self.whole = _Coverage.of(
            {c: index.by_whole_category.get(c, []) for c in index.by_category}
        )
        # The categories that reach each candidate: its reason is looked up among these only.
        self.categories_of: list[list[str]] = [[] for _ in index.candidates]
        for category, positions in index.by_category.items():
            for position in positions:
                self.categories_of[position].append(category)
        self.generic = np.array([c.is_generic for c in index.candidates], dtype=bool)
        self.flagged = np.zeros(n, dtype=bool)
        self.flagged[list(index.flagged)] = True
        self.flag_score = np.array(
            [(10.0 if c.durable else 0.0) + (1.0 if c.assigned else 0.0) for c in index.candidates]
        )
        self.prior = np.array(
            [PRIOR_WEIGHT * math.log1p(c.popularity) for c in index.candidates], dtype=float
        )
        self._eligible: dict[Traits, NDArray[np.bool_]] = {}

    def eligible(self, traits: Traits) -> NDArray[np.bool_]:
        mask = self._eligible.get(traits)
        if mask is None:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.index.eligible(traits)] = True
            self._eligible[traits] = mask
        return mask


def _entries(
    histories: Sequence[History], coverage: _Coverage, by_category: bool
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    days: list[int] = []
    for row, history in enumerate(histories):
        habits = history.categories if by_category else history.products
        for key, habit in habits.items():
            col = coverage.columns.get(key)
            if col is not None:
                rows.append(row)
                cols.append(col)
                counts.append(habit.purchases)
                days.append(habit.days_ago)
    return (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
            np.asarray(counts, dtype=np.int64), np.asarray(days, dtype=np.int64))  # fmt: skip


def _category_reason(batch: BatchIndex, position: int, history: History) -> CategoryHit | None:
    best: CategoryHit | None = None
    for category in batch.categories_of[position]:
        habit = history.categories.get(category)
        if habit is None:
            continue
        hit = (habit.purchases, habit.days_ago, category)
        if better_category(hit, best):
            best = hit
    return best


def top_n(
    batch: BatchIndex,
    households: Sequence[tuple[Traits, History, frozenset[int]]],
    n: int,
) -> list[list[Ranked]]:
    """For each (traits, history, excluded keys): up to `n` personal candidates best first,
    else up to `n` generic ones; the same as `rank` followed by that choice."""
    index = batch.index
    h, c = len(households), batch.size
    histories = [history for _, history, _ in households]
    count = np.zeros((h, c), dtype=np.int64)
    recent = np.full((h, c), 1 << 30, dtype=np.int64)
    rows, cols, counts, days = _entries(histories, batch.products, by_category=False)
    entry, row, pos = batch.products.expand(rows, cols)
    np.add.at(count, (row, pos), counts[entry])
    np.minimum.at(recent, (row, pos), days[entry])
    rows, cols, counts, days = _entries(histories, batch.categories, by_category=True)
    entry, row, pos = batch.whole.expand(rows, cols)
    np.add.at(count, (row, pos), counts[entry])
    np.minimum.at(recent, (row, pos), days[entry])
    best = np.zeros((h, c), dtype=np.int64)
    entry, row, pos = batch.categories.expand(rows, cols)
    keyed = counts[entry] * _DAYS + (_DAYS - 1 - np.minimum(days[entry], _DAYS - 1))
    np.maximum.at(best, (row, pos), keyed)
    cat_count = best // _DAYS
    cat_days = (_DAYS - 1) - best % _DAYS
    with np.errstate(divide="ignore", invalid="ignore"):
        product_part = np.where(
            count > 0,
            np.log1p(count) * (0.2 + np.exp(-np.maximum(recent, 0) / PRODUCT_DECAY_DAYS)),
            0.0,
        )
        category_part = np.where(
            cat_count > 0,
            CATEGORY_WEIGHT * np.log1p(cat_count) * np.exp(-np.maximum(cat_days, 0)
                                                           / CATEGORY_DECAY_DAYS),
            0.0,
        )  # fmt: skip
    allowed = (
        np.stack([batch.eligible(traits) for traits, _, _ in households])
        if h
        else (np.zeros((0, c), dtype=bool))
    )
    profiled = np.zeros((h, c), dtype=np.int64)
    for r, (traits, _, excluded) in enumerate(households):
        for key in excluded:
            position = index.positions.get(key)
            if position is not None:
                allowed[r, position] = False
        for position in index.profiled(traits):
            profiled[r, position] = len(_profile_reasons(index.profiles[position], traits))
    personal = (
        allowed & ~batch.generic & ((count > 0) | (cat_count > 0) | (profiled > 0) | batch.flagged)
    )
    score = batch.flag_score + product_part + category_part + PROFILE_WEIGHT * profiled
    score = score + batch.prior
    # Best first; a stable sort keeps ties in position order, which is the key order.
    order = np.argsort(np.where(personal, -score, np.inf), axis=1, kind="stable")[:, :n]
    generic = allowed & batch.generic
    generic_order = np.argsort(np.where(generic, -batch.prior, np.inf), axis=1, kind="stable")
    out: list[list[Ranked]] = []
    for r, (traits, history, _) in enumerate(households):
        picks = [int(p) for p in order[r] if personal[r, p]]
        if picks:
            out.append([_ranked(batch, p, float(score[r, p]), r, count, recent, history, traits)
                        for p in picks])  # fmt: skip
            continue
        out.append([
            Ranked(index.candidates[int(p)], float(batch.prior[p]), (Reason("generic"),))
            for p in generic_order[r, :n] if generic[r, p]
        ])  # fmt: skip
    return out


def _ranked(
    batch: BatchIndex, position: int, score: float, row: int, count: NDArray[np.int64],
    recent: NDArray[np.int64], history: History, traits: Traits,
) -> Ranked:  # fmt: skip
    index = batch.index
    candidate = index.candidates[position]
    reasons: list[Reason] = []
    if candidate.durable:
        reasons.append(Reason("durable"))
    if candidate.assigned:
        reasons.append(Reason("assigned"))
    if count[row, position] > 0:
        reasons.append(Reason("product", purchases=int(count[row, position]),
                              days_ago=int(recent[row, position])))  # fmt: skip
    category = _category_reason(batch, position, history)
    if category is not None:
        purchases, days, name = category
        reasons.append(Reason("category", name, purchases, days))
    reasons.extend(_profile_reasons(index.profiles[position], traits))
    return Ranked(candidate, score, tuple(reasons))

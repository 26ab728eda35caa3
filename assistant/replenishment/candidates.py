"""Candidates of a household and their feature matrix at a given time.

Candidates are every product the household bought (repeat purchases dominate grocery
baskets) plus the products its nearest households buy most that it never bought.
Features are scale-free where possible (shares, ratios, logs) so one set of weights
serves a household of ten baskets and one of three hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.replenishment import tifu
from assistant.replenishment.data import Baskets, FloatArray, IntArray
from assistant.replenishment.features import (
    DECAY_DAYS,
    WEEKS,
    PairStats,
    household_gap,
    pair_stats,
    ranges,
    week_of_year,
    weekly_counts,
)
from assistant.replenishment.tifu import TifuParams

FEATURES = (
    "own",
    "tifu_own",
    "tifu_knn",
    "tifu_mix",
    "share",
    "log_count",
    "log_last_age",
    "in_last",
    "log_since",
    "has_cycle",
    "due_peak",
    "overdue",
    "early",
    "next_trip_due",
    "regular_due",
    "regular_early",
    *(f"decay_{int(tau)}" for tau in DECAY_DAYS),
    "season",
    "popularity",
)
EXPLORE_POOL = 5_000  # most bought items searched for the neighbours' explore candidates
DUE_WIDTH = 0.6  # log-scale width of the "due" bump around since / cycle = 1


@dataclass(frozen=True)
class State:
    """What a fit keeps: the statistics of every (household, item) pair and, per
    household, the top never-bought items of its neighbours."""

    baskets: Baskets
    params: TifuParams
    pairs: PairStats
    pair_knn: FloatArray  # neighbours' mean vector value at each own pair
    new_start: IntArray  # (H + 1,) offsets of each household's neighbour items
    new_item: IntArray
    new_knn: FloatArray
    weekly: npt.NDArray[np.float64]  # (items x weeks)
    popularity: FloatArray  # baskets holding each item
    household_gap: FloatArray  # median days between baskets
    household_last: FloatArray


def build_state(baskets: Baskets, params: TifuParams, *, new_items: int) -> State:
    vectors = tifu.user_vectors(baskets, params)
    pairs = pair_stats(baskets, vectors)
    neighbourhood = tifu.Neighbourhood(vectors, params.neighbours)
    pair_knn = np.zeros(len(pairs.item))
    new_items = min(new_items, baskets.n_items)
    # The neighbours' best items are items many households buy: searching the most
    # bought ones only gave the same figures on The Complete Journey, several times faster.
    buyers = np.bincount(pairs.item, minlength=baskets.n_items)
    pool = np.sort(np.argsort(-buyers, kind="stable")[:EXPLORE_POOL])
    new_items = min(new_items, len(pool))
    new_item = np.zeros((baskets.n_households, new_items), dtype=np.int64)
    new_knn = np.zeros((baskets.n_households, new_items))
    for rows in tifu.chunks(np.arange(baskets.n_households, dtype=np.int64)):
        mean = neighbourhood.mean(rows)
        index, owner = pairs.rows_of(rows)
        pair_knn[index] = mean[owner, pairs.item[index]]
        mean[owner, pairs.item[index]] = -1.0  # own items are candidates already
        best = pool[tifu.top_k(mean[:, pool], new_items)]
        new_item[rows] = best
        new_knn[rows] = np.take_along_axis(mean, best, axis=1)
    keep = new_knn > 0
    counts = keep.sum(axis=1)
    return State(
        baskets=baskets,
        params=params,
        pairs=pairs,
        pair_knn=pair_knn,
        new_start=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        new_item=new_item[keep],
        new_knn=new_knn[keep],
        weekly=weekly_counts(baskets),
        popularity=np.bincount(baskets.row_item, minlength=baskets.n_items).astype(np.float64),
        household_gap=household_gap(baskets),
        household_last=baskets.last_time,
    )


@dataclass(frozen=True)
class Candidates:
    owner: IntArray  # position of the household in the request
    item: IntArray  # item codes
    pair: IntArray  # index into State.pairs, -1 for never-bought items
    features: npt.NDArray[np.float64]  # (n, len(FEATURES))


def candidates(state: State, households: IntArray, at: FloatArray) -> Candidates:
    """Candidates of the households (codes) at times `at` (days, one per household)."""
    pairs = state.pairs
    own, own_owner = pairs.rows_of(households)
    new, new_owner = ranges(state.new_start, households)
    owner = np.concatenate([own_owner, new_owner])
    item = np.concatenate([pairs.item[own], state.new_item[new]])
    pair = np.concatenate([own, np.full(len(new), -1, dtype=np.int64)])
    is_own = pair >= 0
    p = np.where(is_own, pair, 0)
    n_rows = len(item)
    x = np.zeros((n_rows, len(FEATURES)))
    column = {name: j for j, name in enumerate(FEATURES)}
    alpha = state.params.alpha
    knn = np.concatenate([state.pair_knn[own], state.new_knn[new]])
    tifu_own = np.where(is_own, pairs.tifu[p], 0.0)
    mix = alpha * tifu_own + (1 - alpha) * knn
    x[:, column["own"]] = is_own
    for name, value in (("tifu_own", tifu_own), ("tifu_knn", knn), ("tifu_mix", mix)):
        # Relative to the household's best: TIFU's raw scale shrinks with history length.
        best = np.zeros(len(households))
        np.maximum.at(best, owner, value)
        x[:, column[name]] = value / np.where(best > 0, best, 1.0)[owner]
    household = households[owner]
    when = at[owner]
    n_baskets = state.baskets.n_baskets[household].astype(np.float64)
    count = np.where(is_own, pairs.count[p], 0.0)
    trips = np.where(is_own, pairs.trips[p], 0.0)
    x[:, column["share"]] = count / np.maximum(n_baskets, 1.0)
    x[:, column["log_count"]] = np.log1p(count)
    x[:, column["log_last_age"]] = np.where(is_own, np.log1p(pairs.last_age[p]), 0.0)
    x[:, column["in_last"]] = is_own & (pairs.last_age[p] == 0)
    since = np.where(is_own, np.maximum(when - pairs.last_time[p], 0.0), 0.0)
    x[:, column["log_since"]] = np.where(is_own, np.log1p(since), 0.0)
    cycle = np.where(is_own, pairs.cycle[p], np.nan)
    has_cycle = np.isfinite(cycle)
    safe_cycle = np.where(has_cycle, cycle, 1.0)
    ratio = np.log((since + 0.5) / np.maximum(safe_cycle, 0.5))
    x[:, column["has_cycle"]] = has_cycle
    x[:, column["due_peak"]] = np.where(has_cycle, np.exp(-0.5 * (ratio / DUE_WIDTH) ** 2), 0.0)
    x[:, column["overdue"]] = np.where(has_cycle, np.clip(ratio, 0.0, 3.0), 0.0)
    x[:, column["early"]] = np.where(has_cycle, np.clip(-ratio, 0.0, 3.0), 0.0)
    # Hazard-like: the chance the need comes before the household's next usual trip.
    trip = np.nan_to_num(state.household_gap[household], nan=7.0)
    x[:, column["next_trip_due"]] = np.where(
        has_cycle, 1.0 - np.exp(-(since + trip) / np.maximum(safe_cycle, 0.5)), 0.0
    )
    # Due-ness means more for a regular habit (gaps close to their median) seen 3+ times.
    spread = np.where(is_own, pairs.spread[p], np.nan)
    regularity = np.where(
        has_cycle & (trips >= 3), 1.0 / (1.0 + np.nan_to_num(spread, nan=1e9) / safe_cycle), 0.0
    )
    x[:, column["regular_due"]] = regularity * x[:, column["due_peak"]]
    x[:, column["regular_early"]] = regularity * x[:, column["early"]]
    shift = np.nan_to_num(when - state.household_last[household], nan=0.0)
    for j, tau in enumerate(DECAY_DAYS):
        decayed = np.where(is_own, pairs.decayed[p, j], 0.0) * np.exp(-np.maximum(shift, 0) / tau)
        x[:, column[f"decay_{int(tau)}"]] = np.log1p(decayed)
    week = week_of_year(when)
    window = sum(state.weekly[item, (week + d) % WEEKS] for d in (-1, 0, 1))
    expected = state.popularity[item] * 3 / WEEKS
    x[:, column["season"]] = np.log((window + 1.0) / (expected + 1.0))
    x[:, column["popularity"]] = np.log1p(state.popularity[item]) / np.log1p(
        max(state.popularity.max(), 1.0)
    )
    return Candidates(owner=owner, item=item, pair=pair, features=x)

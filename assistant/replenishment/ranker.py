"""Learning to rank the next basket: a LightGBM ranking model over the candidates'
signals (cycles, recency, decayed frequency, quantity habits, seasonality, neighbours).

Each household is a query; its candidates are its repeat items (bought before) and
explore items (its neighbours' or popular items it never bought), told apart by the
`own` feature as in the repeat-explore literature (ReCANet, Li et al. 2023). The
training queries are cut from the history given to the fit only: each household's last
fitted basket is the target, predicted at its time from the baskets before it (and the
basket before that, and so on, when the population is small). A test basket held out of
the fit is never seen.

Features are `candidates.FEATURES` plus what only a learned combination can use:
household context (history length, habit of repeating, basket size, time since its last
trip against its usual gap), item context (how often its buyers buy it again, its usual
cycle across households), ranks inside the household, and the pair's habits: its share
of the baskets since its first purchase, how often a purchase was followed by one in the
next basket (shrunk towards the item's rate across households), and the last quantity
against the usual one. Last, the item's association with the household's last basket,
counted over every household's baskets: its lift given each item of that basket, in the
same basket and in the household's next one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from assistant.replenishment.candidates import FEATURES, Candidates, State, build_state, candidates
from assistant.replenishment.data import Baskets, FloatArray, IntArray
from assistant.replenishment.features import PairStats, group_median
from assistant.replenishment.tifu import TifuParams
from assistant.replenishment.weights import Weights

if TYPE_CHECKING:
    import lightgbm as lgb

RANK_FEATURES = (
    *FEATURES,
    "linear",
    "rank_linear",
    "rank_count",
    "recent_3",
    "recent_10",
    "hh_log_baskets",
    "hh_repeat_share",
    "hh_log_basket_size",
    "hh_since_gap",
    "hh_log_items",
    "item_repeat_rate",
    "item_log_buyers",
    "item_cycle_ratio",
    "weekday_lift",
    "daypart_lift",
    "share_since_first",
    "follow_rate",
    "item_follow_rate",
    "last_quantity_ratio",
    "last_basket_lift",
    "last_basket_next_lift",
)
# Repeat candidates kept per household, by the linear score: 150 did a little better on
# the validation split (Recall@10 0.1722 against 0.1711) for a third more predict time.
REPEAT_SHORTLIST = 100
# Explore items kept per household: they make 0.2% of the top tens' hits on The Complete
# Journey (58% of a basket is new products, rarely guessable), so few are worth scoring.
EXPLORE_SHORTLIST = 10
PRIOR = 5.0  # pseudo-buyers of the item repeat rate's prior
# Most bought items whose co-occurrences are counted (61% of The Complete Journey's
# lines). On validation splits cut from the training baskets (each household's last
# training basket, then the one before, households with 10+ baskets; mean of the two),
# the two last-basket lifts took Recall@10 / NDCG@10 from 0.1823 / 0.2085 to 0.1829 /
# 0.2113; the same-basket lift alone gave 0.1815 / 0.2095, the next-basket one alone
# 0.1814 / 0.2092, adding each one's maximum over the basket 0.1826 / 0.2108, pools of
# 2,000 and 8,000 items 0.1816 / 0.2101 and 0.1827 / 0.2103. TIFU-KNN's own and
# neighbours' components are features already (relative to the household's best): their
# raw logs and the rank of tifu_mix in the household added nothing (0.1821 / 0.2089).
COOCCURRENCE_POOL = 4_000
LIFT_PRIOR = 5.0  # pseudo-baskets of a lift's prior (1)
DAYPARTS = (11.0, 15.0, 19.0)  # hours cutting the day into morning ... evening
SLOTS = 7 + len(DAYPARTS) + 1


def time_slots(days: FloatArray) -> tuple[IntArray, IntArray]:
    """(weekday, 0 = Monday; 7 + daypart) of times in days since the epoch (UTC)."""
    weekday = (np.floor(days).astype(np.int64) + 3) % 7
    hour = (days - np.floor(days)) * 24.0
    return weekday, 7 + np.searchsorted(np.asarray(DAYPARTS), hour, side="right")


@dataclass(frozen=True)
class RankerParams:
    """LightGBM's settings, chosen on validation splits cut from the training baskets
    only (each household's last training basket, and the one before, predicted from the
    baskets before them; The Complete Journey; mean of the two). With 3 cuts and the
    follow / quantity features, lambdarank truncated at 100 (about the whole shortlist)
    gave Recall@10 0.1805 / NDCG@10 0.2067 against 0.1781 / 0.2051 for the listwise
    rank_xendcg (Bruch et al. 2020) that was the default before, and 0.1809 / 0.2073 at
    truncation 50 (20 and 30 did worse). lambdarank lifts a few explore items into the
    top ten (Recall@10 of the never-bought part 0.003-0.006 against 0.001-0.002) for a
    little repeat recall. Learning rate 0.1 x 150 rounds was close for half the training
    time; 31 leaves of 100+ rows, 500 rounds, min_data_in_leaf 1000 or averaging the
    two objectives' scores did not do better."""

    objective: Literal["rank_xendcg", "lambdarank"] = "lambdarank"
    rounds: int = 300
    learning_rate: float = 0.05
    num_leaves: int = 15
    min_data_in_leaf: int = 300
    feature_fraction: float = 0.8
    lambda_l2: float = 1.0
    truncation: int = 100  # lambdarank_truncation_level
    threads: int = 2
    seed: int = 7
    # Training queries wanted: 3 cuts on The Complete Journey (2,4xx households with 3+
    # baskets), more for small populations. On its validation split, 2 cuts gave Recall@10
    # 0.1755 / NDCG@10 0.2004 against 0.1711 / 0.1951 with 1, and 3 cuts 0.1769 / 0.2015
    # for about 15 s more fit (less since the explore search covers the most bought
    # items only).
    queries: int = 6_000
    max_cuts: int = 5


@dataclass(frozen=True)
class Context:
    """Household and item statistics of a fitted state, beside the pair statistics."""

    pair_recent: FloatArray  # (P, 2) purchases in the household's last 3 and 10 baskets
    household_repeat: FloatArray  # share of basket lines bought in an earlier basket
    household_basket_size: FloatArray  # mean distinct items per basket
    household_items: FloatArray  # distinct items bought
    item_repeat: FloatArray  # smoothed share of the item's buyers who bought it again
    item_buyers: FloatArray
    item_cycle: FloatArray  # median cycle of the item over its households (NaN: unknown)
    pair_slots: npt.NDArray[np.float64]  # (P, SLOTS) purchases per weekday, then daypart
    household_slots: npt.NDArray[np.float64]  # (H, SLOTS) baskets per weekday, then daypart
    item_follow: FloatArray  # smoothed share of the item's purchases followed by one in the
    # household's next basket
    pair_lift: npt.NDArray[np.float64]  # (P, 2) last_basket_lifts of each pair
    new_key: IntArray  # household * items + item of the state's explore items, sorted
    new_lift: npt.NDArray[np.float64]  # (len(new_key), 2) their last_basket_lifts


def context(state: State) -> Context:
    baskets, pairs = state.baskets, state.pairs
    n_items = baskets.n_items
    row_pair = np.searchsorted(
        pairs.household * n_items + pairs.item,
        baskets.row_household * n_items + baskets.row_item,
    )
    age = baskets.row_age
    recent = np.stack(
        [np.bincount(row_pair[age < w], minlength=len(pairs.item)) for w in (3, 10)], axis=1
    ).astype(np.float64)
    rows = np.bincount(baskets.row_household, minlength=baskets.n_households).astype(np.float64)
    distinct = np.diff(pairs.start).astype(np.float64)
    buyers = np.bincount(pairs.item, minlength=n_items).astype(np.float64)
    again = np.bincount(pairs.item, pairs.trips >= 2, minlength=n_items)
    prior = float(again.sum() / max(buyers.sum(), 1.0))
    known = np.isfinite(pairs.cycle)
    chances = _follow_chances(pairs)
    follow_prior = float(pairs.follow.sum() / max(chances.sum(), 1.0))
    follows = np.bincount(pairs.item, pairs.follow, minlength=n_items)
    item_chances = np.bincount(pairs.item, chances, minlength=n_items)
    weekday, daypart = time_slots(baskets.basket_time)
    row_slots = [weekday[baskets.row_basket], daypart[baskets.row_basket]]
    n_pairs, n_households = len(pairs.item), baskets.n_households
    pair_slots = np.zeros(n_pairs * SLOTS)
    for slot in row_slots:
        pair_slots += np.bincount(row_pair * SLOTS + slot, minlength=n_pairs * SLOTS)
    new_household = np.repeat(np.arange(n_households), np.diff(state.new_start))
    lifts = last_basket_lifts(
        baskets,
        np.concatenate([pairs.household, new_household]),
        np.concatenate([pairs.item, state.new_item]),
    )
    new_key = new_household * n_items + state.new_item
    new_order = np.argsort(new_key, kind="stable")
    household_slots = np.zeros(n_households * SLOTS)
    for slot in (weekday, daypart):
        household_slots += np.bincount(
            baskets.basket_household * SLOTS + slot, minlength=n_households * SLOTS
        )
    return Context(
        pair_recent=recent,
        household_repeat=(rows - distinct) / np.maximum(rows, 1.0),
        household_basket_size=rows / np.maximum(baskets.n_baskets, 1),
        household_items=distinct,
        item_repeat=(again + PRIOR * prior) / (buyers + PRIOR),
        item_buyers=buyers,
        item_cycle=group_median(pairs.cycle[known], pairs.item[known], n_items),
        pair_slots=pair_slots.reshape(n_pairs, SLOTS),
        household_slots=household_slots.reshape(n_households, SLOTS),
        item_follow=(follows + PRIOR * follow_prior) / (item_chances + PRIOR),
        pair_lift=lifts[:n_pairs],
        new_key=new_key[new_order],
        new_lift=lifts[n_pairs:][new_order],
    )


def last_basket_lifts(
    baskets: Baskets, household: IntArray, item: IntArray, pool: int = COOCCURRENCE_POOL
) -> npt.NDArray[np.float64]:
    """(n, 2) for each (household, item): the log of the item's mean lift given each
    other item of the household's last basket, across every household's baskets, in the
    same basket (P(i | j) / P(i)) and in the household's next basket; lifts are shrunk
    towards 1, and both are 0 for items outside the `pool` most bought."""
    n_items, n_baskets = baskets.n_items, len(baskets.basket_time)
    popularity = np.bincount(baskets.row_item, minlength=n_items)
    size = min(pool, n_items)
    index = np.full(n_items, -1, dtype=np.int64)
    index[np.argsort(-popularity, kind="stable")[:size]] = np.arange(size)
    pooled = index[baskets.row_item] >= 0
    contents = sp.csr_matrix(
        (
            np.ones(int(pooled.sum()), dtype=np.float32),
            (baskets.row_basket[pooled], index[baskets.row_item[pooled]]),
        ),
        shape=(n_baskets, size),
    )
    same = (contents.T @ contents).toarray()
    followed = np.flatnonzero(baskets.basket_household[1:] == baskets.basket_household[:-1])
    before, after = contents[followed], contents[followed + 1]
    following = (before.T @ after).toarray()  # [j, i]: j in a basket, i in the next one
    # Each (household, item) row against each pooled item of the household's last basket.
    row_start = np.searchsorted(baskets.row_basket, np.arange(n_baskets + 1))
    last = baskets.basket_start[household + 1] - 1
    lines = np.where(baskets.n_baskets[household] > 0, row_start[last + 1] - row_start[last], 0)
    owner = np.repeat(np.arange(len(item)), lines)
    offsets = np.concatenate([[0], np.cumsum(lines)[:-1]]).astype(np.int64)
    rows = np.arange(int(lines.sum())) - offsets[owner] + row_start[last][owner]
    j = index[baskets.row_item[rows]]
    i = index[item][owner]
    valid = (j >= 0) & (i >= 0) & (j != i)
    j, i, owner = j[valid], i[valid], owner[valid]
    counts = np.bincount(owner, minlength=len(item)).astype(np.float64)
    result = np.zeros((len(item), 2))
    for column, (matrix, given, total, share) in enumerate(
        (
            (same, np.diag(same), n_baskets, np.diag(same)),
            (following, before.sum(axis=0), len(followed), after.sum(axis=0)),
        )
    ):
        base = np.asarray(share, dtype=np.float64).ravel() / max(total, 1)
        base_i = np.maximum(base[i], 1e-12)
        lift = (matrix[j, i] + LIFT_PRIOR * base_i) / (
            np.asarray(given, dtype=np.float64).ravel()[j] + LIFT_PRIOR
        )
        mean = np.bincount(owner, lift / base_i, minlength=len(item)) / np.maximum(counts, 1.0)
        result[:, column] = np.where(counts > 0, np.log(np.maximum(mean, 1e-12)), 0.0)
    return result


def _follow_chances(pairs: PairStats) -> FloatArray:
    """Purchases of each pair that had a next basket to be followed in."""
    return np.asarray(pairs.count - (pairs.last_age == 0), dtype=np.float64)


def _slot_lift(
    ctx: Context,
    p: IntArray,
    own: npt.NDArray[np.bool_],
    household: IntArray,
    slot: IntArray,
    width: int,
) -> FloatArray:
    """How much more often than its household's trips the item is bought in the slot
    (weekday or daypart) of the predicted trip, in logs; 0 for never-bought items."""
    pair_total = ctx.pair_slots[p, :7].sum(axis=1)
    household_total = ctx.household_slots[household, :7].sum(axis=1)
    pair_share = (ctx.pair_slots[p, slot] + 0.5) / (pair_total + 0.5 * width)
    household_share = (ctx.household_slots[household, slot] + 0.5) / (household_total + 0.5 * width)
    return np.where(own, np.log(pair_share / household_share), 0.0)


def _lifts(
    ctx: Context, own: npt.NDArray[np.bool_], pair: IntArray, key: IntArray
) -> npt.NDArray[np.float64]:
    """The candidates' last_basket_lifts: their pair's, or their explore item's."""
    explore = np.zeros((len(key), 2))
    if len(ctx.new_key):
        at = np.minimum(np.searchsorted(ctx.new_key, key), len(ctx.new_key) - 1)
        explore = np.where((ctx.new_key[at] == key)[:, None], ctx.new_lift[at], 0.0)
    return np.where(own[:, None], ctx.pair_lift[pair], explore)


def _rank_in_group(values: FloatArray, owner: IntArray) -> FloatArray:
    """0 for the best (largest) value of each group, 1 for the next, and so on."""
    order = np.lexsort((-values, owner))
    ordered_owner = owner[order]
    first = np.searchsorted(ordered_owner, ordered_owner)
    rank = np.empty(len(values))
    rank[order] = np.arange(len(values)) - first
    return rank


def shortlist(
    found: Candidates,
    linear: FloatArray,
    keep: int = REPEAT_SHORTLIST,
    explore: int = EXPLORE_SHORTLIST,
) -> IntArray:
    """Indices of the candidates kept for ranking: each household's `keep` best repeat
    items and `explore` best explore items by the linear score."""
    own = found.pair >= 0
    # Explore items rank after every repeat item of the same score, in their own block.
    offset = np.where(own, 0.0, -1e6)
    rank = _rank_in_group(linear + offset, found.owner)
    repeats = np.bincount(found.owner, own, minlength=int(found.owner.max(initial=-1)) + 1)
    explore_rank = rank - repeats[found.owner]
    return np.flatnonzero(np.where(own, rank < keep, explore_rank < explore)).astype(np.int64)


def rank_features(
    state: State,
    ctx: Context,
    found: Candidates,
    linear: FloatArray,
    households: IntArray,
    at: FloatArray,
) -> npt.NDArray[np.float64]:
    """The ranker's feature matrix (columns of RANK_FEATURES) of the candidates."""
    owner, pair = found.owner, found.pair
    own = pair >= 0
    p = np.where(own, pair, 0)
    household = households[owner]
    when = at[owner]
    count = found.features[:, FEATURES.index("log_count")]
    since_trip = when - state.household_last[household]
    gap = np.nan_to_num(state.household_gap[household], nan=7.0)
    since_item = np.where(own, np.maximum(when - state.pairs.last_time[p], 0.0), 0.0)
    item_cycle = ctx.item_cycle[found.item]
    known_cycle = own & np.isfinite(item_cycle)
    safe_cycle = np.where(known_cycle, item_cycle, 1.0)
    weekday, daypart = time_slots(when)
    pairs = state.pairs
    item_follow = ctx.item_follow[found.item]
    # The household's own habit of buying the item again in the next basket, shrunk
    # towards the item's habit across households.
    follow = (pairs.follow[p] + 2.0 * item_follow) / (_follow_chances(pairs)[p] + 2.0)
    extra = np.column_stack(
        [
            linear,
            np.log1p(_rank_in_group(linear, owner)),
            np.log1p(_rank_in_group(count, owner)),
            np.where(own, ctx.pair_recent[p, 0], 0.0) / 3.0,
            np.where(own, ctx.pair_recent[p, 1], 0.0) / 10.0,
            np.log1p(state.baskets.n_baskets[household]),
            ctx.household_repeat[household],
            np.log1p(ctx.household_basket_size[household]),
            np.log((np.maximum(since_trip, 0.0) + 0.5) / (gap + 0.5)),
            np.log1p(ctx.household_items[household]),
            ctx.item_repeat[found.item],
            np.log1p(ctx.item_buyers[found.item]),
            np.where(known_cycle, np.log((since_item + 0.5) / np.maximum(safe_cycle, 0.5)), -9.0),
            _slot_lift(ctx, p, own, household, weekday, 7),
            _slot_lift(ctx, p, own, household, daypart, len(DAYPARTS) + 1),
            np.where(own, pairs.count[p] / (pairs.first_age[p] + 1.0), 0.0),
            np.where(own, follow, 0.0),
            item_follow,
            np.where(own, np.log((pairs.last_quantity[p] + 1.0) / (pairs.quantity[p] + 1.0)), 0.0),
            _lifts(ctx, own, p, household * state.baskets.n_items + found.item),
        ]
    )
    return np.asarray(np.hstack([found.features, extra]), dtype=np.float64)


@dataclass(frozen=True)
class TrainingSet:
    features: npt.NDArray[np.float64]
    labels: FloatArray
    group_sizes: IntArray  # candidates per query, queries in row order
    targets: list[tuple[IntArray, FloatArray]]  # (household codes, times) of each cut


def training_set(
    baskets: Baskets,
    tifu: TifuParams,
    weights: Weights,
    *,
    new_items: int,
    cuts: int,
    min_households: int,
) -> TrainingSet | None:
    """Queries from the fitted baskets only: each cut holds out every household's last
    remaining basket (3+ baskets) and builds the candidates from the baskets before it."""
    features, labels, sizes = [], [], []
    targets: list[tuple[IntArray, FloatArray]] = []
    history = baskets
    for _ in range(cuts):
        history, held = history.without_last(min_baskets=3)
        if len(held.households) < min_households:
            break
        state = build_state(history, tifu, new_items=new_items)
        ctx = context(state)
        found = candidates(state, held.households, held.times)
        linear = weights.linear(found.features)
        keep = shortlist(found, linear)
        found = Candidates(
            owner=found.owner[keep],
            item=found.item[keep],
            pair=found.pair[keep],
            features=found.features[keep],
        )
        n_items = baskets.n_items
        truth = np.concatenate([j * n_items + items for j, items in enumerate(held.items)])
        label = np.isin(found.owner * n_items + found.item, truth).astype(np.float64)
        size = np.bincount(found.owner, minlength=len(held.households))
        positives = np.bincount(found.owner, label, minlength=len(held.households))
        # Queries without a positive candidate teach the ranker nothing.
        useful = (positives > 0)[found.owner]
        features.append(
            rank_features(state, ctx, found, linear[keep], held.households, held.times)[useful]
        )
        labels.append(label[useful])
        sizes.append(size[(positives > 0) & (size > 0)])
        targets.append((held.households, held.times))
    if not features:
        return None
    return TrainingSet(
        features=np.concatenate(features),
        labels=np.concatenate(labels),
        group_sizes=np.concatenate(sizes).astype(np.int64),
        targets=targets,
    )


def _lightgbm() -> Any:
    """The lightgbm module, imported on first use. Its OpenMP threads wait passively
    unless the environment says otherwise: spinning threads on a shared two-core machine
    made a fit several times slower as soon as another process ran (6 s against 14 s for
    one training with one busy neighbour process)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import lightgbm

    return lightgbm


def train(data: TrainingSet, params: RankerParams) -> lgb.Booster:
    lightgbm = _lightgbm()

    dataset = lightgbm.Dataset(
        data.features,
        label=data.labels,
        group=data.group_sizes,
        feature_name=list(RANK_FEATURES),
        free_raw_data=True,
    )
    config: dict[str, Any] = {
        "objective": params.objective,
        "lambdarank_truncation_level": params.truncation,
        "learning_rate": params.learning_rate,
        "num_leaves": params.num_leaves,
        "min_data_in_leaf": params.min_data_in_leaf,
        "feature_fraction": params.feature_fraction,
        "lambda_l2": params.lambda_l2,
        "num_threads": params.threads,
        "seed": params.seed,
        "deterministic": True,
        "force_row_wise": True,
        "verbosity": -1,
    }
    booster: lgb.Booster = lightgbm.train(config, dataset, num_boost_round=params.rounds)
    return booster


def cuts_for(baskets: Baskets, params: RankerParams) -> int:
    eligible = max(int((baskets.n_baskets >= 3).sum()), 1)
    return max(1, min(params.max_cuts, -(-params.queries // eligible)))

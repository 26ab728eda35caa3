"""Per-(household, item) purchase statistics, computed once per fit with array operations.

A "trip" is a purchase occasion: two baskets of the same item less than half a day
apart count as one (a second till run), so they do not shrink the cycle to zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from assistant.replenishment.data import DAY_NS, Baskets, FloatArray, IntArray

SAME_TRIP_DAYS = 0.5
DECAY_DAYS = (7.0, 30.0, 90.0)
WEEKS = 53


def group_median(values: FloatArray, groups: IntArray, n_groups: int) -> FloatArray:
    """Median of `values` per group (NaN for empty groups)."""
    order = np.lexsort((values, groups))
    ordered = values[order]
    counts = np.bincount(groups, minlength=n_groups)
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    median = np.full(n_groups, np.nan)
    has = counts > 0
    low = start[has] + (counts[has] - 1) // 2
    high = start[has] + counts[has] // 2
    median[has] = (ordered[low] + ordered[high]) / 2
    return median


@dataclass(frozen=True)
class PairStats:
    start: IntArray  # (H + 1,) offsets of each household's pairs
    household: IntArray  # (P,) pairs sorted by household then item
    item: IntArray
    count: FloatArray  # baskets holding the item
    trips: FloatArray  # purchase occasions
    last_time: FloatArray  # days
    last_age: FloatArray  # baskets since the last purchase (0 = in the last basket)
    cycle: FloatArray  # median days between trips; NaN under two trips
    spread: FloatArray  # median absolute deviation of those gaps
    quantity: FloatArray  # median quantity per basket
    tifu: FloatArray  # TIFU-KNN's decayed own-vector value
    decayed: FloatArray  # (P, len(DECAY_DAYS)) sum of exp(-(household's last - t) / tau)
    first_age: FloatArray  # baskets since the first purchase (0 = first bought in the last)
    follow: FloatArray  # purchases followed by one in the household's next basket
    last_quantity: FloatArray  # quantity of the last purchase

    def rows_of(self, households: IntArray) -> tuple[IntArray, IntArray]:
        """(pair indices, position of their household in `households`) of the households."""
        return ranges(self.start, households)


def ranges(start: IntArray, groups: IntArray) -> tuple[IntArray, IntArray]:
    """Concatenated index ranges start[g]:start[g + 1] of the groups, and the position
    in `groups` each index comes from."""
    lengths = start[groups + 1] - start[groups]
    owner = np.repeat(np.arange(len(groups)), lengths)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    index = np.arange(int(lengths.sum())) - offsets[owner] + start[groups][owner]
    return index.astype(np.int64), owner.astype(np.int64)


def pair_stats(baskets: Baskets, vectors: sp.csr_matrix) -> PairStats:
    household = baskets.row_household
    time = baskets.row_time
    age = baskets.row_age.astype(np.float64)
    order = np.lexsort((time, baskets.row_item, household))
    h, i, t, a = household[order], baskets.row_item[order], time[order], age[order]
    q = baskets.row_quantity[order]
    b = baskets.row_basket[order]
    new_pair = np.ones(len(h), dtype=bool)
    new_pair[1:] = (h[1:] != h[:-1]) | (i[1:] != i[:-1])
    pair_of_row = np.cumsum(new_pair) - 1
    n_pairs = int(pair_of_row[-1]) + 1 if len(h) else 0
    first = np.flatnonzero(new_pair)
    last = np.append(first[1:], len(h)) - 1
    gap = np.diff(t, prepend=np.nan)
    is_trip_gap = ~new_pair & (gap >= SAME_TRIP_DAYS)
    trips = 1.0 + np.bincount(pair_of_row[is_trip_gap], minlength=n_pairs).astype(np.float64)
    trip_pair = pair_of_row[is_trip_gap]
    cycle = group_median(gap[is_trip_gap], trip_pair, n_pairs)
    # Median absolute deviation of the gaps: how regular the cycle is.
    spread = group_median(np.abs(gap[is_trip_gap] - cycle[trip_pair]), trip_pair, n_pairs)
    pair_household = h[first]
    last_of_household = baskets.last_time[h]
    decayed: FloatArray = np.stack(
        [
            np.bincount(pair_of_row, np.exp(-(last_of_household - t) / tau), minlength=n_pairs)
            for tau in DECAY_DAYS
        ],
        axis=1,
    )
    start = np.searchsorted(pair_household, np.arange(baskets.n_households + 1))
    pair_item = i[first]
    followed = ~new_pair & (np.diff(b, prepend=-2) == 1)
    return PairStats(
        start=start.astype(np.int64),
        household=pair_household,
        item=pair_item,
        count=np.bincount(pair_of_row, minlength=n_pairs).astype(np.float64),
        trips=trips,
        last_time=t[last],
        last_age=a[last],
        cycle=cycle,
        spread=spread,
        quantity=group_median(q, pair_of_row, n_pairs),
        tifu=np.asarray(vectors[pair_household, pair_item]).ravel(),
        decayed=decayed,
        first_age=a[first],
        follow=np.bincount(pair_of_row[followed], minlength=n_pairs).astype(np.float64),
        last_quantity=q[last],
    )


def week_of_year(days: FloatArray) -> IntArray:
    stamps = pd.to_datetime((days * DAY_NS).astype(np.int64), utc=True)
    return np.asarray((stamps.day_of_year.to_numpy() - 1) // 7, dtype=np.int64)


def weekly_counts(baskets: Baskets) -> npt.NDArray[np.float64]:
    """(items x weeks of the year) number of baskets holding the item."""
    week = week_of_year(baskets.basket_time)[baskets.row_basket]
    flat = baskets.row_item * WEEKS + week
    counts = np.bincount(flat, minlength=baskets.n_items * WEEKS).astype(np.float64)
    return counts.reshape(baskets.n_items, WEEKS)


def household_gap(baskets: Baskets) -> FloatArray:
    """Median days between a household's baskets (NaN under two baskets)."""
    gap = np.diff(baskets.basket_time, prepend=np.nan)
    same = np.zeros(len(gap), dtype=bool)
    same[1:] = baskets.basket_household[1:] == baskets.basket_household[:-1]
    return group_median(gap[same], baskets.basket_household[same], baskets.n_households)

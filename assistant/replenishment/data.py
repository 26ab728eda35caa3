"""Transactions as compact arrays: households, baskets in time order, (basket, item) rows.

Every model of the package (ours and the baselines) reads this one representation, so
they see exactly the same data. Household and product ids are mapped to dense codes;
times are float days since the Unix epoch (naive timestamps are taken as UTC).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

COLUMNS = ("household_id", "basket_id", "product_id", "timestamp", "quantity")
DAY_NS = 86_400 * 10**9

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def to_days(at: dt.datetime) -> float:
    """A datetime as float days since the epoch (naive = UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.timestamp() / 86_400


def as_frame(transactions: pd.DataFrame | Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    """The input as a DataFrame with the five expected columns."""
    if isinstance(transactions, pd.DataFrame):
        missing = [c for c in COLUMNS if c not in transactions.columns]
        if missing:
            raise ValueError(f"missing columns: {missing}")
        return transactions.loc[:, list(COLUMNS)]
    return pd.DataFrame.from_records(list(transactions), columns=list(COLUMNS))


def _days(column: pd.Series) -> FloatArray:
    stamps = pd.to_datetime(column, utc=True)
    nanos = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return nanos.astype(np.float64) / DAY_NS


@dataclass(frozen=True)
class Baskets:
    households: npt.NDArray[Any]  # original household id of each household code
    items: npt.NDArray[Any]  # original product id of each item code
    basket_household: IntArray  # (B,) baskets sorted by household, then time
    basket_time: FloatArray  # (B,) days
    basket_start: IntArray  # (H + 1,) offsets of each household's baskets
    row_basket: IntArray  # (R,) one row per (basket, item), sorted by basket
    row_item: IntArray
    row_quantity: FloatArray

    @property
    def n_households(self) -> int:
        return len(self.households)

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def n_baskets(self) -> IntArray:
        return np.diff(self.basket_start)

    @property
    def row_household(self) -> IntArray:
        return self.basket_household[self.row_basket]

    @property
    def row_time(self) -> FloatArray:
        return self.basket_time[self.row_basket]

    @property
    def row_age(self) -> IntArray:
        """Baskets between the row's basket and its household's last one (0 = last)."""
        household = self.row_household
        return self.basket_start[household + 1] - 1 - self.row_basket

    @property
    def last_time(self) -> FloatArray:
        """Time of each household's last basket (NaN without baskets)."""
        last = np.full(self.n_households, np.nan)
        has = self.n_baskets > 0
        last[has] = self.basket_time[self.basket_start[1:][has] - 1]
        return last

    @classmethod
    def from_transactions(cls, transactions: pd.DataFrame | Iterable[tuple[Any, ...]]) -> Baskets:
        frame = as_frame(transactions)
        household_code, households = pd.factorize(frame["household_id"], sort=True)
        item_code, items = pd.factorize(frame["product_id"], sort=True)
        rows = pd.DataFrame(
            {
                "h": household_code.astype(np.int64),
                "b": frame["basket_id"].to_numpy(),
                "i": item_code.astype(np.int64),
                "t": _days(frame["timestamp"]),
                "q": frame["quantity"].to_numpy(dtype=np.float64),
            }
        )
        baskets = rows.groupby(["h", "b"], sort=False)["t"].min().reset_index()
        baskets = baskets.sort_values(["h", "t", "b"], kind="stable").reset_index(drop=True)
        baskets["code"] = np.arange(len(baskets), dtype=np.int64)
        rows = rows.merge(baskets[["h", "b", "code"]], on=["h", "b"], how="left")
        lines = rows.groupby(["code", "i"], sort=True)["q"].sum().reset_index()
        basket_household = baskets["h"].to_numpy(dtype=np.int64)
        start = np.searchsorted(basket_household, np.arange(len(households) + 1))
        return cls(
            households=np.asarray(households),
            items=np.asarray(items),
            basket_household=basket_household,
            basket_time=baskets["t"].to_numpy(dtype=np.float64),
            basket_start=start.astype(np.int64),
            row_basket=lines["code"].to_numpy(dtype=np.int64),
            row_item=lines["i"].to_numpy(dtype=np.int64),
            row_quantity=lines["q"].to_numpy(dtype=np.float64),
        )

    def without_last(self, *, min_baskets: int = 2) -> tuple[Baskets, HeldOut]:
        """The same data minus the last basket of every household with at least
        `min_baskets` baskets; those baskets are returned as the held-out targets.
        Household and item codes are unchanged."""
        n = self.n_baskets
        held_households = np.flatnonzero(n >= min_baskets)
        held_baskets = self.basket_start[held_households + 1] - 1
        drop = np.zeros(len(self.basket_time), dtype=bool)
        drop[held_baskets] = True
        keep_baskets = np.flatnonzero(~drop)
        new_code = np.cumsum(~drop) - 1
        keep_rows = ~drop[self.row_basket]
        counts = np.bincount(
            self.basket_household[keep_baskets], minlength=self.n_households
        ).astype(np.int64)
        start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        train = Baskets(
            households=self.households,
            items=self.items,
            basket_household=self.basket_household[keep_baskets],
            basket_time=self.basket_time[keep_baskets],
            basket_start=start,
            row_basket=new_code[self.row_basket[keep_rows]],
            row_item=self.row_item[keep_rows],
            row_quantity=self.row_quantity[keep_rows],
        )
        held_rows = drop[self.row_basket]
        order = np.argsort(self.row_basket[held_rows], kind="stable")
        basket_of_row = self.row_basket[held_rows][order]
        item_of_row = self.row_item[held_rows][order]
        # Rows are sorted by basket and held baskets by household: split per household.
        bounds = np.searchsorted(basket_of_row, held_baskets)
        bounds = np.append(bounds, len(basket_of_row))
        targets = [item_of_row[bounds[j] : bounds[j + 1]] for j in range(len(held_baskets))]
        return train, HeldOut(
            households=held_households, times=self.basket_time[held_baskets], items=targets
        )


@dataclass(frozen=True)
class HeldOut:
    households: IntArray  # household codes
    times: FloatArray  # time of each held-out basket (days)
    items: list[IntArray]  # item codes of each held-out basket

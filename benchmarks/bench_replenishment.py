"""Next-basket recommendation on The Complete Journey: our model against P-TopFreq and
TIFU-KNN (Hu et al., SIGIR 2020), all fitted and timed in this run.

`python -m benchmarks.bench_replenishment`. Protocol: every household with at least 10
baskets has its last basket held out; each model is fitted on all other baskets and
ranks 10 products per test household at the held-out basket's time; Recall@10 and
NDCG@10 count the basket's distinct products. TIFU-KNN runs with the paper's defaults
(m=7, rb=0.9, rg=0.7, k=300, alpha=0.7) and, on a second row, with parameters picked
from a 12-point grid on each household's last training basket (its fit time includes
that search). BENCH_REPLENISHMENT_HOUSEHOLDS=N keeps a
random sample of N households (default: all 2,469).
"""

from __future__ import annotations

import os

import numpy as np
from rich.console import Console
from rich.table import Table

console = Console()
SEED = 7


def run() -> None:
    from assistant.replenishment.baselines import PTopFreq, TifuKnn, TunedTifuKnn
    from assistant.replenishment.evaluation import (
        Ranker,
        Result,
        complete_journey,
        evaluate,
        hold_out_last,
    )
    from assistant.replenishment.model import NextBasketModel

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
    models: dict[str, Ranker] = {
        "ours": NextBasketModel(),
        "P-TopFreq": PTopFreq(),
        "TIFU-KNN": TifuKnn(),
        "TIFU-KNN tuned": TunedTifuKnn(),
    }
    results: dict[str, Result] = {}
    for name, model in models.items():
        with console.status(f"fitting and predicting: {name}"):
            results[name] = evaluate(model, split, k=10)
    ours = results["ours"]
    table = Table(title="Next basket, last basket held out (k = 10)")
    columns = ("model", "Recall@10", "NDCG@10", "fit s", "predict s", "R ours/this", "N ours/this")
    for column in columns:
        table.add_column(column, justify="left" if column == "model" else "right")
    for name, result in results.items():
        table.add_row(
            name,
            f"{result.recall:.4f}",
            f"{result.ndcg:.4f}",
            f"{result.fit_s:.1f}",
            f"{result.predict_s:.2f}",
            f"{ours.recall / result.recall:.3f}" if result.recall else "-",
            f"{ours.ndcg / result.ndcg:.3f}" if result.ndcg else "-",
        )
    console.print(table)
    beaten = [
        name
        for name, r in results.items()
        if r is not ours and ours.recall > r.recall and ours.ndcg > r.ndcg
    ]
    verdict = "[green]yes[/green]" if len(beaten) == len(results) - 1 else "[red]no[/red]"
    console.print(f"ours beats every baseline on both metrics: {verdict}")


if __name__ == "__main__":
    run()

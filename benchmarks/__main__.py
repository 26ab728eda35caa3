"""Run every benchmark: `make bench` (or `python -m benchmarks [names...]`).

Sizes are set by environment variables so a quick run stays possible:
BENCH_SEED_SIZES (default "10000,100000"), BENCH_IMPORT (default "1": the full Complete Journey),
BENCH_REPLENISHMENT_HOUSEHOLDS (default: all), BENCH_RECIPES_QUERIES (60),
BENCH_GEOFENCES_STORES (10000), BENCH_BRIEFING_HOUSEHOLDS (100000), BENCH_LOAD_SECONDS (10),
BENCH_LOAD_CONCURRENCY ("50,200,1000"), BENCH_LOAD_HTTP_CONCURRENCY (50), BENCH_LOAD_POSTGRES (1).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

console = Console()


def _seed() -> None:
    from benchmarks import bench_seed

    sizes = [int(n) for n in os.environ.get("BENCH_SEED_SIZES", "10000,100000").split(",")]
    bench_seed.run(sizes)


def _import() -> None:
    if os.environ.get("BENCH_IMPORT", "1") == "0":
        console.print("[yellow]skipped[/yellow] Complete Journey import (BENCH_IMPORT=0)")
        return
    from benchmarks import bench_import

    with tempfile.TemporaryDirectory() as tmp:
        bench_import.run(f"sqlite:///{Path(tmp) / 'cj.db'}")


def _nlu() -> None:
    from benchmarks import bench_nlu

    bench_nlu.run()


def _values() -> None:
    from benchmarks import bench_values

    bench_values.run()


def _nlu_study() -> None:
    from benchmarks import bench_nlu_study

    bench_nlu_study.run()


def _replenishment() -> None:
    from benchmarks import bench_replenishment

    bench_replenishment.run()


def _offers() -> None:
    from benchmarks import bench_offers

    bench_offers.run()


def _weekly() -> None:
    from benchmarks import bench_weekly

    bench_weekly.run()


def _recipes() -> None:
    from benchmarks import bench_recipes

    bench_recipes.run(int(os.environ.get("BENCH_RECIPES_QUERIES", "60")))


def _geofences() -> None:
    from benchmarks import bench_geofences

    bench_geofences.run(stores=int(os.environ.get("BENCH_GEOFENCES_STORES", "10000")))


def _briefing() -> None:
    from benchmarks import bench_briefing

    bench_briefing.run(int(os.environ.get("BENCH_BRIEFING_HOUSEHOLDS", "100000")))


def _turn() -> None:
    from benchmarks import bench_turn

    bench_turn.run()


def _load() -> None:
    from benchmarks import bench_load

    bench_load.run()


BENCHMARKS: dict[str, Callable[[], None]] = {
    "seed": _seed,
    "import": _import,
    "nlu": _nlu,
    "values": _values,
    "nlu_study": _nlu_study,
    "replenishment": _replenishment,
    "offers": _offers,
    "weekly": _weekly,
    "recipes": _recipes,
    "geofences": _geofences,
    "briefing": _briefing,
    "turn": _turn,
    "load": _load,
}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        console.print(
            f"[red]unknown benchmark(s): {', '.join(unknown)}[/red]; known: {list(BENCHMARKS)}"
        )
        return 2
    for name in names or list(BENCHMARKS):
        console.rule(f"benchmark: {name}")
        started = time.perf_counter()
        BENCHMARKS[name]()
        console.print(f"[dim]{name} took {time.perf_counter() - started:.1f} s[/dim]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

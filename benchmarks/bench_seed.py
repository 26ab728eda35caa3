"""`assistant demo seed` at several population sizes: time, throughput and peak memory.

Each size runs as its own child process into a fresh SQLite file; the child's peak RSS
comes from `/usr/bin/time -v` when available, else from `getrusage(RUSAGE_CHILDREN)`
(a running maximum over children, so exact only while sizes grow). The point of the
ratio column: memory must not grow with N (the population streams in batches).

    python -m benchmarks.bench_seed --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.measure import timed_child

console = Console()
TODAY = "2025-01-15"


def _command(households: int) -> list[str]:
    return [
        sys.executable, "-m", "assistant.cli", "demo", "seed",
        "--households", str(households), "--seed", "7", "--today", TODAY,
    ]  # fmt: skip


def run_one(households: int, directory: Path) -> dict[str, float]:
    database = directory / f"seed_{households}.db"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "ASSISTANT_ENV": "dev"}
    seconds, peak_mb, _ = timed_child(
        _command(households), env=env, what=f"seed of {households} households"
    )
    size_mb = database.stat().st_size / 1e6 if database.exists() else 0.0
    return {
        "households": households,
        "seconds": seconds,
        "households_per_s": households / seconds if seconds else 0.0,
        "peak_rss_mb": peak_mb,
        "db_mb": size_mb,
    }


def run(sizes: list[int]) -> list[dict[str, float]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_seed_") as tmp:
        for households in sorted(sizes):
            console.print(f"seeding {households:,} households ...")
            result = run_one(households, Path(tmp))
            (Path(tmp) / f"seed_{households}.db").unlink(missing_ok=True)
            results.append(result)
    smallest = results[0]["peak_rss_mb"] if results else 1.0
    for result in results:
        result["rss_ratio"] = result["peak_rss_mb"] / smallest if smallest else 0.0
    _print(results)
    return results


def _print(results: list[dict[str, float]]) -> None:
    table = Table(title="assistant demo seed (SQLite)")
    for column in ("households", "seconds", "households/s", "peak RSS MB", "RSS ratio", "DB MB"):
        table.add_column(column, justify="right")
    for result in results:
        table.add_row(
            f"{int(result['households']):,}",
            f"{result['seconds']:.1f}",
            f"{result['households_per_s']:.0f}",
            f"{result['peak_rss_mb']:.0f}",
            f"{result['rss_ratio']:.2f}",
            f"{result['db_mb']:.0f}",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated N values")
    args = parser.parse_args(argv)
    try:
        sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--sizes must be integers, got {args.sizes!r}")
    if not sizes or min(sizes) < 0:
        parser.error("--sizes needs at least one non-negative integer")
    run(sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

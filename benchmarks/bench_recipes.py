"""Recipe ranking latency over the demo's French set plus the 3,129 Wikibooks recipes.

`python -m benchmarks.bench_recipes [queries]`: a temporary SQLite database is migrated,
seeded with the demo world, the Zerty household and both recipe sets, indexed once, then
queries mixing ingredients (French and English), time limits and "from what I just bought"
are ranked for the Zerty household; p50/p95 of one ranking are reported.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

console = Console()
WIKIBOOKS = Path("/work/shared/data/wikibooks-recipes-en.json")
QUERIES: tuple[tuple[str | None, int | None], ...] = (
    ("pintade", 30), ("guinea fowl", 30), ("chicken", None), ("poulet", 45), ("beef", 60),
    ("tomato", None), ("pomme de terre", 30), ("egg", 20), ("chocolate", None), (None, None),
    (None, 30), ("lentils", None), ("salmon", 30), ("onion", None), ("cheese", 15),
)  # fmt: skip


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(queries: int = 60) -> dict[str, float]:
    from assistant.db import make_engine, migrate, session_scope
    from assistant.demo.importers.recipes import read_recipes, upsert_recipes
    from assistant.demo.recipes_fr import seed_demo_recipes
    from assistant.demo.world import seed_world
    from assistant.demo.zerty import seed_zerty
    from assistant.recipes.index import index_recipes
    from assistant.recipes.ranking import rank_recipes

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'recipes.db'}"
        migrate(url)
        engine = make_engine(url)
        today = dt.date(2026, 11, 24)
        with session_scope(engine) as session:
            seed_world(session=session, today=today)
            household_id = seed_zerty(session=session, today=today).id
            seed_demo_recipes(session=session)
            if WIKIBOOKS.exists():
                upsert_recipes(session=session, records=read_recipes(WIKIBOOKS).records)
            started = time.perf_counter()
            rows = index_recipes(session=session)
            index_s = time.perf_counter() - started
        latencies: list[float] = []
        with session_scope(engine) as session:
            for n in range(queries):
                ingredient, minutes = QUERIES[n % len(QUERIES)]
                started = time.perf_counter()
                rank_recipes(
                    session=session, wanted=[ingredient] if ingredient else [],
                    household_id=household_id, max_minutes=minutes, limit=10,
                )  # fmt: skip
                latencies.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    results = {
        "index_rows": float(rows),
        "index_s": index_s,
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 0.95),
        "max_ms": max(latencies),
    }
    console.print(
        f"recipe index: {rows:,} rows in {index_s:.1f} s; ranking over {queries} queries: "
        f"p50 {results['p50_ms']:.1f} ms, p95 {results['p95_ms']:.1f} ms, "
        f"max {results['max_ms']:.1f} ms"
    )
    return results


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    run(int(args[0]) if args else 60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

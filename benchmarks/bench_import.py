"""The full Complete Journey import into a fresh database: time, rows/s, peak RSS.

`python -m benchmarks.bench_import [DATABASE_URL]` (default: a SQLite file in a
temporary directory). The database is migrated first; it must be empty of CJ data
for the numbers to mean a full load.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

console = Console()


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(database_url: str) -> dict[str, float]:
    from assistant.db import make_engine, migrate, session_scope
    from assistant.demo.importers.completejourney import CompleteJourneyData, load_completejourney

    migrate(database_url)
    engine = make_engine(database_url)
    started = time.perf_counter()
    data = CompleteJourneyData.from_package()
    read_s = time.perf_counter() - started
    with session_scope(engine) as session:
        report = load_completejourney(session=session, data=data)
    elapsed = time.perf_counter() - started
    engine.dispose()
    rows = sum(report.inserted.values())
    results = {
        "read_s": read_s,
        "elapsed_s": elapsed,
        "rows": float(rows),
        "receipt_lines": float(report.inserted.get("receipt_lines", 0)),
        "rows_per_s": rows / elapsed if elapsed else 0.0,
        "peak_rss_mb": _peak_rss_mb(),
    }
    for table in sorted(report.inserted):
        console.print(f"{table:>20}: {report.inserted[table]:>10,}")
    console.print(
        f"Complete Journey: {rows:,} rows in {elapsed:.1f} s (parquet read {read_s:.1f} s), "
        f"{results['rows_per_s']:,.0f} rows/s, peak RSS {results['peak_rss_mb']:,.0f} MB"
    )
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{Path(tmp) / 'cj.db'}")

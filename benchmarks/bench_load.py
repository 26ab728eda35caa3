"""Load on real servers: chat turns over /ws/chat, location pings and receipts over HTTP.

`python -m benchmarks.bench_load`. The same load runs against
(a) the default deployment: one uvicorn process on a SQLite file, and
(b) PostgreSQL behind two uvicorn workers (with REDIS_URL when Redis answers on
    127.0.0.1:6379),
each on a scratch database seeded with the demo world and synthetic households (one
conversation per household), and the table prints (b)/(a). The clients run on the same
machine as the servers and compete with them for its cores: the figures are this
machine's, client included.

Environment: BENCH_LOAD_SECONDS (10, per step), BENCH_LOAD_CONCURRENCY ("50,200,1000"
conversations), BENCH_LOAD_HTTP_CONCURRENCY (50 phones or tills), BENCH_LOAD_POSTGRES
("1"; "0" runs (a) only), BENCH_NLU_MODEL_DIR (a model dir kept between runs).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import math
import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.config import Settings
from benchmarks.load.clients import (
    LoadResult,
    chat_load,
    pings_load,
    receipts_load,
    warm_up,
)
from benchmarks.load.servers import (
    REDIS_URL,
    ServerConfig,
    raise_nofile,
    reachable,
    scratch_postgres,
    server_env,
    trained_nlu_model,
    uvicorn_server,
)
from benchmarks.load.world import seed_load_world

console = Console()
# Sockets beyond the conversations: database, NLU files, uvicorn, the HTTP clients.
SPARE_FILES = 1024


@dataclass
class Measured:
    label: str
    chat: dict[int, LoadResult] = field(default_factory=dict)
    pings: LoadResult | None = None
    receipts: LoadResult | None = None


def _int_list(value: str) -> list[int]:
    return [int(part) for part in value.split(",") if part.strip()]


def measure(
    config: ServerConfig,
    *,
    nlu_model_dir: Path,
    concurrencies: list[int],
    http_concurrency: int,
    seconds: float,
) -> Measured:
    """Seed `config.database_url`, serve it, and run every load step against it."""
    secret = os.urandom(32).hex()
    settings = Settings(database_url=config.database_url, secret_key=secret)
    households = max([*concurrencies, http_concurrency])
    with console.status(f"{config.label}: seeding {households:,} households"):
        world = seed_load_world(
            settings=settings, households=households, now=dt.datetime.now(dt.UTC)
        )
    env = server_env(config, secret_key=secret, nlu_model_dir=nlu_model_dir)
    measured = Measured(config.label)
    with uvicorn_server(config, env=env) as server:
        with console.status(f"{config.label}: loading the NLU model"):
            asyncio.run(warm_up(server.ws_url, world.tokens[0], connections=3 * config.workers))
        for n in concurrencies:
            with console.status(f"{config.label}: {n:,} conversations for {seconds:.0f} s"):
                result = asyncio.run(
                    chat_load(server.ws_url, world.tokens, concurrency=n, seconds=seconds)
                )
            measured.chat[n] = result
            _report(config.label, result)
        with console.status(f"{config.label}: location pings"):
            pings = asyncio.run(
                pings_load(server.base_url, world, concurrency=http_concurrency, seconds=seconds)
            )
        measured.pings = pings
        _report(config.label, pings)
        with console.status(f"{config.label}: receipts"):
            measured.receipts = asyncio.run(
                receipts_load(server.base_url, world, concurrency=http_concurrency, seconds=seconds)
            )
        _report(config.label, measured.receipts)
    return measured


def _report(label: str, result: LoadResult) -> None:
    errors = ", ".join(f"{k} x{v}" for k, v in result.errors.most_common(4)) or "none"
    console.print(
        f"{label}: {result.what} x{result.concurrency}: {result.done:,} in "
        f"{result.window_s:.0f} s, p50 {result.percentile(50) * 1000:,.0f} ms, "
        f"p99 {result.percentile(99) * 1000:,.0f} ms, errors: {errors}, "
        f"unfinished: {result.unfinished}"
    )


def _rows(measured: Measured) -> dict[str, float]:
    rows: dict[str, float] = {}
    for n, chat in measured.chat.items():
        rows[f"chat turns/s, {n:,} convers."] = chat.per_second
        rows[f"  p50 ms, {n:,}"] = chat.percentile(50) * 1000
        rows[f"  p99 ms, {n:,}"] = chat.percentile(99) * 1000
        rows[f"  errors, {n:,}"] = float(chat.error_count + chat.unfinished)
    for http, rate in ((measured.pings, "items"), (measured.receipts, "done")):
        if http is not None:
            per_second = http.items_per_second if rate == "items" else http.per_second
            rows[f"{http.what}/s, {http.concurrency} clients"] = per_second
            rows[f"  p99 ms, {http.what}"] = http.percentile(99) * 1000
            rows[f"  errors, {http.what}"] = float(http.error_count + http.unfinished)
    return rows


def _fmt(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def print_table(baseline: Measured, other: Measured | None, *, seconds: float) -> None:
    table = Table(title=f"load on this machine ({os.cpu_count()} cores, {seconds:.0f} s a step)")
    table.add_column("figure")
    table.add_column(baseline.label, justify="right")
    base_rows = _rows(baseline)
    other_rows = _rows(other) if other is not None else {}
    if other is not None:
        table.add_column(other.label, justify="right")
        table.add_column("(b)/(a)", justify="right")
    for name, value in base_rows.items():
        cells = [name, _fmt(value)]
        if other is not None:
            theirs = other_rows.get(name, float("nan"))
            ratio = theirs / value if value and not name.lstrip().startswith("errors") else None
            cells += [_fmt(theirs), "-" if ratio is None else f"x{ratio:.2f}"]
        table.add_row(*cells)
    console.print(table)
    console.print(
        "[dim](a) one uvicorn process on SQLite, (b) two uvicorn workers on PostgreSQL; "
        "throughput counts turns and requests completed in the window; latencies "
        "include the ones in flight when it closed; errors include unfinished turns[/dim]"
    )


def run() -> None:
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "10"))
    concurrencies = _int_list(os.environ.get("BENCH_LOAD_CONCURRENCY", "50,200,1000"))
    http_concurrency = int(os.environ.get("BENCH_LOAD_HTTP_CONCURRENCY", "50"))
    with_postgres = os.environ.get("BENCH_LOAD_POSTGRES", "1") != "0"
    needed = max([*concurrencies, http_concurrency]) + SPARE_FILES
    soft, hard = raise_nofile(needed)
    console.print(f"open files: soft limit {soft:,} (hard {hard:,}), {needed:,} wanted")
    if soft < needed:
        console.print("[yellow]the file limit is below the sockets wanted: expect errors")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        with console.status("training the NLU model"):
            model_dir = stack.enter_context(trained_nlu_model())
        step = functools.partial(
            measure,
            nlu_model_dir=model_dir,
            concurrencies=concurrencies,
            http_concurrency=http_concurrency,
            seconds=seconds,
        )
        baseline = step(ServerConfig("(a) SQLite x1", f"sqlite:///{Path(tmp) / 'l.db'}"))
        other: Measured | None = None
        if with_postgres:
            with scratch_postgres() as pg_url:
                if pg_url is None:
                    console.print("[yellow]PostgreSQL unreachable: (b) skipped")
                else:
                    redis = REDIS_URL if reachable("127.0.0.1", 6379) else None
                    label = "(b) PG x2" + (" +Redis" if redis else "")
                    other = step(ServerConfig(label, pg_url, workers=2, redis_url=redis))
    print_table(baseline, other, seconds=seconds)


if __name__ == "__main__":
    run()

"""One chat turn's database work: statements and time of "ajoute du lait" and a few
other Zerty requests, in-process on a seeded SQLite, with the embedded NLU.

The baseline is commit 0758875 (before issue 14: every product name folded and every receipt
line of the household read on each message), measured with this same procedure on this
machine: its figures are recorded below, since that code path is gone. `python -m
benchmarks turn` (BENCH_TURN_REPEATS, default 40).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlalchemy import event
from sqlmodel import Session

console = Console(width=140)
NOW = dt.datetime(2026, 12, 8, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
MESSAGES = ("ajoute du lait", "combien j'ai de points ?", "add coffee and sugar")
# 0758875, "ajoute du lait": 11 statements, but two of them read every product (1,294 rows) and
# every receipt line of the household (831); p50 29.0 ms on this machine, idle, 2026-12-07
# (the same turn at HEAD measured right after it: 11 statements, 8.3 ms).
# Since: a catalogue fingerprint, the candidate products, one grouped count over them.
BASELINE = {"ajoute du lait": (11, 29.0)}


def run() -> None:
    from assistant.config import get_settings
    from assistant.db import make_engine, migrate
    from assistant.demo.world import seed_world
    from assistant.demo.zerty import seed_zerty
    from assistant.dialogue.service import handle_message
    from nlu.engines import build_engine

    repeats = int(os.environ.get("BENCH_TURN_REPEATS", "40"))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'turn.db'}"
        migrate(url)
        engine = make_engine(url)
        statements: list[int] = [0]

        def counted(*_: Any) -> None:
            statements[-1] += 1

        event.listen(engine, "before_cursor_execute", counted)
        nlu = build_engine(get_settings())
        table = Table("message", "statements", "p50 ms", "p99 ms", "vs 0758875")
        with Session(engine) as session:
            seed_world(session=session, today=NOW.date())
            zerty = seed_zerty(session=session, today=NOW.date())
            session.commit()
            for text in MESSAGES:
                times: list[float] = []
                counts: list[int] = []
                for i in range(repeats):
                    statements.append(0)
                    started = time.perf_counter()
                    handle_message(session=session, nlu=nlu, sender_id=f"bench-{text}-{i}",
                                   text=text, channel="app", household=zerty, now=NOW)  # fmt: skip
                    session.commit()
                    times.append((time.perf_counter() - started) * 1000)
                    counts.append(statements[-1])
                warm = times[min(5, len(times) - 1) :]
                p50 = statistics.median(warm)
                p99 = sorted(warm)[int(0.99 * (len(warm) - 1))]
                base = BASELINE.get(text)
                ratio = (
                    f"{base[0]} statements, p50 {base[1]} ms (x{base[1] / p50:.1f})"
                    if base
                    else "-"
                )
                table.add_row(text, f"{statistics.median(counts):.0f}", f"{p50:.1f}",
                              f"{p99:.1f}", ratio)  # fmt: skip
        engine.dispose()
    console.print(table)

"""Daily briefings per second over 100,000 households (`make bench`).

Builds the population with bulk inserts (households, members, addresses, devices, consents)
in a temporary SQLite database, then generates every briefing through the outbox with a
deterministic in-process weather fake behind the real cache. "compose-only" is the same
batch without the outbox (notify.enqueue: consent, cap and dedup checks per message).
Baseline: the naive path (one household at a time, six queries each) on a sample, against
the batched path (one query per table per chunk of 1,000).

    python -m benchmarks.bench_briefing --households 100000 --naive-sample 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rich.console import Console
from sqlmodel import Session, col, select

console = Console()
DAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 5, 55, tzinfo=dt.UTC)
CHUNK = 5_000


class FakeWeather:
    """Open-Meteo's answer without the network: deterministic per rounded location."""

    def __init__(self) -> None:
        self.calls = 0

    def forecast(self, *, lat: float, lon: float, day: dt.date, timezone: str) -> Any:
        from assistant.briefing.weather import DayWeather

        self.calls += 1
        seed = int(abs(lat * 1000 + lon * 100)) % 17
        return DayWeather(day, seed - 4.0, seed + 6.0, seed * 6, 61 if seed % 3 else 3)


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """executemany needs the same keys in every row."""
    keys = {key for row in rows for key in row}
    return [{key: row.get(key) for key in keys} for row in rows]


def build(engine: sa.Engine, households: int) -> None:
    """Bulk-insert the population (executemany per table, per chunk)."""
    from assistant.customers.models import Address, Consent, Device, Household, Member

    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        for start in range(0, households, CHUNK):
            ids = range(start + 1, min(households, start + CHUNK) + 1)
            rows_h, rows_m, rows_a, rows_d, rows_c = [], [], [], [], []
            for i in ids:
                lat, lon = 48.70 + rng.random() * 0.3, 2.20 + rng.random() * 0.35
                rows_h.append({"id": i, "name": f"Foyer {i}", "lang": "en" if i % 5 == 0 else "fr",
                               "timezone": "Europe/Paris", "source": "bench", "token_version": 0,
                               "briefing_time": dt.time(6 + i % 3, 15 * (i % 4)),
                               "created_at": now, "updated_at": now})  # fmt: skip
                rows_m.append({"household_id": i, "first_name": "Alex", "role": "adult",
                               "created_at": now})  # fmt: skip
                kids = i % 3
                for k in range(kids):
                    rows_m.append({"household_id": i, "first_name": f"Kid{k}", "role": "child",
                                   "birth_date": dt.date(2015 + k, 5, 1),
                                   "created_at": now})  # fmt: skip
                rows_a.append({"household_id": i, "kind": "home", "lat": lat, "lon": lon,
                               "city": "Paris", "created_at": now})  # fmt: skip
                rows_a.append({"household_id": i, "kind": "work", "label": "Travail",
                               "lat": lat + 0.05, "lon": lon - 0.04,
                               "created_at": now})  # fmt: skip
                if kids:
                    rows_a.append({"household_id": i, "kind": "school", "label": "École",
                                   "lat": lat + 0.004, "lon": lon + 0.003,
                                   "created_at": now})  # fmt: skip
                rows_d.append({"household_id": i, "platform": "android",
                               "push_token": f"bench-token-{i}", "created_at": now})  # fmt: skip
                for channel in ("push", "radio"):
                    rows_c.append({"household_id": i, "channel": channel, "purpose": "service",
                                   "granted": True, "granted_at": now, "updated_at": now,
                                   "source": "bench"})  # fmt: skip
            for model, rows in ((Household, rows_h), (Member, rows_m), (Address, rows_a),
                                (Device, rows_d), (Consent, rows_c)):  # fmt: skip
                connection.execute(sa.insert(model), _uniform(rows))


def naive(engine: sa.Engine, sample: int, weather: Any) -> float:
    """One household at a time through briefing_for (the API/scheduler path)."""
    from assistant.briefing.batch import _channels, send
    from assistant.briefing.service import briefing_for
    from assistant.customers.models import Household

    with Session(engine) as session:
        households = session.exec(select(Household).order_by(col(Household.id)).limit(sample)).all()
        started = time.perf_counter()
        for household in households:
            assert household.id is not None
            briefing = briefing_for(session=session, household=household, now=NOW,
                                    weather=weather, traffic=None, day=DAY)  # fmt: skip
            send(session, briefing, household, _channels(session, [household.id])[household.id],
                 NOW)  # fmt: skip
        elapsed = time.perf_counter() - started
        session.rollback()
    return len(households) / elapsed


def run(households: int = 100_000, naive_sample: int = 2_000) -> dict[str, float]:
    from assistant.briefing.batch import run_window
    from assistant.briefing.weather import CachedWeather
    from assistant.db import make_engine, migrate

    with tempfile.TemporaryDirectory(prefix="bench_briefing_") as tmp:
        url = f"sqlite:///{Path(tmp) / 'briefing.db'}"
        migrate(url)
        engine = make_engine(url)
        started = time.perf_counter()
        build(engine, households)
        build_s = time.perf_counter() - started
        fake = FakeWeather()
        naive_rate = naive(engine, min(naive_sample, households), CachedWeather(fake))
        with Session(engine) as session:
            started = time.perf_counter()
            composed = run_window(session=session, start=dt.time(0, 0), end=dt.time(23, 59),
                                  day=DAY, now=NOW, weather=CachedWeather(FakeWeather()),
                                  traffic=None, deliver=False)  # fmt: skip
            compose_rate = composed.households / (time.perf_counter() - started)
        fake = FakeWeather()
        weather = CachedWeather(fake)
        with Session(engine) as session:
            started = time.perf_counter()
            report = run_window(session=session, start=dt.time(0, 0), end=dt.time(23, 59),
                                day=DAY, now=NOW, weather=weather, traffic=None)  # fmt: skip
            session.commit()
            batch_s = time.perf_counter() - started
        engine.dispose()
    result = {
        "households": float(households),
        "build_s": build_s,
        "batch_s": batch_s,
        "briefings_per_s": report.households / batch_s,
        "messages": float(report.messages),
        "naive_per_s": naive_rate,
        "composed_per_s": compose_rate,
        "weather_calls": float(fake.calls),
    }
    console.print(
        f"[bold]briefings[/bold] {households:,} households (built in {build_s:.1f} s): "
        f"{result['briefings_per_s']:,.0f} briefings/s end to end ({batch_s:.1f} s, "
        f"{report.messages:,} outbox messages); compose-only {compose_rate:,.0f}/s; "
        f"naive per-household path {naive_rate:,.0f}/s "
        f"(batched {result['briefings_per_s'] / naive_rate:.1f}x); "
        f"weather upstream calls {fake.calls:,}"
    )
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    arguments = parser.parse_args()
    run(arguments.households, arguments.naive_sample)

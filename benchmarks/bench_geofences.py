"""Geofence decisions per second on one core: grid index + pure state machine, 10,000 stores.

`python -m benchmarks.bench_geofences [stores] [pings]`. Stores are scattered at random over
mainland France; customers move around (most near a store, some anywhere) with phone-like
accuracy. Three ways of deciding are timed in the same run on the same pings:
- the grid index (`geofences.index` + `geofences.state.Tracker`), the production path;
- brute force in Python: every fence's distance on every ping (same state machine);
- brute force vectorised with numpy: all distances at once per ping.
Both baselines must produce the same events as the index (checked on their sample).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence

import numpy as np
from rich.console import Console

from geofences.geo import metres_per_degree
from geofences.index import Fence, FenceIndex
from geofences.state import Event, FenceParams, FenceState, Tracker, step

console = Console()
FRANCE = (42.5, 51.0, -4.5, 7.5)  # lat min/max, lon min/max
PARAMS = FenceParams()

Ping = tuple[int, float, float, float, float]  # customer, t, lat, lon, accuracy


def make_fences(rng: random.Random, n: int) -> list[Fence]:
    lat0, lat1, lon0, lon1 = FRANCE
    return [
        Fence.make(i, rng.uniform(lat0, lat1), rng.uniform(lon0, lon1), rng.randint(100, 400))
        for i in range(1, n + 1)
    ]


def make_pings(rng: random.Random, fences: Sequence[Fence], n: int, customers: int) -> list[Ping]:
    """Random walks: 70 % of customers live around a store (they go in and out), 30 % anywhere."""
    lat0, lat1, lon0, lon1 = FRANCE
    anchors: list[tuple[float, float]] = []
    for _ in range(customers):
        if rng.random() < 0.7:
            fence = rng.choice(fences)
            anchors.append((fence.lat, fence.lon))
        else:
            anchors.append((rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)))
    offsets = [[rng.uniform(-600, 600), rng.uniform(-600, 600)] for _ in range(customers)]
    pings: list[Ping] = []
    t = 1_700_000_000.0
    for _ in range(n):
        c = rng.randrange(customers)
        off = offsets[c]
        off[0] = max(-800.0, min(800.0, off[0] + rng.gauss(0, 40)))
        off[1] = max(-800.0, min(800.0, off[1] + rng.gauss(0, 40)))
        lat, lon = anchors[c]
        kx, ky = metres_per_degree(lat)
        accuracy = rng.uniform(5, 40)
        sigma = accuracy / 1.5
        t += 0.05
        pings.append(
            (
                c,
                t,
                lat + (off[1] + rng.gauss(0, sigma)) / ky,
                lon + (off[0] + rng.gauss(0, sigma)) / kx,
                accuracy,
            )
        )
    return pings


def run_index(
    index: FenceIndex, pings: Sequence[Ping]
) -> tuple[float, list[tuple[int, int, Event]]]:
    trackers: dict[int, Tracker] = {}
    events: list[tuple[int, int, Event]] = []
    started = time.perf_counter()
    for c, t, lat, lon, acc in pings:
        tracker = trackers.get(c)
        if tracker is None:
            tracker = trackers[c] = Tracker(index, PARAMS)
        happened = tracker.observe(t, lat, lon, acc)
        if happened:
            events.extend((c, sid, ev) for sid, ev in happened)
    return time.perf_counter() - started, events


def run_brute(
    fences: Sequence[Fence], pings: Sequence[Ping]
) -> tuple[float, list[tuple[int, int, Event]]]:
    """No index: every fence's distance on every ping, then the same state machine."""
    states: dict[tuple[int, int], FenceState] = {}
    events: list[tuple[int, int, Event]] = []
    started = time.perf_counter()
    for c, t, lat, lon, acc in pings:
        for fence in fences:
            d = fence.distance_m(lat, lon)
            state = states.get((c, fence.store_id))
            if state is None:
                if d + acc > fence.radius_m or acc > PARAMS.max_accuracy_m:
                    continue
                state = states[(c, fence.store_id)] = FenceState()
            ev = step(
                state, t=t, distance_m=d, accuracy_m=acc, radius_m=fence.radius_m, params=PARAMS
            )
            if ev is not None:
                events.append((c, fence.store_id, ev))
    return time.perf_counter() - started, events


def run_numpy(
    fences: Sequence[Fence], pings: Sequence[Ping]
) -> tuple[float, list[tuple[int, int, Event]]]:
    """No index, vectorised: distances to all fences per ping with numpy."""
    ids = np.array([f.store_id for f in fences])
    lats = np.array([f.lat for f in fences])
    lons = np.array([f.lon for f in fences])
    kxs = np.array([f.kx for f in fences])
    kys = np.array([f.ky for f in fences])
    radii = np.array([f.radius_m for f in fences])
    by_id = {f.store_id: f for f in fences}
    states: dict[tuple[int, int], FenceState] = {}
    inside: dict[int, set[int]] = {}
    events: list[tuple[int, int, Event]] = []
    started = time.perf_counter()
    for c, t, lat, lon, acc in pings:
        d = np.hypot((lon - lons) * kxs, (lat - lats) * kys)
        near = set(ids[d + acc <= radii].tolist()) if acc <= PARAMS.max_accuracy_m else set()
        mine = inside.setdefault(c, set())
        for sid in near | mine:
            fence = by_id[sid]
            state = states.setdefault((c, sid), FenceState())
            ev = step(
                state,
                t=t,
                distance_m=fence.distance_m(lat, lon),
                accuracy_m=acc,
                radius_m=fence.radius_m,
                params=PARAMS,
            )
            if state.inside:
                mine.add(sid)
            else:
                mine.discard(sid)
            if ev is not None:
                events.append((c, sid, ev))
    return time.perf_counter() - started, events


def _key(events: list[tuple[int, int, Event]]) -> list[tuple[int, int, str]]:
    return sorted((c, s, e.value) for c, s, e in events)


def run(stores: int = 10_000, pings: int = 200_000, customers: int = 5_000) -> dict[str, float]:
    rng = random.Random(2026)
    fences = make_fences(rng, stores)
    started = time.perf_counter()
    index = FenceIndex(fences)
    build_s = time.perf_counter() - started
    sample = make_pings(rng, fences, pings, customers)
    index_s, index_events = run_index(index, sample)
    brute_n = min(len(sample), max(200, stores and 3_000_000 // stores))
    numpy_n = min(len(sample), 5_000)
    brute_s, brute_events = run_brute(fences, sample[:brute_n])
    numpy_s, numpy_events = run_numpy(fences, sample[:numpy_n])
    _, index_brute = run_index(index, sample[:brute_n])
    _, index_numpy = run_index(index, sample[:numpy_n])
    agree = _key(index_brute) == _key(brute_events) and _key(index_numpy) == _key(numpy_events)
    rate = len(sample) / index_s
    brute_rate = brute_n / brute_s
    numpy_rate = numpy_n / numpy_s
    results = {
        "stores": float(stores),
        "pings": float(len(sample)),
        "index_build_s": build_s,
        "cells": float(len(index.cells)),
        "index_pings_per_s": rate,
        "brute_pings_per_s": brute_rate,
        "numpy_pings_per_s": numpy_rate,
        "speedup_vs_brute": rate / brute_rate,
        "speedup_vs_numpy": rate / numpy_rate,
        "events": float(len(index_events)),
        "baselines_agree": float(agree),
    }
    console.print(
        f"{stores:,} stores, index built in {build_s * 1000:.0f} ms ({len(index.cells):,} cells); "
        f"{len(sample):,} pings of {customers:,} customers, {len(index_events):,} events"
    )
    console.print(f"grid index + state machine: {rate:>12,.0f} pings/s (target 50,000)")
    console.print(
        f"brute force (python, {brute_n:,} pings): {brute_rate:>10,.0f} pings/s"
        f"  -> index x{rate / brute_rate:,.0f}"
    )
    console.print(
        f"brute force (numpy, {numpy_n:,} pings): {numpy_rate:>11,.0f} pings/s"
        f"  -> index x{rate / numpy_rate:,.0f}"
    )
    console.print(
        f"same events as both baselines on their samples ({len(brute_events)} and "
        f"{len(numpy_events)} events): {agree}"
    )
    if not agree:
        raise AssertionError("the index and the brute force disagree")
    return results


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    run(*args)

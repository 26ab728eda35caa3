"""The benchmark runs at a small size, and its baselines decide exactly as the index does."""

from __future__ import annotations

from benchmarks import bench_geofences


def test_bench_small_run_agrees_with_the_brute_force() -> None:
    results = bench_geofences.run(stores=300, pings=4_000, customers=40)
    assert results["baselines_agree"] == 1.0
    assert results["events"] > 10  # the walks do go in and out of stores
    assert results["pings"] == 4_000

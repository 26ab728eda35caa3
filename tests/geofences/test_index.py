"""The grid index against a brute-force geopy scan, and the local distance against geopy."""

from __future__ import annotations

import random

import pytest
from geopy.distance import geodesic

from geofences.geo import local_distance_m
from geofences.index import Fence, FenceIndex

# The local plane is within centimetres of the geodesic at fence scale; points this close to
# a fence's edge may legitimately fall on either side and are left out of the comparison.
EDGE_TOLERANCE_M = 0.5


def random_fences(rng: random.Random, n: int) -> list[Fence]:
    """Stores scattered densely around Paris so that cells hold several fences."""
    return [
        Fence.make(i, rng.uniform(48.80, 48.90), rng.uniform(2.25, 2.42), rng.randint(50, 1000))
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_index_matches_a_brute_force_geopy_scan(seed: int) -> None:
    rng = random.Random(seed)
    fences = random_fences(rng, 120)
    index = FenceIndex(fences)
    hits = 0
    for _ in range(150):
        lat, lon = rng.uniform(48.79, 48.91), rng.uniform(2.24, 2.43)
        expected, ambiguous = set(), set()
        for fence in fences:
            d = geodesic((lat, lon), (fence.lat, fence.lon)).meters
            if abs(d - fence.radius_m) <= EDGE_TOLERANCE_M:
                ambiguous.add(fence.store_id)
            elif d <= fence.radius_m:
                expected.add(fence.store_id)
        found = set(index.containing(lat, lon)) - ambiguous
        assert found == expected
        hits += len(expected)
    assert hits > 40  # the sample really exercises containment


@pytest.mark.parametrize(("lat", "distance"), [(41.4, 900.0), (48.85, 250.0), (51.0, 1000.0)])
def test_local_distance_is_within_centimetres_of_geodesic(lat: float, distance: float) -> None:
    rng = random.Random(int(lat * 100))
    for _ in range(50):
        dlat, dlon = rng.uniform(-0.01, 0.01), rng.uniform(-0.012, 0.012)
        exact = geodesic((lat, 2.0), (lat + dlat, 2.0 + dlon)).meters
        assert abs(local_distance_m(lat, 2.0, lat + dlat, 2.0 + dlon) - exact) < 0.05
    fence = Fence.make(1, lat, 2.0, distance)
    north = geodesic(meters=distance).destination((lat, 2.0), bearing=37).latitude
    east = geodesic(meters=distance).destination((lat, 2.0), bearing=37).longitude
    assert fence.distance_m(north, east) == pytest.approx(distance, abs=0.5)


def test_a_point_far_from_every_store_has_no_cell() -> None:
    index = FenceIndex([Fence.make(1, 48.85, 2.35, 250)])
    assert index.cell(43.3, 5.4) is None
    assert index.containing(43.3, 5.4) == []
    assert index.containing(48.85, 2.35) == [1]

"""Distances on the hot path: a local tangent plane on the WGS84 ellipsoid.

Why not geopy on every ping: a geodesic costs tens of microseconds, and a fence decision only
needs distances below a few kilometres, where the plane tangent at the fence (scaled by the
ellipsoid's radii of curvature at that latitude) is within centimetres of the geodesic
(tests/geofences/test_index.py checks it against geopy). Scale factors are precomputed per
store and per grid cell so a ping costs two subtractions, two products and a comparison.
"""

from __future__ import annotations

import math

WGS84_A = 6_378_137.0
WGS84_E2 = 6.694379990141317e-3


def metres_per_degree(lat: float) -> tuple[float, float]:
    """(metres per degree of longitude, metres per degree of latitude) at `lat`."""
    phi = math.radians(lat)
    w = 1.0 - WGS84_E2 * math.sin(phi) ** 2
    prime_vertical = WGS84_A / math.sqrt(w)
    meridional = WGS84_A * (1.0 - WGS84_E2) / (w * math.sqrt(w))
    k = math.pi / 180.0
    return prime_vertical * math.cos(phi) * k, meridional * k


def local_distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres for points a few kilometres apart (scaled at the mid latitude)."""
    kx, ky = metres_per_degree((lat1 + lat2) / 2.0)
    return math.hypot((lon1 - lon2) * kx, (lat1 - lat2) * ky)

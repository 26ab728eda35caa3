"""Simulated walks: pings every 30 s with phone-like accuracy and consistent position noise.

Phones report the radius of ~68 % confidence; for a 2-D Gaussian that is 1.5 sigma, so the
noise on each axis has sigma = accuracy / 1.5. Everything is drawn from a seeded `random`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from geofences.geo import metres_per_degree

STEP_S = 30.0
WALK_SPEED = 1.3  # m/s


@dataclass(frozen=True)
class Ping:
    t: float
    lat: float
    lon: float
    accuracy_m: float

    def payload(self, ping_id: str | None = None) -> dict[str, object]:
        body: dict[str, object] = {
            "lat": self.lat,
            "lon": self.lon,
            "accuracy_m": self.accuracy_m,
            "recorded_at": dt.datetime.fromtimestamp(self.t, dt.UTC).isoformat(),
        }
        if ping_id is not None:
            body["ping_id"] = ping_id
        return body


def _noisy(rng: random.Random, lat0: float, lon0: float, x: float, y: float, t: float) -> Ping:
    """A ping at (x east, y north) metres from (lat0, lon0), blurred as a phone would."""
    kx, ky = metres_per_degree(lat0)
    accuracy = rng.uniform(5.0, 30.0)
    sigma = accuracy / 1.5
    nx, ny = x + rng.gauss(0.0, sigma), y + rng.gauss(0.0, sigma)
    return Ping(t, lat0 + ny / ky, lon0 + nx / kx, round(accuracy, 1))


def walk_into_store(
    seed: int,
    *,
    lat: float,
    lon: float,
    start: float,
    home_m: float = 1200.0,
    stay_s: float = 900.0,
    leave_m: float = 900.0,
) -> list[Ping]:
    """Home (north) -> the store's centre -> wander inside -> walk away east."""
    rng = random.Random(seed)
    pings: list[Ping] = []
    t = start
    y = home_m
    while y > 0:  # approach along the meridian
        pings.append(_noisy(rng, lat, lon, 0.0, y, t))
        y -= WALK_SPEED * STEP_S
        t += STEP_S
    end = t + stay_s
    while t < end:  # shopping: within 30 m of the centre
        angle = rng.uniform(0, 2 * math.pi)
        r = rng.uniform(0, 30.0)
        pings.append(_noisy(rng, lat, lon, r * math.cos(angle), r * math.sin(angle), t))
        t += STEP_S
    x = 0.0
    while x < leave_m:
        pings.append(_noisy(rng, lat, lon, x, 0.0, t))
        x += WALK_SPEED * STEP_S
        t += STEP_S
    return pings


def stand_at(
    seed: int, *, lat: float, lon: float, distance_m: float, start: float, count: int = 120
) -> list[Ping]:
    """Standing still `distance_m` north of the store for an hour (GPS jitter only)."""
    rng = random.Random(seed)
    return [_noisy(rng, lat, lon, 0.0, distance_m, start + i * STEP_S) for i in range(count)]

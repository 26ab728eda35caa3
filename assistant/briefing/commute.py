"""Commute estimates between stored addresses, by time of day, lengthened by traffic incidents.

No routing engine: the road distance is the straight line times a detour factor, and the
speed follows an hourly profile per mode (rush hours are slow). A traffic incident near the
route adds its announced delay to car journeys.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from assistant.catalog.service import distance_m

log = logging.getLogger(__name__)

# Road distance / straight-line distance (urban grid); walking cuts corners a little more.
DETOUR = {"walk": 1.25, "car": 1.35}
WALK_MAX_M = 2_000.0  # about 25 minutes on foot; beyond it we assume the car
# km/h by local hour 0..23: free-flowing at night, slowest at 8-9 h and 17-19 h.
_CAR = (45, 45, 45, 45, 45, 42, 35, 25, 18, 22, 30, 30, 28, 28, 30, 28, 24, 18, 18, 24, 32, 38,
        42, 45)  # fmt: skip
SPEED_KMH: dict[str, tuple[float, ...]] = {"walk": (4.5,) * 24, "car": tuple(map(float, _CAR))}
# When one should be there (local time): class starts at 8:30 (the margin below brings the
# children in with the doors, which open at 8:20), work at 9:00.
ARRIVE_BY = {"school": dt.time(8, 30), "work": dt.time(9, 0)}
MARGIN = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Incident:
    lat: float
    lon: float
    radius_m: float
    delay_minutes: int
    description: str
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    # The feed's words by language when it gives several, and the way round it, if any.
    descriptions: tuple[tuple[str, str], ...] = ()
    detours: tuple[tuple[str, str], ...] = ()

    def described(self, lang: str) -> str:
        """What happened, in `lang` when the feed said it in `lang`, else as the feed said it."""
        return dict(self.descriptions).get(lang, self.description)

    def detour(self, lang: str) -> str | None:
        """The way round, in `lang`; None when the feed gave none in that language (a French
        detour is not read in an English briefing)."""
        detours = dict(self.detours)
        return detours.get(lang) if detours else None

    def active(self, at: dt.datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= at) and (
            self.ends_at is None or at < self.ends_at
        )


class TrafficProvider(Protocol):
    def incidents(self) -> list[Incident] | None:
        """Current incidents; None when the feed is unreachable."""


class StaticTraffic:
    """A fixed list of incidents (no feed configured: an empty list)."""

    def __init__(self, incidents: list[Incident] | None = None) -> None:
        self._incidents = list(incidents or [])

    def incidents(self) -> list[Incident] | None:
        return list(self._incidents)


def _moment(value: Any) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def parse_incidents(body: Any) -> list[Incident]:
    """`{"incidents": [{"lat", "lon", "radius_m", "delay_minutes", "description",
    "starts_at"?, "ends_at"?}]}`; malformed entries are skipped, not guessed."""
    rows = body.get("incidents", []) if isinstance(body, dict) else []
    found = []
    for row in rows:
        try:
            descriptions = _by_lang(row.get("description", ""))
            found.append(
                Incident(
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    radius_m=float(row.get("radius_m", 500)),
                    delay_minutes=int(row["delay_minutes"]),
                    description=descriptions[0][1] if descriptions else "",
                    starts_at=_moment(row.get("starts_at")),
                    ends_at=_moment(row.get("ends_at")),
                    descriptions=descriptions if isinstance(row.get("description"), dict) else (),
                    detours=_by_lang(row.get("detour")),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found


def _by_lang(value: Any) -> tuple[tuple[str, str], ...]:
    """A feed text: one string (its language unknown: key "") or {"fr": ..., "en": ...}."""
    if value is None:
        return ()
    if isinstance(value, dict):
        return tuple((str(lang), str(text)) for lang, text in value.items() if text)
    return (("", str(value)),) if str(value) else ()


class TrafficFeedClient:
    """The JSON incident feed at settings.traffic_feed_url, fetched at most once a minute."""

    ttl_seconds = 60.0

    def __init__(self, url: str, *, timeout: float, client: httpx.Client | None = None):
        self.url = url
        self.timeout = timeout
        self._client = client or httpx.Client(timeout=timeout)
        self._lock = threading.Lock()
        self._fetched: tuple[float, list[Incident] | None] | None = None

    def incidents(self) -> list[Incident] | None:
        with self._lock:
            if self._fetched and time.monotonic() - self._fetched[0] < self.ttl_seconds:
                return self._fetched[1]
            try:
                response = self._client.get(self.url, timeout=self.timeout)
                response.raise_for_status()
                found: list[Incident] | None = parse_incidents(response.json())
            except (httpx.HTTPError, ValueError) as error:
                log.warning("traffic feed unavailable: %s", error)
                found = None
            self._fetched = (time.monotonic(), found)
            return found


@dataclass(frozen=True)
class Commute:
    kind: str  # school | work
    label: str
    mode: str  # walk | car
    distance_m: float  # by road (estimated)
    minutes: int
    delay_minutes: int  # of which incidents
    incidents: tuple[str, ...]
    leave_at: dt.datetime  # local
    arrive_by: dt.datetime  # local
    hits: tuple[Incident, ...] = ()  # the incidents on the way, for their words and detours


def _segment_distance_m(
    lat: float, lon: float, a: tuple[float, float], b: tuple[float, float]
) -> float:
    """Distance from a point to the segment a-b (equirectangular: fine at city scale)."""
    scale = math.cos(math.radians(lat))

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return (p[1] * scale * 111_320.0, p[0] * 110_540.0)

    px, py = xy((lat, lon))
    ax, ay = xy(a)
    bx, by = xy(b)
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def travel_minutes(straight_m: float, mode: str, hour: int) -> tuple[float, int]:
    """(road distance in m, minutes) for a journey starting at local `hour`."""
    road = straight_m * DETOUR[mode]
    speed = SPEED_KMH[mode][hour % 24]
    return road, max(1, math.ceil(road / 1000 / speed * 60))


def estimate(
    *,
    kind: str,
    label: str,
    origin: tuple[float, float],
    destination: tuple[float, float],
    day: dt.date,
    zone: dt.tzinfo,
    incidents: list[Incident],
) -> Commute:
    """When to leave `origin` to be at `destination` by the usual hour of `kind`."""
    straight = distance_m(origin[0], origin[1], destination[0], destination[1])
    mode = "walk" if straight <= WALK_MAX_M else "car"
    arrive_by = dt.datetime.combine(day, ARRIVE_BY.get(kind, ARRIVE_BY["work"]), tzinfo=zone)
    # Two passes: the hour of departure decides the speed, the speed the hour of departure.
    road, minutes = travel_minutes(straight, mode, arrive_by.hour)
    road, minutes = travel_minutes(straight, mode, (arrive_by - dt.timedelta(minutes=minutes)).hour)
    delay, reasons, hits = 0, [], []
    if mode == "car":
        departure = arrive_by - dt.timedelta(minutes=minutes)
        for incident in incidents:
            near = _segment_distance_m(incident.lat, incident.lon, origin, destination)
            if near <= incident.radius_m and incident.active(departure.astimezone(dt.UTC)):
                delay += incident.delay_minutes
                reasons.append(incident.description)
                hits.append(incident)
    total = minutes + delay
    leave_at = arrive_by - dt.timedelta(minutes=total) - MARGIN
    # Round down to 5 minutes: "leave at 7:40", not 7:43.
    leave_at = leave_at.replace(minute=leave_at.minute - leave_at.minute % 5)
    return Commute(kind, label, mode, road, total, delay, tuple(reasons), leave_at, arrive_by,
                   tuple(hits))  # fmt: skip

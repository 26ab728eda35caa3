"""The day's weather: a provider interface, the Open-Meteo client, and a per-process cache.

Open-Meteo answers `GET /v1/forecast` with parallel arrays (`daily.time`,
`daily.temperature_2m_max`, ...). Any failure (timeout, HTTP error, malformed body) is
`None`: the briefing then leaves the weather out rather than say something false.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from assistant.i18n import render

log = logging.getLogger(__name__)

DAILY_FIELDS = "temperature_2m_max,temperature_2m_min,precipitation_probability_max,weather_code"
# Two decimals of a degree is about 1 km: one forecast serves a whole neighbourhood.
ROUNDING = 2


@dataclass(frozen=True)
class DayWeather:
    day: dt.date
    t_min: float
    t_max: float
    rain_probability: int | None  # %
    weather_code: int | None  # WMO code
    hourly: tuple[float, ...] = ()  # temperature per local hour, 0..23

    def temperature_at(self, hour: int) -> float | None:
        return self.hourly[hour] if 0 <= hour < len(self.hourly) else None


# WMO weather interpretation codes (Open-Meteo's `weather_code`) as a sky (its words are in the
# catalogue: briefing.weather.sky.<name>).
_SKIES: tuple[tuple[frozenset[int], str], ...] = (
    (frozenset({0}), "clear"),
    (frozenset({1}), "mostly_clear"),
    (frozenset({2}), "partly_cloudy"),
    (frozenset({3}), "overcast"),
    (frozenset({45, 48}), "fog"),
    (frozenset({51, 53, 55, 56, 57}), "drizzle"),
    (frozenset({61, 63, 65, 66, 67, 80, 81, 82}), "rain"),
    (frozenset({71, 73, 75, 77, 85, 86}), "snow"),
    (frozenset({95, 96, 99}), "storm"),
)


def sky(code: int | None, lang: str) -> str | None:
    """The sky a WMO code describes ("ensoleillé", "sunny"); None for an unknown code."""
    for codes, name in _SKIES:
        if code in codes:
            return render(lang, f"briefing.weather.sky.{name}")
    return None


class WeatherProvider(Protocol):
    def forecast(self, *, lat: float, lon: float, day: dt.date, timezone: str) -> DayWeather | None:
        """The day's forecast at (lat, lon), or None when it cannot be known."""


def parse_forecast(body: dict[str, Any], day: dt.date) -> DayWeather | None:
    """The entry for `day` in an Open-Meteo response, None when absent or malformed."""
    try:
        daily = body["daily"]
        index = daily["time"].index(day.isoformat())
        t_max, t_min = daily["temperature_2m_max"][index], daily["temperature_2m_min"][index]
        if t_max is None or t_min is None:
            return None
        rain = daily.get("precipitation_probability_max", [None] * (index + 1))[index]
        code = daily.get("weather_code", [None] * (index + 1))[index]
        hourly_block = body.get("hourly") or {}
        prefix = day.isoformat() + "T"
        hourly = tuple(
            float(value)
            for stamp, value in zip(
                hourly_block.get("time", []), hourly_block.get("temperature_2m", []), strict=False
            )
            if stamp.startswith(prefix) and value is not None
        )
        return DayWeather(
            day=day,
            t_min=float(t_min),
            t_max=float(t_max),
            rain_probability=None if rain is None else int(rain),
            weather_code=None if code is None else int(code),
            hourly=hourly if len(hourly) == 24 else (),
        )
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return None


class OpenMeteoClient:
    """Open-Meteo over HTTP; `base_url` is settings.weather_url (a local fake in tests)."""

    def __init__(self, base_url: str, *, timeout: float, client: httpx.Client | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._client = client or httpx.Client(timeout=timeout)

    def forecast(self, *, lat: float, lon: float, day: dt.date, timezone: str) -> DayWeather | None:
        params = {
            "latitude": f"{lat:.4f}",
            "longitude": f"{lon:.4f}",
            "daily": DAILY_FIELDS,
            "hourly": "temperature_2m",
            "timezone": timezone,
        }
        # Always the day asked for (today, or another day for `briefing run --date`): the
        # provider's own "today" is its wall clock, not the caller's.
        params["start_date"] = params["end_date"] = day.isoformat()
        try:
            response = self._client.get(
                f"{self.base_url}/v1/forecast", params=params, timeout=self.timeout
            )
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            # Never the coordinates nor the URL (it holds them): they locate a household.
            log.warning("weather unavailable: %s", type(error).__name__)
            return None
        return parse_forecast(body, day) if isinstance(body, dict) else None

    def close(self) -> None:
        self._client.close()


class CachedWeather:
    """One upstream call per (rounded location, day, zone), shared by every household there.
    Failures are cached for a short while too: 100,000 briefings must not wait 100,000
    timeouts, yet a long-lived API process retries later."""

    failure_ttl_seconds = 300.0

    def __init__(self, provider: WeatherProvider) -> None:
        self.provider = provider
        self._cache: dict[tuple[float, float, dt.date, str], DayWeather] = {}
        self._failed: dict[tuple[float, float, dt.date, str], float] = {}
        self._lock = threading.Lock()
        self.calls = 0

    def forecast(self, *, lat: float, lon: float, day: dt.date, timezone: str) -> DayWeather | None:
        key = (round(lat, ROUNDING), round(lon, ROUNDING), day, timezone)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            failed_at = self._failed.get(key)
            if failed_at is not None and time.monotonic() - failed_at < self.failure_ttl_seconds:
                return None
        result = self.provider.forecast(lat=key[0], lon=key[1], day=day, timezone=timezone)
        with self._lock:
            self.calls += 1
            if result is None:
                self._failed[key] = time.monotonic()
            else:
                self._cache[key] = result
        return result


_shared: CachedWeather | None = None


def default_weather(base_url: str, timeout: float) -> CachedWeather:
    """The process-wide cached client for the settings' Open-Meteo."""
    global _shared
    if _shared is None or getattr(_shared.provider, "base_url", None) != base_url.rstrip("/"):
        _shared = CachedWeather(OpenMeteoClient(base_url, timeout=timeout))
    return _shared

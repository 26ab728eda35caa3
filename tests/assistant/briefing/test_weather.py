"""The Open-Meteo client against a real local server, the cache, and the degraded mode."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.briefing.weather import CachedWeather, OpenMeteoClient, parse_forecast
from tests.assistant.briefing.fake_open_meteo import FakeDay, FakeOpenMeteo, serve

DAY = dt.date(2026, 11, 24)


def test_the_client_reads_the_day_from_open_meteo(open_meteo: FakeOpenMeteo) -> None:
    open_meteo.day = FakeDay(t_min=-1.5, t_max=6.2, rain=70, code=61)
    client = OpenMeteoClient(open_meteo.url, timeout=2)
    weather = client.forecast(lat=48.8344, lon=2.3262, day=DAY, timezone="Europe/Paris")
    assert weather is not None
    assert (weather.t_min, weather.t_max, weather.rain_probability, weather.weather_code) == (
        -1.5, 6.2, 70, 61,
    )  # fmt: skip
    assert len(weather.hourly) == 24
    query = open_meteo.requests[0]
    assert query["timezone"] == ["Europe/Paris"]
    assert set(query["daily"][0].split(",")) >= {"temperature_2m_max", "weather_code"}
    assert query["hourly"] == ["temperature_2m"]


def test_an_unreachable_service_is_none_not_a_guess() -> None:
    with serve(FakeOpenMeteo()) as fake:
        url = fake.url
    client = OpenMeteoClient(url, timeout=0.5)  # the server is gone
    assert client.forecast(lat=48.8, lon=2.3, day=DAY, timezone="Europe/Paris") is None


def test_a_slow_service_times_out_to_none(open_meteo: FakeOpenMeteo) -> None:
    open_meteo.delay_seconds = 2.0
    client = OpenMeteoClient(open_meteo.url, timeout=0.2)
    assert client.forecast(lat=48.8, lon=2.3, day=DAY, timezone="Europe/Paris") is None


@pytest.mark.parametrize(
    "body",
    [
        {"error": True, "reason": "Parameter 'latitude' is missing"},
        {"daily": {"time": ["2026-11-23"], "temperature_2m_max": [1], "temperature_2m_min": [0]}},
        {"daily": {"time": ["2026-11-24"], "temperature_2m_max": [None],
                   "temperature_2m_min": [0]}},
    ],
)  # fmt: skip
def test_malformed_or_other_day_bodies_are_none(body: dict[str, object]) -> None:
    assert parse_forecast(body, DAY) is None


def test_one_call_per_rounded_location_and_day(open_meteo: FakeOpenMeteo) -> None:
    cached = CachedWeather(OpenMeteoClient(open_meteo.url, timeout=2))
    for lat, lon in [(48.8344, 2.3262), (48.8341, 2.3259), (48.8349, 2.3251)]:
        assert cached.forecast(lat=lat, lon=lon, day=DAY, timezone="Europe/Paris") is not None
    cached.forecast(lat=45.76, lon=4.83, day=DAY, timezone="Europe/Paris")
    assert len(open_meteo.requests) == 2
    assert cached.calls == 2

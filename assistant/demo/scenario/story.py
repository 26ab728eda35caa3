"""The inputs of the Zerty day: its dates, the seeded forecast and traffic feed, and what
Anne does (what she types, where her phone is, what the fuel till sends).

Nothing here is an answer of the assistant: every moment is computed by the engines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from assistant.briefing.calendar import is_school_day
from assistant.briefing.commute import StaticTraffic, parse_incidents
from assistant.briefing.weather import DayWeather

PARIS = ZoneInfo("Europe/Paris")
FRIDAY = 4


def story_friday(seed_day: dt.date) -> dt.date:
    """The story's Friday: the seed's day when it is a Friday, else the coming one; a Friday
    without school (holidays, 1 January) moves the story a week on: the children go to school
    that morning."""
    friday = seed_day + dt.timedelta(days=(FRIDAY - seed_day.weekday()) % 7)
    while not is_school_day(friday):
        friday += dt.timedelta(days=7)
    return friday


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A Paris wall-clock time of the story, in UTC."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS).astimezone(dt.UTC)


# A cold, clear November morning: 4 °C at 8:00 when the children leave, 12 °C at 15:00.
MORNING_C, AFTERNOON_C = 4.0, 12.0
CLEAR_SKY = 0  # WMO weather code


def _hourly() -> tuple[float, ...]:
    def at(hour: int) -> float:
        if hour <= 8:
            return round(MORNING_C - (8 - hour) * 0.25, 1)
        if hour <= 15:
            return round(MORNING_C + (AFTERNOON_C - MORNING_C) * (hour - 8) / 7, 1)
        return round(AFTERNOON_C - (hour - 15) * 0.6, 1)

    return tuple(at(hour) for hour in range(24))


class StoryWeather:
    """The briefing's `WeatherProvider` serving the seeded forecast of the story's two days
    (the demo runs without internet); any other day is unknown (None), as a real provider
    would answer for a day out of its range."""

    def __init__(self, days: tuple[dt.date, ...]) -> None:
        self.days = days
        self.calls = 0

    def forecast(self, *, lat: float, lon: float, day: dt.date, timezone: str) -> DayWeather | None:
        self.calls += 1
        if day not in self.days:
            return None
        hourly = _hourly()
        return DayWeather(
            day=day, t_min=min(hourly[6:21]), t_max=max(hourly), rain_probability=0,
            weather_code=CLEAR_SKY, hourly=hourly,
        )  # fmt: skip


def open_meteo_body(days: tuple[dt.date, ...], timezone: str = "Europe/Paris") -> dict[str, Any]:
    """The story's forecast as Open-Meteo answers `GET /v1/forecast` (parallel arrays under
    `daily` and `hourly`): what a local fake Open-Meteo serves to a real server
    (`WEATHER_URL`), so that its briefing reads the same sky as the in-process demo."""
    provider = StoryWeather(days)
    forecasts = [provider.forecast(lat=0.0, lon=0.0, day=day, timezone=timezone) for day in days]
    known = [f for f in forecasts if f is not None]
    return {
        "timezone": timezone,
        "daily_units": {"time": "iso8601", "temperature_2m_max": "°C",
                        "temperature_2m_min": "°C", "precipitation_probability_max": "%",
                        "weather_code": "wmo code"},
        "daily": {
            "time": [f.day.isoformat() for f in known],
            "temperature_2m_max": [f.t_max for f in known],
            "temperature_2m_min": [f.t_min for f in known],
            "precipitation_probability_max": [f.rain_probability for f in known],
            "weather_code": [f.weather_code for f in known],
        },
        "hourly_units": {"time": "iso8601", "temperature_2m": "°C"},
        "hourly": {
            "time": [f"{f.day.isoformat()}T{hour:02d}:00" for f in known for hour in range(24)],
            "temperature_2m": [t for f in known for t in f.hourly],
        },
    }  # fmt: skip


def traffic_feed(friday: dt.date) -> dict[str, Any]:
    """The seeded incident feed (the `TRAFFIC_FEED_URL` JSON shape): an accident on the
    ring road at porte Dauphine on Friday morning, on Anne's way to La Défense."""
    return {
        "incidents": [
            {
                "lat": 48.8713, "lon": 2.2745, "radius_m": 900, "delay_minutes": 20,
                "description": {
                    "fr": "accident sur le périphérique porte Dauphine",
                    "en": "an accident on the ring road at Porte Dauphine",
                },
                "detour": {
                    "fr": "passez par les boulevards extérieurs jusqu'à la porte de Versailles, "
                          "puis la rue de Vaugirard",
                    "en": "take the outer boulevards to Porte de Versailles, "
                          "then rue de Vaugirard",
                },
                "starts_at": local(friday, 6, 30).isoformat(),
                "ends_at": local(friday, 10, 0).isoformat(),
            }
        ]
    }  # fmt: skip


def story_traffic(friday: dt.date) -> StaticTraffic:
    """The briefing's `TrafficProvider` over the seeded feed, parsed like the live one."""
    return StaticTraffic(parse_incidents(traffic_feed(friday)))


@dataclass(frozen=True)
class Say:
    """A chat message Anne types."""

    fr: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


SHOW_LIST = Say("Montre-moi ma liste de courses", "Show me my shopping list")
ADD_SUGAR = Say("Ajoute du sucre", "Add caster sugar")
PLACE_ORDER = Say(
    "Passe la commande à Carchan Montparnasse", "Place the order at Carchan Montparnasse"
)
PICKUP_TIME = Say("samedi à 11h", "Saturday at 11am")
CONFIRM = Say("Oui, je confirme", "Yes, please")
POINTS = Say("Combien de points j'ai ?", "How many points do I have?")
RECIPES = Say(
    "Une recette de pintade en moins de 30 minutes", "A guinea fowl recipe in under 30 minutes"
)

FUEL_LITRES = 29.07  # 50 € of diesel: 10 points at 1 point per 5 € of fuel


def approach(lat: float, lon: float, start: dt.datetime) -> list[dict[str, Any]]:
    """Phone pings driving up to a store: 600 m out, 250 m out, then inside for 3 minutes."""
    steps = [(0.0054, 25.0, 0), (0.0022, 20.0, 1), (0.0002, 12.0, 2), (0.0001, 10.0, 3),
             (0.0, 8.0, 5)]  # fmt: skip
    return [
        {"lat": round(lat - offset, 6), "lon": lon, "accuracy_m": accuracy,
         "recorded_at": (start + dt.timedelta(minutes=minutes)).isoformat(),
         "ping_id": f"zerty-{start:%Y%m%d%H%M}-{number}"}
        for number, (offset, accuracy, minutes) in enumerate(steps)
    ]  # fmt: skip


SHOPPING_MINUTES = 15  # after driving up, Anne shops while the staff load the car


def shopping(lat: float, lon: float, start: dt.datetime) -> list[dict[str, Any]]:
    """Her phone, still in the store `SHOPPING_MINUTES` after driving up (`start`)."""
    at = start + dt.timedelta(minutes=SHOPPING_MINUTES)
    return [{"lat": lat, "lon": lon, "accuracy_m": 10.0, "recorded_at": at.isoformat(),
             "ping_id": f"zerty-{start:%Y%m%d%H%M}-shopping"}]  # fmt: skip

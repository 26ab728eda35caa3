"""Advice that follows from the day's weather and who lives in the household. Pure rules."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.briefing.weather import DayWeather
from assistant.i18n import render

COLD_C = 5.0  # morning temperature at or under which we say "dress warmly"
HOT_C = 28.0  # maximum at or over which we say "take water"
RAIN_PERCENT = 50
# WMO codes: drizzle, rain, freezing rain, showers, thunderstorms.
RAIN_CODES = frozenset({51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 80, 81, 82, 95, 96, 99})
SNOW_CODES = frozenset({71, 73, 75, 77, 85, 86})


@dataclass(frozen=True)
class Advice:
    # dress_kids_warmly | dress_warmly | hot_drink | umbrella | snow | water | water_kids: the
    # id of its words in the catalogue (briefing.advice.<code>).
    code: str

    def text(self, lang: str) -> str:
        return render(lang, f"briefing.advice.{self.code}")

    @property
    def fr(self) -> str:
        return self.text("fr")

    @property
    def en(self) -> str:
        return self.text("en")


def morning_temperature(weather: DayWeather) -> float:
    """At 8 h when the hourly forecast is known, else the day's minimum."""
    at_eight = weather.temperature_at(8)
    return weather.t_min if at_eight is None else at_eight


def advise(weather: DayWeather, *, kids: int) -> list[Advice]:
    found: list[Advice] = []
    if morning_temperature(weather) <= COLD_C:
        found.append(Advice("dress_kids_warmly" if kids else "dress_warmly"))
        found.append(Advice("hot_drink"))
    if weather.weather_code in SNOW_CODES:
        found.append(Advice("snow"))
    elif (weather.rain_probability or 0) >= RAIN_PERCENT or weather.weather_code in RAIN_CODES:
        found.append(Advice("umbrella"))
    if weather.t_max >= HOT_C:
        found.append(Advice("water_kids" if kids else "water"))
    return found

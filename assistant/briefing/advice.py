"""Advice that follows from the day's weather and who lives in the household. Pure rules."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.briefing.weather import DayWeather

COLD_C = 5.0  # morning temperature at or under which we say "dress warmly"
HOT_C = 28.0  # maximum at or over which we say "take water"
RAIN_PERCENT = 50
# WMO codes: drizzle, rain, freezing rain, showers, thunderstorms.
RAIN_CODES = frozenset({51, 53, 55, 56, 57, 61, 63, 65, 66, 67, 80, 81, 82, 95, 96, 99})
SNOW_CODES = frozenset({71, 73, 75, 77, 85, 86})


@dataclass(frozen=True)
class Advice:
    code: str  # dress_kids_warmly | dress_warmly | hot_drink | umbrella | snow | water
    fr: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


def morning_temperature(weather: DayWeather) -> float:
    """At 8 h when the hourly forecast is known, else the day's minimum."""
    at_eight = weather.temperature_at(8)
    return weather.t_min if at_eight is None else at_eight


def advise(weather: DayWeather, *, kids: int) -> list[Advice]:
    found: list[Advice] = []
    if morning_temperature(weather) <= COLD_C:
        if kids:
            found.append(
                Advice(
                    "dress_kids_warmly",
                    "Couvrez bien les enfants : bonnet et gants.",
                    "Dress the kids warmly: hats and gloves.",
                )
            )
        else:
            found.append(Advice("dress_warmly", "Couvrez-vous bien.", "Wrap up warmly."))
        found.append(
            Advice(
                "hot_drink",
                "Un petit-déjeuner avec une boisson chaude s'impose.",
                "A hot drink at breakfast is a good idea.",
            )
        )
    if weather.weather_code in SNOW_CODES:
        found.append(
            Advice(
                "snow",
                "De la neige est prévue : prévoyez plus de temps sur la route.",
                "Snow is forecast: allow extra time on the road.",
            )
        )
    elif (weather.rain_probability or 0) >= RAIN_PERCENT or weather.weather_code in RAIN_CODES:
        found.append(Advice("umbrella", "Prenez un parapluie.", "Take an umbrella."))
    if weather.t_max >= HOT_C:
        found.append(
            Advice(
                "water",
                "Il va faire chaud : emportez de l'eau"
                + (", une gourde par enfant." if kids else "."),
                "It will be hot: take water" + (", a bottle for each child." if kids else "."),
            )
        )
    return found

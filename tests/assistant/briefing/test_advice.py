"""Advice follows from the weather and the household, one rule at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.briefing.advice import advise
from assistant.briefing.weather import DayWeather

DAY = dt.date(2026, 11, 24)


def _day(t_min: float, t_max: float, rain: int = 0, code: int = 1) -> DayWeather:
    return DayWeather(DAY, t_min, t_max, rain, code)


@pytest.mark.parametrize(
    ("weather", "kids", "expected"),
    [
        (_day(-2, 4), 2, ["dress_kids_warmly", "hot_drink"]),
        (_day(-2, 4), 0, ["dress_warmly", "hot_drink"]),
        (_day(8, 14, rain=80), 1, ["umbrella"]),
        (_day(8, 14, rain=10, code=63), 0, ["umbrella"]),
        (_day(-1, 1, code=73), 1, ["dress_kids_warmly", "hot_drink", "snow"]),
        (_day(19, 33), 2, ["water_kids"]),
        (_day(12, 20, rain=20), 2, []),
    ],
)
def test_advice_rules(weather: DayWeather, kids: int, expected: list[str]) -> None:
    assert [advice.code for advice in advise(weather, kids=kids)] == expected


def test_the_morning_hour_decides_cold_when_known() -> None:
    mild_morning = DayWeather(DAY, 3, 15, 0, 1, hourly=tuple(3.0 if h < 6 else 10.0
                                                             for h in range(24)))  # fmt: skip
    assert advise(mild_morning, kids=1) == []


def test_heat_advice_counts_children() -> None:
    advice = advise(_day(20, 32), kids=2)[0]
    assert "gourde par enfant" in advice.fr and "each child" in advice.en

"""Weather, traffic and daily briefing actions answer from the providers (fakes here)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from actions.briefing import DailyBriefing, Traffic, Weather
from assistant.briefing.commute import Incident, StaticTraffic
from assistant.briefing.weather import DayWeather
from assistant.dialogue.contract import BriefingProviders
from tests.actions.conftest import TODAY, make_tracker, run_action, text_of
from tests.factories import make_address, make_household, make_member


class FixedWeather:
    def __init__(self, weather: DayWeather | None) -> None:
        self.weather = weather

    def forecast(self, *, lat: float, lon: float, day: dt.date, timezone: str) -> DayWeather | None:
        return self.weather


COLD_RAIN = DayWeather(TODAY, -2.0, 5.0, 80, 61)


@pytest.fixture
def providers() -> BriefingProviders:
    jam = StaticTraffic([Incident(48.862, 2.28, 800, 15, "accident quai de Grenelle")])
    return BriefingProviders(FixedWeather(COLD_RAIN), jam)


def _family(session: Session) -> int:
    household = make_household(session, briefing_time=dt.time(7, 0))
    make_member(session, household, first_name="Zoé", role="child",
                birth_date=dt.date(2018, 3, 1))  # fmt: skip
    make_address(session, household, kind="home", city="Paris", lat=48.8344, lon=2.3262)
    make_address(session, household, kind="work", label="Bureau", lat=48.8918, lon=2.2380)
    assert household.id is not None
    return household.id


def test_weather_with_advice(bound: Session, providers: BriefingProviders) -> None:
    hid = _family(bound)
    fr = text_of(run_action(bound, Weather(), make_tracker(hid), providers=providers)[0])
    assert "de -2 degrés à 5 degrés, 80 % de risque de pluie" in fr
    assert "Couvrez bien les enfants" in fr and "parapluie" in fr
    en = text_of(run_action(bound, Weather(), make_tracker(hid, "en"), providers=providers)[0])
    assert "Take an umbrella." in en


def test_weather_unavailable_is_said_plainly(bound: Session) -> None:
    hid = _family(bound)
    silent = BriefingProviders(FixedWeather(None), None)
    text = text_of(run_action(bound, Weather(), make_tracker(hid), providers=silent)[0])
    assert "pas disponible" in text and "degré" not in text


def test_traffic_with_an_incident(bound: Session, providers: BriefingProviders) -> None:
    hid = _family(bound)
    text = text_of(run_action(bound, Traffic(), make_tracker(hid, "en"), providers=providers)[0])
    assert "Bureau:" in text and "accident quai de Grenelle" in text and "leave at" in text


def test_the_daily_briefing_has_weather_and_commute(
    bound: Session, providers: BriefingProviders
) -> None:
    hid = _family(bound)
    text = text_of(run_action(bound, DailyBriefing(), make_tracker(hid), providers=providers)[0])
    assert "Météo du jour" in text and "Trajets" in text and "07:00" in text

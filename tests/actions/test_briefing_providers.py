"""Weather, traffic and daily briefing actions answer from the providers (fakes here)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from actions.briefing import DailyBriefing, Traffic, Weather
from assistant.briefing.commute import Incident, StaticTraffic
from assistant.briefing.weather import DayWeather
from assistant.dialogue.contract import BriefingProviders
from tests.actions.conftest import TODAY, make_tracker, run_action, text_of, told, told_ids
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
    messages = run_action(bound, Weather(), make_tracker(hid), providers=providers)[0]
    assert told(messages)[:2] == [
        ("chat.weather.today", {"day": TODAY.isoformat(), "city": "Paris", "low": -2, "high": 5}),
        ("chat.weather.rain", {"chance": 80}),
    ]
    assert text_of(messages).startswith(
        "Météo aujourd'hui à Paris : de -2 degrés à 5 degrés. Risque de pluie : 80\xa0%. "
        "Couvrez bien les enfants"
    )
    assert "briefing.advice.umbrella" in told_ids(messages)
    en = text_of(run_action(bound, Weather(), make_tracker(hid, "en"), providers=providers)[0])
    assert en.startswith("Weather today in Paris: -2 degrees to 5 degrees. Chance of rain: 80%.")
    assert "Take an umbrella." in en


def test_weather_unavailable_is_said_plainly(bound: Session) -> None:
    hid = _family(bound)
    silent = BriefingProviders(FixedWeather(None), None)
    text = text_of(run_action(bound, Weather(), make_tracker(hid), providers=silent)[0])
    assert text == (
        "La météo de Paris n'est pas disponible pour le moment. Je préfère ne rien inventer."
    )


def test_traffic_with_an_incident(bound: Session, providers: BriefingProviders) -> None:
    hid = _family(bound)
    messages = run_action(bound, Traffic(), make_tracker(hid, "en"), providers=providers)[0]
    delayed = [values for msg_id, values in told(messages) if msg_id.endswith("journey_delayed")]
    assert [(values["where"], values["incidents"]) for values in delayed] == [
        ("Bureau", ["accident quai de Grenelle"])
    ]
    text = text_of(messages)
    assert "To Bureau: " in text and "of delays (accident quai de Grenelle), leave at" in text


def test_traffic_without_its_feed_gives_the_usual_times(bound: Session) -> None:
    hid = _family(bound)
    silent = BriefingProviders(FixedWeather(COLD_RAIN), None)
    messages = run_action(bound, Traffic(), make_tracker(hid), providers=silent)[0]
    assert told_ids(messages)[-1] == "chat.traffic.feed_unavailable"
    assert "Vers Bureau : " in text_of(messages) and "de retard" not in text_of(messages)


def test_the_daily_briefing_has_weather_and_commute(
    bound: Session, providers: BriefingProviders
) -> None:
    hid = _family(bound)
    messages = run_action(bound, DailyBriefing(), make_tracker(hid), providers=providers)[0]
    assert told_ids(messages) == ["chat.briefing.today", "chat.briefing.every_day"]
    text = text_of(messages)
    assert "Trajets" in text and text.endswith("Vous recevez ce briefing chaque jour à 07:00.")

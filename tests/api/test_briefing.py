"""`GET /me/briefing` and `GET /me/digest`: previews of what the household receives."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.briefing.calendar import is_school_day
from assistant.clock import FrozenClock, local_day
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.outings.models import Event
from tests.assistant.briefing.fake_open_meteo import FakeDay, FakeOpenMeteo, serve
from tests.clock import NOW, TODAY, local, on_weekday, years_before
from tests.factories import (
    customer_headers,
    make_address,
    make_household,
    make_member,
    make_preference,
)


@pytest.fixture
def open_meteo(settings: Settings) -> Iterator[FakeOpenMeteo]:
    with serve(FakeOpenMeteo(day=FakeDay(t_min=-3, t_max=4, rain=80, code=61))) as fake:
        settings.weather_url = fake.url  # the app reads this same Settings object
        yield fake


@pytest.fixture
def family(session: Session) -> Household:
    household = make_household(session, name="Famille Test", lang="fr",
                               briefing_time=dt.time(7, 0))  # fmt: skip
    today = NOW.date()
    make_member(session, household, first_name="Léa")
    make_member(session, household, first_name="Tom", role="child",
                birth_date=years_before(today, 7))  # fmt: skip
    make_address(session, household, kind="home", lat=48.8344, lon=2.3262)
    make_address(session, household, kind="school", lat=48.8318, lon=2.3055)
    return household


def test_the_briefing_preview_has_weather_advice_and_valid_ssml(
    client: TestClient, settings: Settings, family: Household, open_meteo: FakeOpenMeteo
) -> None:
    response = client.get("/me/briefing", headers=customer_headers(settings, family))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["weather_available"] is True
    assert "Couvrez bien les enfants" in body["text"] and "parapluie" in body["text"]
    # The trip to school on school days only (the suite runs on Sundays and holidays too).
    trip = ["commute"] if is_school_day(local_day(NOW, "Europe/Paris")) else []
    kinds = [s["kind"] for s in body["sections"]]
    assert kinds[: 3 + len(trip)] == ["greeting", "date", "weather", *trip]
    assert ("commute" in kinds) is bool(trip)
    ET.fromstring(body["ssml"])
    assert open_meteo.requests


def test_the_briefing_in_english_without_weather(
    client: TestClient, settings: Settings, family: Household
) -> None:
    with serve(FakeOpenMeteo()) as fake:
        settings.weather_url = fake.url
    settings.weather_timeout_seconds = 0.3
    response = client.get("/me/briefing", params={"lang": "en"},
                          headers=customer_headers(settings, family))  # fmt: skip
    body = response.json()
    assert body["weather_available"] is False and "weather" not in body["text"].lower()
    assert body["text"].startswith("Good")


def test_the_digest_preview_chooses_for_the_family(
    client: TestClient, session: Session, settings: Settings, family: Household,
    clock: FrozenClock,
) -> None:  # fmt: skip
    make_preference(session, family, kind="film_director", value="Luc Besson")
    # Friday evening, when the digest goes out; the outings are on Saturday afternoon.
    friday = on_weekday(TODAY, 4)
    clock.move_to(local(friday, "18:30"))
    at = local(friday + dt.timedelta(days=1), "15:00")
    session.add_all([
        Event(kind="circus", title="Cirque pour petits", starts_at=at, min_age=4, max_age=12,
              capacity=100, tags=["kids"]),
        Event(kind="cinema", title="Le Dernier Phare", starts_at=at, capacity=100,
              tags=["director:Luc Besson"]),
        Event(kind="concert", title="Concert sans raison", starts_at=at, capacity=100, tags=[]),
        Event(kind="circus", title="Cirque ados", starts_at=at, min_age=14, max_age=17,
              capacity=100, tags=["kids"]),
    ])  # fmt: skip
    session.flush()
    response = client.get("/me/digest", headers=customer_headers(settings, family))
    assert response.status_code == 200, response.text
    titles = {item["title"] for item in response.json()["items"]}
    assert titles >= {"Cirque pour petits", "Le Dernier Phare"}
    assert "Concert sans raison" not in titles and "Cirque ados" not in titles


def test_previews_need_a_customer(client: TestClient) -> None:
    assert client.get("/me/briefing").status_code == 401
    assert client.get("/me/digest").status_code == 401

"""Briefing fixtures: the fake Open-Meteo server and the seeded Zerty household."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from tests.assistant.briefing.fake_open_meteo import FakeOpenMeteo, serve


@pytest.fixture
def open_meteo() -> Iterator[FakeOpenMeteo]:
    with serve(FakeOpenMeteo()) as fake:
        yield fake


TODAY = dt.date(2026, 11, 24)
# 6:55 in Paris, a Tuesday: just before the Zertys' 7:00 briefing.
NOW = dt.datetime(2026, 11, 24, 5, 55, tzinfo=dt.UTC)


@pytest.fixture
def zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    return seed_zerty(session=session, today=TODAY)


PARIS_ZONE = ZoneInfo("Europe/Paris")

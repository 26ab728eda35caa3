"""Briefing fixtures: the fake Open-Meteo server and the seeded Zerty household."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from tests import clock
from tests.assistant.briefing.fake_open_meteo import FakeOpenMeteo, serve
from tests.clock import local, on_weekday


@pytest.fixture
def open_meteo() -> Iterator[FakeOpenMeteo]:
    with serve(FakeOpenMeteo()) as fake:
        yield fake


# 6:55 in Paris, a Tuesday (the first from the suite's day): just before the Zertys' 7:00
# briefing.
TODAY = on_weekday(clock.TODAY, 1)
NOW = local(TODAY, "06:55")


@pytest.fixture
def zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    return seed_zerty(session=session, today=TODAY)


PARIS_ZONE = ZoneInfo("Europe/Paris")

"""The seeded demo world (catalog, Zerty household, French recipes) for the recipe tests."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from tests import clock
from tests.clock import on_weekday

TODAY = on_weekday(clock.TODAY, 1)  # a Tuesday, the first from the suite's day


@pytest.fixture
def zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    household = seed_zerty(session=session, today=TODAY)
    seed_demo_recipes(session=session)
    return household

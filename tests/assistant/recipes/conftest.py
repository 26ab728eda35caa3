"""The seeded demo world (catalog, Zerty household, French recipes) for the recipe tests."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    household = seed_zerty(session=session, today=TODAY)
    seed_demo_recipes(session=session)
    return household

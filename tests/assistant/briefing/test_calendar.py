"""School days and working days: the briefing's trips follow them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from assistant.briefing.calendar import is_school_day, is_work_day, public_holidays
from assistant.briefing.commute import StaticTraffic
from assistant.briefing.service import briefing_for
from assistant.customers.models import Household
from tests.assistant.briefing.conftest import TODAY
from tests.clock import local, on_weekday


@pytest.mark.parametrize(
    ("day", "work", "school"),
    [
        ("2026-12-08", True, True),  # a Tuesday in term
        ("2026-12-13", False, False),  # a Sunday
        ("2026-12-12", False, False),  # a Saturday
        ("2026-12-21", True, False),  # the Christmas holidays (zone C)
        ("2027-01-01", False, False),  # New Year's Day
        ("2027-01-04", True, True),  # back to school
        ("2026-05-14", False, False),  # Ascension Thursday 2026 (Easter 5 April)
        ("2035-06-18", True, True),  # beyond the calendar: a weekday is a school day
    ],
)
def test_school_and_working_days(day: str, work: bool, school: bool) -> None:
    date = dt.date.fromisoformat(day)
    assert (is_work_day(date), is_school_day(date)) == (work, school)


def test_easter_monday_and_whit_monday() -> None:
    assert {dt.date(2027, 3, 29), dt.date(2027, 5, 17)} <= public_holidays(2027)


@pytest.mark.parametrize(
    ("weekday", "kinds"),
    [(1, {"school", "work"}), (6, set())],  # a Tuesday, a Sunday
)
def test_no_trip_to_school_or_work_on_a_sunday(
    session: Session, zerty: Household, weekday: int, kinds: set[str]
) -> None:
    day = on_weekday(TODAY, weekday)
    if weekday == 1:
        # The first Tuesday with school from the suite's day (no holidays, no public holiday).
        while not is_school_day(day):
            day += dt.timedelta(days=7)
    briefing = briefing_for(session=session, household=zerty, now=local(day, "06:55"),
                            lang="fr", weather=None, traffic=StaticTraffic())  # fmt: skip
    assert {commute.kind for commute in briefing.commutes} == kinds
    assert ("pour l'école" in briefing.text) is ("school" in kinds)

"""Commute estimates by time of day, and incidents from the traffic feed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from assistant.briefing.commute import Incident, estimate, parse_incidents, travel_minutes

PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 24)
HOME = (48.8344, 2.3262)
SCHOOL = (48.8318, 2.3300)
LA_DEFENSE = (48.8918, 2.2380)


def test_rush_hour_is_slower_than_the_night() -> None:
    _, rush = travel_minutes(9_000, "car", 8)
    _, night = travel_minutes(9_000, "car", 3)
    assert rush > night


def test_a_near_school_is_walked_and_work_far_away_is_driven() -> None:
    school = estimate(kind="school", label="École", origin=HOME, destination=SCHOOL, day=DAY,
                      zone=PARIS, incidents=[])  # fmt: skip
    work = estimate(kind="work", label="La Défense", origin=HOME, destination=LA_DEFENSE,
                    day=DAY, zone=PARIS, incidents=[])  # fmt: skip
    assert (school.mode, work.mode) == ("walk", "car")
    assert school.leave_at < school.arrive_by == dt.datetime(2026, 11, 24, 8, 30, tzinfo=PARIS)
    assert work.leave_at + dt.timedelta(minutes=work.minutes) <= work.arrive_by
    assert work.leave_at.minute % 5 == 0


@pytest.mark.parametrize(
    ("incident", "delayed"),
    [
        (Incident(48.862, 2.28, 800, 20, "accident quai de Grenelle"), True),  # on the way
        (Incident(48.90, 2.45, 800, 20, "bouchon à Pantin"), False),  # elsewhere
        (Incident(48.862, 2.28, 800, 20, "travaux de nuit",
                  starts_at=dt.datetime(2026, 11, 24, 22, tzinfo=dt.UTC)), False),  # later
    ],
)  # fmt: skip
def test_an_incident_on_the_route_lengthens_it(incident: Incident, delayed: bool) -> None:
    plain = estimate(kind="work", label="w", origin=HOME, destination=LA_DEFENSE, day=DAY,
                     zone=PARIS, incidents=[])  # fmt: skip
    with_incident = estimate(kind="work", label="w", origin=HOME, destination=LA_DEFENSE,
                             day=DAY, zone=PARIS, incidents=[incident])  # fmt: skip
    assert (with_incident.minutes - plain.minutes == 20) is delayed
    assert (with_incident.leave_at < plain.leave_at) is delayed


def test_the_feed_parser_skips_malformed_entries() -> None:
    body = {"incidents": [{"lat": 48.8, "lon": 2.3, "delay_minutes": 10, "description": "x"},
                          {"lat": "north"}]}  # fmt: skip
    [incident] = parse_incidents(body)
    assert incident.radius_m == 500 and incident.delay_minutes == 10

"""Slot values in actions are read by the NLU's one value parser (`nlu.values`)."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.base import parse_date, parse_time
from tests.actions.conftest import TODAY
from tests.clock import on_weekday

SATURDAY = on_weekday(TODAY, 5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-12", dt.date(2026, 12, 12)),
        ("12/12", dt.date(TODAY.year, 12, 12)),
        ("demain", TODAY + dt.timedelta(days=1)),
        ("pour samedi svp", SATURDAY),
        ("saturday", SATURDAY),
        ("ce soir", TODAY),
        ("après-demain", TODAY + dt.timedelta(days=2)),
        ("n'importe quand", None),
        ("31/02", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value, TODAY) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("18:30", dt.time(18, 30)),
        ("18", dt.time(18, 0)),
        ("vers 18h30 stp", dt.time(18, 30)),
        ("6pm", dt.time(18, 0)),
        ("midi", dt.time(12, 0)),
        ("bof", None),
        ("25", None),
        (None, None),
    ],
)
def test_parse_time(value: str | None, expected: dt.time | None) -> None:
    assert parse_time(value) == expected

"""Which days have school and work: the briefing names the trip to school on school days
only, and the trip to work on working days (a Sunday briefing once said "leave at 8:15 for
school").

Public holidays are France's (fixed dates, and Easter's moveable feasts from python-dateutil's
Easter date); school holidays come from the national calendar (data/school_holidays.yml).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from dateutil.easter import easter

DATA = Path(__file__).resolve().parent / "data" / "school_holidays.yml"
# 1 Jan, 1 May, 8 May, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
# Easter Monday, Ascension Thursday, Whit Monday: days after Easter Sunday.
EASTER_OFFSETS = (1, 39, 50)
SATURDAY = 5


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[dt.date]:
    sunday = easter(year)
    return frozenset(
        [dt.date(year, month, day) for month, day in FIXED_HOLIDAYS]
        + [sunday + dt.timedelta(days=offset) for offset in EASTER_OFFSETS]
    )


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    until: dt.date  # excluded: classes resume that day


@lru_cache(maxsize=1)
def _school_holidays() -> tuple[Period, ...]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(Period(p["name"], p["from"], p["until"]) for p in data["periods"])


def is_work_day(day: dt.date) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def school_holiday(day: dt.date) -> str | None:
    """The name of the school holiday `day` falls in, if the calendar knows it."""
    return next((p.name for p in _school_holidays() if p.start <= day < p.until), None)


def is_school_day(day: dt.date) -> bool:
    return is_work_day(day) and school_holiday(day) is None

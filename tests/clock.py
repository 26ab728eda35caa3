"""The suite's "now": one instant per run, injected wherever a test needs the time.

Nothing in the suite reads the calendar. `NOW` is a fixed instant (a Tuesday morning in
Paris) unless `CARCHAN_TEST_NOW` moves it, and every date a test builds is computed from it
(`TODAY`, `on_weekday`, `local`), so the same tests hold on any day: `make test-dates` runs
the date-sensitive ones at a Monday in the past, a Sunday, 29 February, New Year's Eve late in
the evening, just after midnight on New Year's Day (still the old year in UTC) and years
ahead.

`CARCHAN_TEST_NOW` takes an ISO datetime with its offset ("2028-02-29T09:30+01:00") or a
date ("2028-02-29", meaning 09:30 in Paris that day).

Live servers get the same clock through `CLOCK_FILE` (`write_test_clock`): "now" there is
`NOW` plus the real time elapsed since the file was written.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.clock import write_clock

PARIS = ZoneInfo("Europe/Paris")
ENV = "CARCHAN_TEST_NOW"
DEFAULT = dt.datetime(2026, 12, 8, 9, 30, tzinfo=PARIS)  # a Tuesday


def _parse(raw: str) -> dt.datetime:
    try:
        if len(raw) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(raw), dt.time(9, 30), PARIS)
        instant = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise SystemExit(f"{ENV}={raw!r}: expected YYYY-MM-DD or an ISO datetime") from exc
    if instant.tzinfo is None:
        raise SystemExit(f"{ENV}={raw!r}: give the offset (e.g. +01:00)")
    return instant


def injected_now() -> dt.datetime:
    raw = os.environ.get(ENV, "").strip()
    return (_parse(raw) if raw else DEFAULT).astimezone(dt.UTC)


NOW: dt.datetime = injected_now()
# The day it is in Paris (the demo world's zone) at NOW.
TODAY: dt.date = NOW.astimezone(PARIS).date()


def local(day: dt.date, hhmm: str, zone: ZoneInfo = PARIS) -> dt.datetime:
    """`day` at `hhmm` on the wall clock of `zone`, as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), zone).astimezone(dt.UTC)


def on_weekday(day: dt.date, weekday: int, *, strictly_after: bool = False) -> dt.date:
    """The first `weekday` (0 = Monday) on or after `day` (after it with `strictly_after`)."""
    ahead = (weekday - day.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return day + dt.timedelta(days=ahead)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February becomes the 28th in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def write_test_clock(path: Path, at: dt.datetime = NOW) -> Path:
    """A `CLOCK_FILE` at `at` for servers started by a test."""
    write_clock(path, at)
    return path

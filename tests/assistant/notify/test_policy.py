"""Quiet hours and local days, in the household's timezone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from assistant.notify.policy import end_of_quiet_hours, local_day_bounds, parse_hhmm

PARIS = ZoneInfo("Europe/Paris")
START, END = parse_hhmm("21:30"), parse_hhmm("07:00")


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS).astimezone(dt.UTC)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (paris(2026, 11, 24, 10, 0), paris(2026, 11, 24, 10, 0)),  # daytime: now
        (paris(2026, 11, 24, 21, 29), paris(2026, 11, 24, 21, 29)),
        (paris(2026, 11, 24, 21, 30), paris(2026, 11, 25, 7, 0)),  # evening: next morning
        (paris(2026, 11, 24, 23, 59), paris(2026, 11, 25, 7, 0)),
        (paris(2026, 11, 25, 3, 0), paris(2026, 11, 25, 7, 0)),  # after midnight: same day
        (paris(2026, 11, 25, 7, 0), paris(2026, 11, 25, 7, 0)),
        # The night summer time ends: 07:00 local is 06:00 UTC, not 05:00.
        (paris(2026, 10, 24, 23, 0), dt.datetime(2026, 10, 25, 6, 0, tzinfo=dt.UTC)),
    ],
)
def test_quiet_hours_end(now: dt.datetime, due: dt.datetime) -> None:
    assert end_of_quiet_hours(now, tz=PARIS, start=START, end=END) == due


def test_quiet_hours_in_another_timezone() -> None:
    # 22:00 in Paris is 16:00 in New York: not quiet there.
    now = paris(2026, 11, 24, 22, 0)
    assert end_of_quiet_hours(now, tz=ZoneInfo("America/New_York"), start=START, end=END) == now


def test_a_window_within_one_day() -> None:
    start, end = parse_hhmm("12:00"), parse_hhmm("14:00")
    assert end_of_quiet_hours(paris(2026, 11, 24, 13, 0), tz=PARIS, start=start, end=end) == (
        paris(2026, 11, 24, 14, 0)
    )


def test_local_day_bounds() -> None:
    start, end = local_day_bounds(paris(2026, 11, 25, 0, 30), PARIS)
    assert (start, end) == (paris(2026, 11, 25, 0, 0), paris(2026, 11, 26, 0, 0))

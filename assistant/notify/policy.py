"""Pure delivery rules: quiet hours and local days in the household's timezone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from assistant.clock import DEFAULT_TIMEZONE as DEFAULT_ZONE
from assistant.clock import zone

__all__ = [
    "DEFAULT_ZONE",
    "end_of_quiet_hours",
    "in_quiet_hours",
    "local_day_bounds",
    "parse_hhmm",
    "zone",
]


def parse_hhmm(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def in_quiet_hours(local: dt.time, start: dt.time, end: dt.time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= local < end
    # The window spans midnight (21:30 -> 07:00).
    return local >= start or local < end


def end_of_quiet_hours(
    now: dt.datetime, *, tz: ZoneInfo, start: dt.time, end: dt.time
) -> dt.datetime:
    """`now` itself outside quiet hours, else the (UTC) moment they end, in local time `tz`."""
    local = now.astimezone(tz)
    if not in_quiet_hours(local.time().replace(tzinfo=None), start, end):
        return now
    wall = local.time().replace(tzinfo=None)
    day = local.date() if wall < end else local.date() + dt.timedelta(1)
    # Built from the wall clock so that a DST change overnight still ends at 07:00 local.
    return dt.datetime.combine(day, end, tzinfo=tz).astimezone(dt.UTC)


def local_day_bounds(at: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC bounds [start, end) of the local day containing `at`."""
    day = at.astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(1), dt.time(0), tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

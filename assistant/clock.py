"""The time of the assistant, read at the boundaries only.

A request, a job or a command reads its `Clock` once and passes "now" (an aware UTC
datetime) down to every service; services never read the clock themselves, so the same
code runs on the wall clock, on the demo's simulated clock and on a test's frozen instant.
This module is the one place that reads the system clock (a test checks it).

The household's own time zone turns "now" into its local day: coupons, prices and
bookings are valid on the household's day, not on the UTC date.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Paris"

__all__ = [
    "DEFAULT_TIMEZONE",
    "Clock",
    "FrozenClock",
    "SimulatedClock",
    "StartedClock",
    "SystemClock",
    "local_day",
    "read_clock",
    "system_now",
    "write_clock",
    "zone",
]


class Clock(Protocol):
    """Where a boundary reads "now": aware, in UTC."""

    def now(self) -> dt.datetime: ...


def zone(name: str | None, default: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """The zone of that name; `default` when it is missing or unknown (never an error: stored
    zones are validated at write time, so this only protects older rows)."""
    try:
        return ZoneInfo(name or default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


def local_day(now: dt.datetime, timezone: str | None) -> dt.date:
    """The calendar day it is at `now` for someone living in `timezone`."""
    return now.astimezone(zone(timezone)).date()


def _aware_utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:
        raise ValueError("a clock needs an aware datetime")
    return instant.astimezone(dt.UTC)


class FrozenClock:
    """A clock that says the same instant until it is moved (tests)."""

    def __init__(self, instant: dt.datetime) -> None:
        self._instant = _aware_utc(instant)

    def now(self) -> dt.datetime:
        return self._instant

    def move_to(self, instant: dt.datetime) -> None:
        self._instant = _aware_utc(instant)

    def advance(self, delta: dt.timedelta) -> None:
        self._instant += delta


class StartedClock:
    """A clock started at `instant` that runs at the real pace from then on (live servers in
    tests: timeouts and backoffs elapse, the calendar is the test's)."""

    def __init__(self, instant: dt.datetime) -> None:
        self._instant = _aware_utc(instant)
        self._started = time.monotonic()

    def now(self) -> dt.datetime:
        return self._instant + dt.timedelta(seconds=time.monotonic() - self._started)


class SimulatedClock:
    """The demo's and end-to-end tests' clock, shared by every process of one run.

    The file holds an ISO instant; "now" is that instant plus the real time elapsed since the
    file was written (its mtime), so time flows between two moves of the story and every
    process (API, scheduler, test) agrees on it. The parsed instant is cached by (inode, mtime,
    size): a call costs one `stat`. Writers replace the file atomically (`write_clock`), so each
    move is a new inode: two moves within one tick of the file system's clock, with instants of
    the same length, are still two moves.
    """

    def __init__(self) -> None:
        # ((path, inode, mtime_ns, size), instant, written at): one tuple, replaced whole, so
        # that threads never see a key with another file's instant.
        self._cached: tuple[tuple[str, int, int, int], dt.datetime, float] | None = None

    def now(self, path: Path, real: dt.datetime) -> dt.datetime:
        try:
            stat = path.stat()
        except OSError as exc:
            raise RuntimeError(f"CLOCK_FILE {path} cannot be read: {exc}") from exc
        key = (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)
        cached = self._cached
        if cached is None or cached[0] != key:
            cached = (key, read_clock(path), stat.st_mtime_ns / 1e9)
            self._cached = cached
        _, instant, written = cached
        return instant + dt.timedelta(seconds=max(0.0, real.timestamp() - written))


_SIMULATED: dict[str, SimulatedClock] = {}
_SIMULATED_LOCK = threading.Lock()


def system_now() -> dt.datetime:
    """The wall clock in UTC. Only clocks and record-keeping stamps (`created_at`) read it."""
    return dt.datetime.now(dt.UTC)


class SystemClock:
    """The wall clock, or the simulated clock of a `CLOCK_FILE` (demos, end-to-end tests)."""

    def __init__(self, clock_file: Path | None = None) -> None:
        self.clock_file = clock_file
        self._simulated: SimulatedClock | None = None
        if clock_file is not None:
            with _SIMULATED_LOCK:
                self._simulated = _SIMULATED.setdefault(str(clock_file), SimulatedClock())

    def now(self) -> dt.datetime:
        real = system_now()
        if self._simulated is None or self.clock_file is None:
            return real
        return self._simulated.now(self.clock_file, real)


def read_clock(path: Path) -> dt.datetime:
    """The instant stored in a clock file (aware; naive is refused)."""
    text = path.read_text(encoding="utf-8").strip()
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise RuntimeError(f"CLOCK_FILE {path} holds no ISO instant: {text[:40]!r}") from exc
    if instant.tzinfo is None:
        raise RuntimeError(f"CLOCK_FILE {path} holds a naive instant: {text[:40]!r}")
    return instant.astimezone(dt.UTC)


def write_clock(path: Path, at: dt.datetime) -> None:
    """Move the simulated clock to `at` (aware), atomically for the processes reading it."""
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the clock")
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(at.astimezone(dt.UTC).isoformat(), encoding="utf-8")
    os.replace(temporary, path)

"""The clocks: the wall clock, the simulated clock of demos and end-to-end tests
(`CLOCK_FILE`, refused in production), frozen and started clocks, local days; and the rule
that only `assistant/clock.py` reads the system clock (everything else takes "now")."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from assistant.clock import (
    FrozenClock,
    SimulatedClock,
    StartedClock,
    SystemClock,
    local_day,
    read_clock,
    write_clock,
)
from assistant.config import Settings
from tests.clock import NOW

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "api", "nlu", "actions", "geofences")
# Reading the system clock: the one module allowed to do it is assistant/clock.py.
WALL_CLOCK = re.compile(
    r"\b(?:datetime\.now|datetime\.utcnow|date\.today|datetime\.today|time\.time)\s*\("
)


@pytest.fixture
def clock_file(tmp_path: Path) -> Path:
    path = tmp_path / "clock"
    write_clock(path, NOW)
    return path


def _age(path: Path, seconds: float) -> None:
    """Pretend the file was written `seconds` ago."""
    written = SystemClock().now().timestamp() - seconds
    os.utime(path, (written, written))


def test_without_a_clock_file_the_system_clock_is_the_wall_clock() -> None:
    before = dt.datetime.now(dt.UTC)
    now = SystemClock().now()
    assert before <= now <= dt.datetime.now(dt.UTC)
    assert Settings(assistant_env="test").clock().clock_file is None


def test_now_is_the_stored_instant_plus_the_time_since_it_was_written(clock_file: Path) -> None:
    _age(clock_file, 90)
    now = SystemClock(clock_file).now()
    assert NOW + dt.timedelta(seconds=89) <= now <= NOW + dt.timedelta(seconds=120)
    assert now.tzinfo is not None


def test_settings_give_the_simulated_clock(clock_file: Path) -> None:
    settings = Settings(assistant_env="test", clock_file=clock_file)
    assert NOW <= settings.clock().now() < NOW + dt.timedelta(minutes=1)


def test_moving_the_clock_is_seen_at_once(clock_file: Path) -> None:
    clock = SystemClock(clock_file)
    later = NOW + dt.timedelta(days=1, hours=3)
    write_clock(clock_file, later)
    assert later <= clock.now() < later + dt.timedelta(minutes=1)
    assert read_clock(clock_file) == later


def test_the_instant_is_read_again_only_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    write_clock(path, NOW)
    clock = SimulatedClock()
    real = dt.datetime.now(dt.UTC)
    first = clock.now(path, real)
    stat = path.stat()
    # Same mtime and size, other content: the cache answers (one stat per call, no parse).
    path.write_text((NOW + dt.timedelta(hours=3)).isoformat(), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert clock.now(path, real) == first
    write_clock(path, NOW + dt.timedelta(hours=3))
    assert clock.now(path, dt.datetime.now(dt.UTC)) >= NOW + dt.timedelta(hours=3)


def test_two_moves_within_one_tick_of_the_file_clock_are_two_moves(tmp_path: Path) -> None:
    """A test moving the story by a minute twice in a row: same length, and a file system
    whose clock may not tick in between (the same mtime). The second move is still seen."""
    path = tmp_path / "clock"
    clock = SimulatedClock()
    write_clock(path, NOW)
    stat = path.stat()
    assert clock.now(path, dt.datetime.now(dt.UTC)) < NOW + dt.timedelta(minutes=1)
    write_clock(path, NOW + dt.timedelta(minutes=4))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert clock.now(path, dt.datetime.now(dt.UTC)) >= NOW + dt.timedelta(minutes=4)


@pytest.mark.parametrize(
    ("content", "message"),
    [("2026-11-27T06:00:00", "naive"), ("vendredi", "no ISO instant"), ("", "no ISO instant")],
)
def test_a_bad_clock_file_is_an_error_not_the_wall_clock(
    clock_file: Path, content: str, message: str
) -> None:
    clock_file.write_text(content, encoding="utf-8")
    with pytest.raises(RuntimeError, match=message):
        SystemClock(clock_file).now()


def test_a_missing_clock_file_is_an_error(clock_file: Path) -> None:
    clock_file.unlink()
    with pytest.raises(RuntimeError, match="cannot be read"):
        SystemClock(clock_file).now()


def test_write_clock_refuses_a_naive_instant(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="naive"):
        write_clock(tmp_path / "clock", dt.datetime(2026, 11, 27, 7, 0))


def test_a_frozen_clock_stays_until_moved() -> None:
    clock = FrozenClock(NOW)
    assert clock.now() == NOW == clock.now()
    clock.advance(dt.timedelta(minutes=5))
    assert clock.now() == NOW + dt.timedelta(minutes=5)
    clock.move_to(NOW - dt.timedelta(days=1))
    assert clock.now() == NOW - dt.timedelta(days=1)
    with pytest.raises(ValueError):
        FrozenClock(dt.datetime(2026, 1, 1))


def test_a_started_clock_runs_from_its_instant() -> None:
    clock = StartedClock(NOW)
    first, second = clock.now(), clock.now()
    assert NOW <= first <= second < NOW + dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("instant", "zone", "day"),
    [
        # 23:30 UTC on New Year's Eve is already New Year's Day in Paris...
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "Europe/Paris", dt.date(2027, 1, 1)),
        # ... and still the 31st in New York.
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "America/New_York",
         dt.date(2026, 12, 31)),
        (dt.datetime(2028, 2, 28, 23, 30, tzinfo=dt.UTC), "Europe/Paris", dt.date(2028, 2, 29)),
        # An unknown zone falls back to the default one rather than failing.
        (dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC), "Mars/Olympus", dt.date(2026, 7, 1)),
    ],
)  # fmt: skip
def test_the_local_day_is_the_households_not_the_utc_date(
    instant: dt.datetime, zone: str, day: dt.date
) -> None:
    assert local_day(instant, zone) == day


@pytest.mark.parametrize(("env", "allowed"), [("dev", True), ("test", True), ("production", False)])
def test_the_simulated_clock_is_refused_in_production(
    tmp_path: Path, env: str, allowed: bool
) -> None:
    secret = SecretStr("a-production-secret-of-at-least-32-characters")
    values = {"assistant_env": env, "secret_key": secret, "clock_file": tmp_path / "clock"}
    if allowed:
        assert Settings.model_validate(values).clock_file == tmp_path / "clock"
    else:
        with pytest.raises(ValidationError, match="CLOCK_FILE"):
            Settings.model_validate(values)


def test_tokens_live_on_the_application_clock() -> None:
    """A token issued on the demo's clock, days from the wall clock, is valid on that clock
    (PyJWT's wall clock would call it "not yet valid"), and expires on it."""
    from assistant.auth.service import decode_customer_token, issue_customer_token
    from assistant.customers.models import Household
    from assistant.errors import Unauthorized

    settings = Settings(assistant_env="test")
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    household = Household(id=7, name="Zerty", token_version=2)
    token = issue_customer_token(settings=settings, household=household,
                                 ttl=dt.timedelta(hours=1), now=ahead)  # fmt: skip
    identity = decode_customer_token(settings=settings, token=token, now=ahead)
    assert (identity.household_id, identity.token_version) == (7, 2)
    with pytest.raises(Unauthorized) as caught:
        decode_customer_token(settings=settings, token=token, now=ahead + dt.timedelta(hours=2))
    assert caught.value.code == "token_expired"


def _sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if path != ROOT / "assistant" / "clock.py"
    )


def test_only_the_clock_module_reads_the_system_clock() -> None:
    """Services take "now" from their boundary (request, job, command) through a `Clock`;
    a wall-clock read anywhere else is how tests come to depend on the calendar."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WALL_CLOCK.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []


def test_the_scan_sees_the_packages() -> None:
    names = {path.relative_to(ROOT).parts[0] for path in _sources()}
    assert names == set(PACKAGES)

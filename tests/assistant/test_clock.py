"""The simulated clock of demos and end-to-end tests (`CLOCK_FILE`), and its refusal in
production."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from assistant.config import Settings, get_settings
from assistant.db import SimulatedClock, read_clock, utcnow, write_clock

STORY = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "clock"
    write_clock(path, STORY)
    monkeypatch.setenv("CLOCK_FILE", str(path))
    monkeypatch.setenv("ASSISTANT_ENV", "test")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def _age(path: Path, seconds: float) -> None:
    """Pretend the file was written `seconds` ago."""
    written = dt.datetime.now(dt.UTC).timestamp() - seconds
    os.utime(path, (written, written))


def test_without_a_clock_file_now_is_the_wall_clock() -> None:
    before = dt.datetime.now(dt.UTC)
    now = utcnow()
    assert get_settings().clock_file is None
    assert before <= now <= dt.datetime.now(dt.UTC)


def test_now_is_the_stored_instant_plus_the_time_since_it_was_written(clock_file: Path) -> None:
    _age(clock_file, 90)
    now = utcnow()
    assert STORY + dt.timedelta(seconds=89) <= now <= STORY + dt.timedelta(seconds=120)
    assert now.tzinfo is not None


def test_moving_the_clock_is_seen_at_once(clock_file: Path) -> None:
    later = STORY + dt.timedelta(days=1, hours=3)
    write_clock(clock_file, later)
    assert later <= utcnow() < later + dt.timedelta(minutes=1)
    assert read_clock(clock_file) == later


def test_the_instant_is_read_again_only_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    write_clock(path, STORY)
    clock = SimulatedClock()
    real = dt.datetime.now(dt.UTC)
    first = clock.now(path, real)
    stat = path.stat()
    # Same mtime and size, other content: the cache answers (one stat per call, no parse).
    path.write_text(STORY.replace(hour=9).isoformat(), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert clock.now(path, real) == first
    write_clock(path, STORY.replace(hour=9))
    assert clock.now(path, dt.datetime.now(dt.UTC)) >= STORY.replace(hour=9)


@pytest.mark.parametrize(
    ("content", "message"),
    [("2026-11-27T06:00:00", "naive"), ("vendredi", "no ISO instant"), ("", "no ISO instant")],
)
def test_a_bad_clock_file_is_an_error_not_the_wall_clock(
    clock_file: Path, content: str, message: str
) -> None:
    clock_file.write_text(content, encoding="utf-8")
    with pytest.raises(RuntimeError, match=message):
        utcnow()


def test_a_missing_clock_file_is_an_error(clock_file: Path) -> None:
    clock_file.unlink()
    with pytest.raises(RuntimeError, match="cannot be read"):
        utcnow()


def test_write_clock_refuses_a_naive_instant(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="naive"):
        write_clock(tmp_path / "clock", dt.datetime(2026, 11, 27, 7, 0))


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


def test_tokens_live_on_the_application_clock(clock_file: Path) -> None:
    """A token issued days ahead on the demo's clock is valid on that clock (PyJWT's wall
    clock would call it "not yet valid"), and expires on it."""
    from assistant.auth.service import decode_customer_token, issue_customer_token
    from assistant.customers.models import Household
    from assistant.errors import Unauthorized

    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    write_clock(clock_file, ahead)
    settings = get_settings()
    household = Household(id=7, name="Zerty", token_version=2)
    token = issue_customer_token(settings=settings, household=household,
                                 ttl=dt.timedelta(hours=1))  # fmt: skip
    identity = decode_customer_token(settings=settings, token=token)
    assert (identity.household_id, identity.token_version) == (7, 2)
    write_clock(clock_file, ahead + dt.timedelta(hours=2))
    with pytest.raises(Unauthorized) as caught:
        decode_customer_token(settings=settings, token=token)
    assert caught.value.code == "token_expired"

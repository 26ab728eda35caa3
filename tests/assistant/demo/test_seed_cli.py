"""`assistant demo seed` end to end on a temporary SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from assistant import db
from assistant.cli import app
from assistant.config import get_settings

runner = CliRunner()
ARGS = ["demo", "seed", "--households", "5", "--today", "2025-01-15", "--seed", "3"]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ASSISTANT_ENV", "test")
    monkeypatch.setattr(db, "_engines", {})
    get_settings.cache_clear()
    yield url
    for engine in db._engines.values():
        engine.dispose()
    get_settings.cache_clear()


def _count(url: str, query: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        value = int(connection.execute(sa.text(query)).scalar_one())
    engine.dispose()
    return value


def test_seed_twice_then_reset(database: str) -> None:
    first = runner.invoke(app, ARGS)
    assert first.exit_code == 0, first.output
    assert "Zerty's token and a till key: `assistant demo welcome`" in first.output
    receipts = _count(database, "SELECT count(*) FROM receipts")

    second = runner.invoke(app, ARGS)
    assert second.exit_code == 0, second.output
    assert _count(database, "SELECT count(*) FROM households") == 6
    assert _count(database, "SELECT count(*) FROM stores") > 0
    assert _count(database, "SELECT count(*) FROM receipts") == receipts

    reset = runner.invoke(app, [*ARGS, "--reset"])
    assert reset.exit_code == 0, reset.output
    assert _count(database, "SELECT count(*) FROM households WHERE source = 'synthetic'") == 5
    assert _count(database, "SELECT count(*) FROM receipts") == receipts
    for _ in range(3):
        welcome = runner.invoke(app, ["demo", "welcome"])
        assert "demo POS API key (receipts:write): ck_" in welcome.output
    assert _count(database, "SELECT count(*) FROM api_keys") == 3
    # Only the key printed last still works: re-runs do not pile up live keys.
    assert _count(database, "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL") == 1


@pytest.mark.parametrize(
    "bad",
    [["--households", "-3"], ["--today", "2025-13-01"], ["--today", "tomorrow"]],
)
def test_bad_arguments_exit_with_2(database: str, bad: list[str]) -> None:
    result = runner.invoke(app, ["demo", "seed", *bad])
    assert result.exit_code == 2
    assert not Path(database.removeprefix("sqlite:///")).exists()


def test_welcome_prints_the_app_and_zerty_s_token_last(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("API_PORT", "8041")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    get_settings.cache_clear()
    assert runner.invoke(app, ["demo", "welcome"]).exit_code == 1  # nothing seeded yet
    assert runner.invoke(app, ARGS).exit_code == 0
    result = runner.invoke(app, ["demo", "welcome"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("http://127.0.0.1:8041/app/")
    assert lines[1].endswith("http://127.0.0.1:8041/docs")
    assert lines[2].startswith("Zerty customer token: ey")


def test_the_zerty_replay_never_writes_into_the_app_s_database(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.demo import cli as demo_cli
    from assistant.demo.scenario import run as scenario

    replay_db = tmp_path / "replay.db"
    monkeypatch.setattr(demo_cli, "DEMO_REPLAY_DB", replay_db)
    played: list[str] = []

    def record(*, engine: sa.Engine, settings: object, **_: object) -> list[object]:
        played.append(str(engine.url))
        return []

    monkeypatch.setattr(scenario, "run_scenario", record)
    monkeypatch.setattr("nlu.engines.build_engine", lambda settings: None)
    result = runner.invoke(app, ["demo", "zerty", "--instant", "--today", "2025-01-15"])
    assert result.exit_code == 0, result.output
    assert played == [f"sqlite:///{replay_db}"]
    assert not Path(database.removeprefix("sqlite:///")).exists()

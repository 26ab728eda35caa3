from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from assistant.cli import app
from assistant.customers.models import Household
from assistant.db import make_engine, migrate
from assistant.demo import import_cli
from assistant.recipes.models import Recipe

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def cli_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated scratch SQLite file: the commands commit for real."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate(url)
    engine = make_engine(url)
    monkeypatch.setattr(import_cli, "_engine", lambda: engine)
    yield engine
    engine.dispose()


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_unknown_format_exits_2_and_writes_nothing(cli_engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "people.json"
    bad.write_text('{"@context": "https://schema.org", "@type": "Person", "name": "X"}')
    result = CliRunner().invoke(app, ["import", "recipes", str(bad)])
    assert result.exit_code == 2
    assert "neither a Wikibooks recipe JSON nor schema.org Recipe JSON-LD" in result.output
    assert _count(cli_engine, Recipe) == 0


def test_recipes_command_reports_counts(cli_engine: Engine) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["import", "recipes", str(FIXTURES / "graph.json")])
    assert first.exit_code == 0, first.output
    assert "1 inserted, 0 updated, 1 skipped" in first.output
    assert "no title" in first.output
    second = runner.invoke(app, ["import", "recipes", str(FIXTURES / "graph.json")])
    assert "0 inserted, 0 updated, 2 skipped" in second.output
    assert _count(cli_engine, Recipe) == 1


def test_missing_path_is_a_usage_error(cli_engine: Engine, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", "recipes", str(tmp_path / "nope.json")])
    assert result.exit_code == 2


def test_completejourney_command_with_limit(cli_engine: Engine) -> None:
    result = CliRunner().invoke(app, ["import", "completejourney", "--limit-households", "2"])
    assert result.exit_code == 0, result.output
    assert "receipt_lines" in result.output and "elapsed" in result.output
    assert _count(cli_engine, Household) == 2

"""The `assistant` command line: schema, tokens and API keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.auth.service import decode_customer_token
from assistant.cli import app
from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.db import get_engine, session_scope
from tests.clock import NOW

runner = CliRunner()


def test_db_upgrade_then_current(cli_database_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["db", "current"])
    "0010"


def test_db_current_on_an_empty_database(cli_database_url: str) -> None:
    assert runner.invoke(app, ["db", "current"]).output.strip() == "empty"


def test_auth_token_for_a_slug(cli_database_url: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    with session_scope(get_engine()) as session:
        household = Household(name="Famille Zerty", slug="zerty")
        session.add(household)
        session.flush()
        household_id = household.id
    result = runner.invoke(app, ["auth", "token", "zerty"])
    assert result.exit_code == 0, result.output
    identity = decode_customer_token(settings=get_settings(), token=result.output.strip(), now=NOW)
    assert identity.household_id == household_id


@pytest.mark.parametrize("who", ["nobody", "999"])
def test_auth_token_for_an_unknown_household(cli_database_url: str, who: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["auth", "token", who])
    assert result.exit_code == 2
    assert "no household" in result.output


def test_apikey_lifecycle(cli_database_url: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    created = runner.invoke(
        app, ["apikey", "create", "--name", "pos-1", "--scope", "receipts:write"]
    )
    assert created.exit_code == 0, created.output
    match = re.fullmatch(r"ck_([0-9a-f]{12})_\S+", created.output.strip())
    assert match is not None
    listed = runner.invoke(app, ["apikey", "list"])
    assert "pos-1" in listed.output and match.group(1) in listed.output
    assert runner.invoke(app, ["apikey", "revoke", match.group(1)]).exit_code == 0
    assert runner.invoke(app, ["apikey", "revoke", "000000000000"]).exit_code == 2


def test_apikey_with_an_unknown_scope(cli_database_url: str) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["apikey", "create", "--name", "x", "--scope", "root"])
    assert result.exit_code == 2
    assert "unknown scopes" in result.output


def test_db_upgrade_creates_missing_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_database_url: str
) -> None:
    # A fresh clone has no var/ folder: `make run` must still create the database.
    target = tmp_path / "var" / "nested" / "assistant.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    get_settings.cache_clear()
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_serve_on_another_port_links_to_that_port(monkeypatch: pytest.MonkeyPatch) -> None:
    # The links sent to customers (booking, calendar, unsubscribe) follow `--port`.
    for name in ("PUBLIC_BASE_URL", "API_HOST", "API_PORT"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    served: dict[str, object] = {}

    def fake_serve(settings: object, *, host: str, port: int) -> None:
        served.update(host=host, port=port, base=get_settings().base_url)

    monkeypatch.setattr("api.server.serve", fake_serve)
    try:
        result = runner.invoke(app, ["serve", "--port", "8041"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert served == {"host": "127.0.0.1", "port": 8041, "base": "http://127.0.0.1:8041"}

"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

Each backend gets a database of its own for the session, built by the real Alembic
migrations; each test runs inside a transaction that is rolled back (services and
the code under test may `commit`: those become savepoints).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.deps import get_session
from api.main import create_app
from assistant import db as db_module
from assistant.clock import FrozenClock
from assistant.config import Settings, get_settings
from assistant.db import make_engine, migrate
from tests.clock import NOW, TODAY, write_test_clock
from tests.live import BACKENDS

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

# Servers started by the tests (in threads and subprocesses alike) read their settings from
# the environment: a loaded 2-core machine may take seconds to read a socket's first frame,
# and no test is about the production deadline of 10 s (one sets its own, short one).
os.environ.setdefault("WS_AUTH_TIMEOUT_SECONDS", "120")


def _postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    if not _postgres_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable at {POSTGRES_ADMIN_URL}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}")
    name = f"assistant_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("db") / "assistant.db"
    return f"sqlite:///{path}"


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    migrate(database_url)
    engine = make_engine(database_url, sqlite_explicit_begin=True)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def backend(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture
def now() -> dt.datetime:
    """The test's instant (`tests.clock.NOW`): what every service gets as "now"."""
    return NOW


@pytest.fixture
def today() -> dt.date:
    """The day it is in Paris at `now`."""
    return TODAY


@pytest.fixture
def clock() -> FrozenClock:
    """The app's clock in tests: frozen at `now` until a test moves it."""
    return FrozenClock(NOW)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        assistant_env="test",
        database_url=database_url,
        secret_key=SecretStr("test-secret-key-0123456789abcdefghijklmnop"),
        # Speaker requests in tests are unsigned, except in the tests of that check
        # (tests/api/channels/test_alexa_auth.py), which turn it on with a test CA.
        alexa_verify_requests=False,
    )


@pytest.fixture
def app(settings: Settings, session: Session, clock: FrozenClock) -> FastAPI:
    """The real app, whose request sessions are the test's (rolled back afterwards) and whose
    requests read `clock`."""
    app = create_app(settings, clock=clock)

    def test_session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    app.dependency_overrides[get_session] = test_session
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def cli_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Points the CLI (which reads Settings from the environment) at a fresh SQLite file, on
    the suite's clock (`CLOCK_FILE` at `NOW`)."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ASSISTANT_ENV", "test")
    monkeypatch.setenv("CLOCK_FILE", str(write_test_clock(tmp_path / "clock")))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    engine = db_module._engines.pop(url, None)
    if engine is not None:
        engine.dispose()

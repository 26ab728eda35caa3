"""Channel fixtures: the app with a fake NLU and a fake dialogue, and a live uvicorn server.

The live server runs in a thread on 127.0.0.1 against a database file (or PostgreSQL
database) of its own, migrated and committed to for real: the server's threads cannot share
the rolled-back transaction of the `session` fixture.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.channels.deps import get_dialogue, get_session_factory
from api.channels.hub import Hub, hub_for
from api.deps import get_nlu
from api.main import create_app
from assistant.config import Settings
from assistant.db import make_engine, migrate
from tests.api.channels.fakes import FakeDialogue, FakeNLU
from tests.conftest import POSTGRES_ADMIN_URL

T = TypeVar("T")


@pytest.fixture
def fake_dialogue() -> FakeDialogue:
    return FakeDialogue()


@pytest.fixture
def channel_app(app: FastAPI, session: Session, fake_dialogue: FakeDialogue) -> FastAPI:
    """The conftest app (request sessions are the test's) with fakes behind the channels."""

    @contextmanager
    def test_unit_of_work() -> Iterator[Session]:
        yield session
        session.flush()

    app.state.nlu = FakeNLU()
    app.dependency_overrides[get_nlu] = FakeNLU
    app.dependency_overrides[get_dialogue] = lambda: fake_dialogue
    app.dependency_overrides[get_session_factory] = lambda: test_unit_of_work
    return app


@pytest.fixture
def channel_client(channel_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(channel_app, raise_server_exceptions=False) as client:
        yield client


def _postgres_database() -> Iterator[str]:
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = f"assistant_ws_{uuid.uuid4().hex[:10]}"
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}")
    url = sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@dataclass
class LiveServer:
    app: FastAPI
    settings: Settings
    engine: Engine
    dialogue: FakeDialogue
    loop: asyncio.AbstractEventLoop
    port: int

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/chat"

    @property
    def hub(self) -> Hub:
        return hub_for(self.app.state)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the server's event loop (where the sockets live)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("ws") / "assistant.db"
        databases: Iterator[str] = iter([f"sqlite:///{path}"])
    else:
        databases = _postgres_database()
    url = next(databases)
    migrate(url)
    settings = Settings(
        assistant_env="test",
        database_url=url,
        secret_key=SecretStr("test-secret-key-0123456789abcdefghijklmnop"),
    )
    app = create_app(settings)
    dialogue = FakeDialogue()
    app.state.nlu = FakeNLU()
    app.dependency_overrides[get_dialogue] = lambda: dialogue

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="off", ws_ping_interval=None)
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(server.serve(sockets=[sock]),), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn server did not start within 15 s")
        time.sleep(0.05)
    engine = make_engine(url)
    try:
        yield LiveServer(app, settings, engine, dialogue, loop, port)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        engine.dispose()
        app.state.engine.dispose()
        next(databases, None)

"""Channel fixtures: the app with a fake NLU and a fake dialogue, and a live uvicorn server.

The live server runs in a thread on 127.0.0.1 against a database file (or PostgreSQL
database) of its own, migrated and committed to for real: the server's threads cannot share
the rolled-back transaction of the `session` fixture.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.channels.deps import get_dialogue, get_session_factory
from api.channels.hub import Hub, hub_for
from api.deps import get_nlu
from api.main import create_app
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.db import make_engine, migrate
from tests.api.channels.fakes import FakeDialogue, FakeNLU
from tests.clock import NOW
from tests.live import BACKENDS, scratch_database, serve

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


@pytest.fixture(scope="module", params=BACKENDS)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with scratch_database(request.param, tmp_path_factory.mktemp("ws"), "ws") as url:
        migrate(url)
        settings = Settings(
            assistant_env="test",
            database_url=url,
            secret_key=SecretStr("test-secret-key-0123456789abcdefghijklmnop"),
        )
        app = create_app(settings, clock=StartedClock(NOW))
        dialogue = FakeDialogue()
        app.state.nlu = FakeNLU()
        app.dependency_overrides[get_dialogue] = lambda: dialogue
        engine = make_engine(url)
        try:
            with serve(app) as served:
                yield LiveServer(app, settings, engine, dialogue, served.loop, served.port)
        finally:
            engine.dispose()
            app.state.engine.dispose()

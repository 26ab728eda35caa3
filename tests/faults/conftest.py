"""A PostgreSQL database of its own reached through a fault proxy, and the app served by
uvicorn on that proxied URL: the tests cut the proxy to take the database away from the app
(not from themselves: they check what was stored on a direct connection)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.main import create_app
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.db import make_engine, migrate
from tests.clock import NOW
from tests.faults.proxy import FaultProxy, fault_proxy
from tests.live import scratch_database, serve

SECRET = SecretStr("test-secret-key-0123456789abcdefghijklmnop")


def proxied(url: str, proxy: FaultProxy) -> str:
    return (
        sa.engine.make_url(url)
        .set(host="127.0.0.1", port=proxy.port)
        .render_as_string(hide_password=False)
    )


@dataclass
class AwayServer:
    base: str
    settings: Settings  # the app's: its URL goes through the proxy
    direct: Engine  # the test's own view of the database, never cut
    proxy: FaultProxy

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with Session(self.direct, expire_on_commit=False) as session:
            yield session
            session.commit()

    @contextmanager
    def outage(self) -> Iterator[None]:
        """The database is away for the duration of the block."""
        self.proxy.cut()
        try:
            yield
        finally:
            self.proxy.restore()


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with scratch_database("postgresql", tmp_path_factory.mktemp("faults"), "faults") as url:
        migrate(url)
        yield url


@pytest.fixture(scope="module")
def away(postgres_url: str) -> Iterator[AwayServer]:
    upstream = sa.engine.make_url(postgres_url)
    with fault_proxy(upstream.host or "127.0.0.1", upstream.port or 5432) as proxy:
        settings = Settings(
            assistant_env="test", database_url=proxied(postgres_url, proxy), secret_key=SECRET
        )
        app = create_app(settings, clock=StartedClock(NOW))
        direct = make_engine(postgres_url)
        try:
            with serve(app) as served:
                yield AwayServer(served.base, settings, direct, proxy)
        finally:
            direct.dispose()
            app.state.engine.dispose()

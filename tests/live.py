"""Real servers and databases of their own for the tests that need committed data and
sockets: a scratch database (SQLite file or a throwaway PostgreSQL database) and the app
served by uvicorn on 127.0.0.1 in a background thread."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
START_TIMEOUT = 30
# The database backends every database test runs on; TEST_BACKENDS=sqlite keeps SQLite only
# (`make test-dates`).
BACKENDS = [
    name.strip()
    for name in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",")
    if name.strip() in ("sqlite", "postgresql")
]


@contextmanager
def scratch_database(kind: str, directory: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database used by nobody else: `directory/<prefix>.db` for
    "sqlite", a PostgreSQL database dropped on exit for "postgresql" (skipped when the
    server is unreachable, failed under CI)."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'{prefix}.db'}"
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"assistant_{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and unreachable at {POSTGRES_ADMIN_URL}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}")
    try:
        yield (
            sa.engine.make_url(POSTGRES_ADMIN_URL)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bound_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass(frozen=True)
class Served:
    base: str  # http://127.0.0.1:<port>
    port: int
    loop: asyncio.AbstractEventLoop  # the server's loop, where its sockets live


@contextmanager
def serve(
    app: Any, *, lifespan: str = "off", sock: socket.socket | None = None,
    log_level: str = "warning",
) -> Iterator[Served]:  # fmt: skip
    """`app` served by uvicorn on a free port of 127.0.0.1 until the block ends (on `sock`
    when the app had to know its address beforehand: `bound_socket()`), with the options of
    `assistant serve` (api/server.py)."""
    from api.server import server_options

    sock = sock or bound_socket()
    port = sock.getsockname()[1]
    options = server_options(app.state.settings) if hasattr(app, "state") else {}
    config = uvicorn.Config(
        app, log_level=log_level, lifespan=lifespan, ws_ping_interval=None, **options
    )
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(server.serve(sockets=[sock]),), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail(f"the uvicorn server did not start within {START_TIMEOUT} s")
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", port, loop)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()

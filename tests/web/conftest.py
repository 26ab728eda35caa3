"""A live server for the app page: uvicorn on 127.0.0.1 with the demo world and the Zertys.

The server runs in a thread with its own event loop and its lifespan on, so the notification
relay runs inside it (`notify_relay_in_api`) and pushes reach the page's socket the way they
do in production. The database is a SQLite file of its own, migrated and committed to for
real: the server's threads cannot share the rolled-back transaction of the `session` fixture.
The NLU engine is the real spaCy one, trained once per test session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.main import create_app
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.db import make_engine, migrate
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from tests.clock import NOW, TODAY
from tests.live import bound_socket, serve
from tests.nlu.engines.trained import trained_model_dir

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (make install puts it there)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (make install does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@dataclass
class WebServer:
    base: str
    settings: Settings
    engine: Engine
    zerty_id: int

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()


def _seed(url: str, today: dt.date) -> int:
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            seed_world(session=session, today=today)
            zerty = seed_zerty(session=session, today=today)
            seed_demo_recipes(session=session)
            session.commit()
            assert zerty.id is not None
            return zerty.id
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    path: Path = tmp_path_factory.mktemp("web") / "assistant.db"
    url = f"sqlite:///{path}"
    migrate(url)
    zerty_id = _seed(url, TODAY)
    sock = bound_socket()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(
        assistant_env="test",
        database_url=url,
        secret_key=SecretStr("test-secret-key-0123456789abcdefghijklmnop"),
        notify_relay_in_api=True,
        public_base_url=base,
        nlu_model_dir=trained_model_dir(),
    )
    app = create_app(settings, clock=StartedClock(NOW))
    engine = make_engine(url)
    try:
        with serve(app, lifespan="on", sock=sock):
            yield WebServer(base=base, settings=settings, engine=engine, zerty_id=zerty_id)
    finally:
        engine.dispose()
        app.state.engine.dispose()

"""Databases that several engines (threads standing for processes, or real processes) share:
committed data, so no rolled-back test transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from assistant.db import make_engine, migrate
from tests.live import BACKENDS, scratch_database


@pytest.fixture(params=BACKENDS)
def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with scratch_database(request.param, tmp_path, "multi") as url:
        migrate(url)
        yield url


@pytest.fixture
def engines(scratch_url: str) -> Iterator[list[Engine]]:
    """Two engines on one database: two processes' connection pools."""
    pair = [make_engine(scratch_url) for _ in range(2)]
    yield pair
    for engine in pair:
        engine.dispose()

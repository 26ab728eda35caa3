"""The load generator against a real uvicorn server: a few conversations for two seconds
(SQLite, one process; PostgreSQL, two workers), and its refusal of any target but
127.0.0.1. No timing is asserted: the figures belong to `benchmarks.bench_load`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from assistant.config import Settings
from benchmarks.load.clients import (
    PING_BATCH,
    LoadResult,
    NotLoopback,
    chat_load,
    pings_load,
    receipts_load,
    require_loopback,
    warm_up,
)
from benchmarks.load.servers import Running, ServerConfig, server_env, uvicorn_server
from benchmarks.load.world import LoadWorld, StoreSpot, seed_load_world
from tests.clock import NOW, write_test_clock
from tests.live import scratch_database
from tests.nlu.engines.trained import trained_model_dir

pytestmark = pytest.mark.slow

CONVERSATIONS = 5
SECONDS = 2.0
SECRET = "load-smoke-secret-0123456789abcdef-0123456789"


@pytest.fixture(scope="module", params=[("sqlite", 1), ("postgresql", 2)], ids=["sqlite", "pg"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Running, LoadWorld]]:
    kind, workers = request.param
    directory = tmp_path_factory.mktemp("load")
    with scratch_database(kind, directory, "load") as url:
        settings = Settings(database_url=url, secret_key=SECRET)
        world = seed_load_world(settings=settings, households=CONVERSATIONS, now=NOW)
        config = ServerConfig(kind, url, workers=workers)
        env = server_env(config, secret_key=SECRET, nlu_model_dir=trained_model_dir(),
                         clock_file=write_test_clock(directory / "clock"))  # fmt: skip
        with uvicorn_server(config, env=env) as server:
            asyncio.run(warm_up(server.ws_url, world.tokens[0], connections=2 * workers))
            yield server, world


def _clean(result: LoadResult) -> None:
    assert result.done > 0
    assert dict(result.errors) == {}
    assert result.unfinished == 0
    assert len(result.latencies) >= result.done


def test_chat_turns_complete_without_errors(served: tuple[Running, LoadWorld]) -> None:
    server, world = served
    result = asyncio.run(
        chat_load(server.ws_url, world.tokens, concurrency=CONVERSATIONS, seconds=SECONDS)
    )
    _clean(result)
    assert result.concurrency == CONVERSATIONS


def test_location_pings_are_accepted(served: tuple[Running, LoadWorld]) -> None:
    server, world = served
    result = asyncio.run(pings_load(server.base_url, world, concurrency=3, seconds=SECONDS))
    _clean(result)
    # Every ping of a fresh batch is new: none is a duplicate or refused.
    assert result.items == result.done * PING_BATCH


def test_receipts_are_stored(served: tuple[Running, LoadWorld]) -> None:
    server, world = served
    result = asyncio.run(receipts_load(server.base_url, world, concurrency=3, seconds=SECONDS))
    _clean(result)


NOT_LOOPBACK = [
    "ws://10.0.0.1:8000/ws/chat",
    "http://localhost:8000",
    "http://example.com/",
    "ws://[::1]:8000/ws/chat",
    "http://127.0.0.1.example.com:80",
    "http://0.0.0.0:8000",
]
FAKE_WORLD = LoadWorld(
    tokens=["t"],
    loyalty_cards=["c"],
    stores=[StoreSpot("S", 48.0, 2.0)],
    eans=[],
    till_key="k",
    now=NOW,
)


@pytest.mark.parametrize("url", NOT_LOOPBACK)
def test_other_hosts_are_refused(url: str) -> None:
    with pytest.raises(NotLoopback):
        require_loopback(url)
    with pytest.raises(NotLoopback):
        asyncio.run(chat_load(url, ["t"], concurrency=1, seconds=1))
    with pytest.raises(NotLoopback):
        asyncio.run(pings_load(url, FAKE_WORLD, concurrency=1, seconds=1))
    with pytest.raises(NotLoopback):
        asyncio.run(receipts_load(url, FAKE_WORLD, concurrency=1, seconds=1))


@pytest.mark.parametrize(("concurrency", "seconds"), [(0, 1.0), (5_001, 1.0), (1, 0.0), (1, 601.0)])
def test_load_is_bounded(concurrency: int, seconds: float) -> None:
    with pytest.raises(ValueError, match="must be within"):
        asyncio.run(
            chat_load("ws://127.0.0.1:9/ws/chat", ["t"] * 6000, concurrency=concurrency,
                      seconds=seconds)
        )  # fmt: skip


def test_loopback_is_accepted() -> None:
    assert require_loopback("ws://127.0.0.1:8000/ws/chat") == "ws://127.0.0.1:8000/ws/chat"

"""The hub's Redis fan-out: two hubs (two processes' worth) on one channel of a real Redis."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
import redis.asyncio as aioredis
from pydantic import SecretStr

from api.channels.fanout import LocalFanout, RedisFanout, notify_channel
from api.channels.hub import Hub, Reach, build_hub
from assistant.config import Settings
from tests.redis_live import own_redis, redis_url, unique_prefix

pytestmark = pytest.mark.anyio
WAIT = 10.0


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def event(title: str) -> dict[str, Any]:
    return {"kind": "offer", "title": title, "body": "b", "explanation": "why"}


async def until(predicate: Callable[[], bool]) -> None:
    """Wait for something another task does (a liveness bound, not a timing assertion)."""
    async with asyncio.timeout(WAIT):
        while not predicate():
            await asyncio.sleep(0.01)


@asynccontextmanager
async def hubs(url: str, channel: str, count: int = 2) -> AsyncIterator[list[Hub]]:
    async with AsyncExitStack() as stack:
        started = []
        for _ in range(count):
            hub = Hub(RedisFanout(url, channel=channel, retry_max=0.5))
            await stack.enter_async_context(hub.running())
            started.append(hub)
        for hub in started:
            fanout = hub.fanout
            assert isinstance(fanout, RedisFanout)
            await asyncio.wait_for(fanout.connected.wait(), WAIT)
        yield started


def sink(into: list[dict[str, Any]]) -> Callable[[dict[str, Any]], None]:
    return into.append


async def test_an_event_reaches_every_process_socket_exactly_once() -> None:
    channel = notify_channel(unique_prefix())
    async with hubs(redis_url(), channel) as (a, b):
        on_a: list[dict[str, Any]] = []
        on_b: list[dict[str, Any]] = []
        other_household: list[dict[str, Any]] = []
        a.subscribe(1, sink(on_a))
        b.subscribe(1, sink(on_b))
        b.subscribe(2, sink(other_household))

        reach = await a.publish_all(1, event("first"))
        assert reach == Reach(sockets=1, processes=1)
        await until(lambda: len(on_b) == 1)
        # B's publish travels after A's echo on the same channel: once A has it, the echo
        # of "first" has been through A's listener (and must have been dropped).
        await b.publish_all(1, event("second"))
        await until(lambda: len(on_a) == 2)
        assert [e["title"] for e in on_a] == ["first", "second"]
        assert [e["title"] for e in on_b] == ["first", "second"]
        assert other_household == []


async def test_a_malformed_message_on_the_channel_is_dropped_and_listening_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = redis_url()
    channel = notify_channel(unique_prefix())
    async with hubs(url, channel) as (a, b):
        received: list[dict[str, Any]] = []
        b.subscribe(7, sink(received))
        raw = aioredis.Redis.from_url(url)
        try:
            await raw.publish(channel, "not json")
            await raw.publish(channel, '{"origin": "x", "household_id": 7, "event": {"kind": ""}}')
        finally:
            await raw.aclose()
        await a.publish_all(7, event("good"))
        await until(lambda: len(received) == 1)
        assert received[0]["title"] == "good"
    assert "dropped a malformed" in caplog.text


async def test_without_redis_a_hub_delivers_locally_only() -> None:
    hub = build_hub(Settings(assistant_env="test", secret_key=SecretStr("x" * 40)))
    assert isinstance(hub.fanout, LocalFanout)
    received: list[dict[str, Any]] = []
    async with hub.running():
        hub.subscribe(3, sink(received))
        assert await hub.publish_all(3, event("here")) == Reach(sockets=1, processes=0)
    assert [e["title"] for e in received] == ["here"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_redis_going_away_degrades_to_local_delivery_and_recovers_by_itself(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="api.channels.fanout")
    channel = notify_channel(unique_prefix())
    with own_redis(free_port()) as server:
        async with hubs(server.url, channel) as (a, b):
            on_a: list[dict[str, Any]] = []
            on_b: list[dict[str, Any]] = []
            a.subscribe(1, sink(on_a))
            b.subscribe(1, sink(on_b))
            fanout_a = a.fanout
            assert isinstance(fanout_a, RedisFanout)

            server.stop()
            await until(lambda: not fanout_a.connected.is_set())
            # Degraded: this process's sockets still get it, nobody else does.
            assert await a.publish_all(1, event("during")) == Reach(sockets=1, processes=0)
            assert [e["title"] for e in on_a] == ["during"]
            assert "Redis pub/sub unavailable" in caplog.text

            server.start()
            for hub in (a, b):
                fanout = hub.fanout
                assert isinstance(fanout, RedisFanout)
                await asyncio.wait_for(fanout.connected.wait(), WAIT)
            assert await a.publish_all(1, event("after")) == Reach(sockets=1, processes=1)
            await until(lambda: len(on_b) == 1)
            assert [e["title"] for e in on_b] == ["after"]
            assert "reconnected" in caplog.text

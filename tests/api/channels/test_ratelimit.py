"""Chat rate limits: the limiters (in memory, Redis shared by processes, Redis gone) and the
429 / `rate_limited` answers of the REST webhook and the WebSocket."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import Session

from api.ratelimit import MemoryRateLimiter, RedisRateLimiter, Verdict, build_limiter
from assistant.config import Settings
from tests.factories import customer_headers, make_household
from tests.redis_live import own_redis, redis_url, unique_prefix

URL = "/webhooks/rest/webhook"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.anyio
async def test_memory_limiter_counts_per_key_within_a_window() -> None:
    clock = FakeClock()
    limiter = MemoryRateLimiter(limit=2, window=60, clock=clock)
    assert [(await limiter.hit("a")).allowed for _ in range(3)] == [True, True, False]
    assert (await limiter.hit("b")).allowed
    clock.now += 30
    refused = await limiter.hit("a")
    assert refused == Verdict(allowed=False, remaining=0, retry_after=30)
    clock.now += 30  # the window opened at the first hit closes now
    assert await limiter.hit("a") == Verdict(allowed=True, remaining=1, retry_after=60)


@pytest.mark.anyio
async def test_redis_limiters_of_two_processes_share_one_budget() -> None:
    url, prefix = redis_url(), unique_prefix()
    first = RedisRateLimiter(url, limit=3, window=3600, prefix=prefix)
    second = RedisRateLimiter(url, limit=3, window=3600, prefix=prefix)
    try:
        hits = [await first.hit("chat:1"), await second.hit("chat:1"), await first.hit("chat:1")]
        assert [v.allowed for v in hits] == [True, True, True]
        refused = await second.hit("chat:1")
        assert not refused.allowed and 0 < refused.retry_after <= 3600
        assert (await second.hit("chat:2")).allowed  # another household's budget
    finally:
        await first.aclose()
        await second.aclose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.anyio
async def test_redis_gone_the_limit_holds_per_process_then_is_shared_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="api.ratelimit")
    clock = FakeClock()
    with own_redis(free_port()) as server:
        limiter = RedisRateLimiter(
            server.url, limit=2, window=3600, prefix=unique_prefix(), clock=clock
        )
        try:
            assert (await limiter.hit("k")).allowed
            server.stop()
            # Degraded: the process's own counter, which still refuses beyond the limit.
            assert [(await limiter.hit("k")).allowed for _ in range(3)] == [True, True, False]
            assert "Redis unavailable for rate limits" in caplog.text
            server.start()
            clock.now += limiter.retry_seconds
            # Back on Redis, whose counter saw one hit before the outage (a fresh server
            # here: it kept nothing, so the budget restarts).
            assert (await limiter.hit("k")).remaining == 1
            assert "rate limits are shared again" in caplog.text
        finally:
            await limiter.aclose()


def test_no_limit_when_the_setting_is_zero() -> None:
    settings = Settings(assistant_env="test", secret_key=SecretStr("x" * 40), chat_rate_limit=0)
    assert build_limiter(settings) is None


# --- the endpoints -------------------------------------------------------------------------


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        assistant_env="test",
        database_url=database_url,
        secret_key=SecretStr("test-secret-key-0123456789abcdefghijklmnop"),
        chat_rate_limit=2,
        chat_rate_window_seconds=3600,
    )


@pytest.fixture
def headers(session: Session, settings: Settings) -> Iterator[dict[str, str]]:
    household = make_household(session)
    yield customer_headers(settings, household)


def test_the_rest_webhook_answers_429_beyond_the_budget(
    channel_client: TestClient, headers: dict[str, str]
) -> None:
    body = {"sender": "me", "message": "bonjour"}
    codes = [channel_client.post(URL, json=body, headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = channel_client.post(URL, json=body, headers=headers).json()
    assert refused["error"]["code"] == "rate_limited"
    assert 0 < refused["error"]["details"]["retry_after"] <= 3600


def test_the_socket_and_the_webhook_share_the_household_budget(
    channel_client: TestClient, headers: dict[str, str]
) -> None:
    body = {"sender": "me", "message": "bonjour"}
    assert channel_client.post(URL, json=body, headers=headers).status_code == 200
    token = headers["Authorization"].removeprefix("Bearer ")
    with channel_client.websocket_connect(f"/ws/chat?token={token}") as ws:
        assert ws.receive_json()["type"] == "auth_ok"
        ws.send_json({"type": "message", "id": 1, "text": "bonjour"})
        assert ws.receive_json()["success"] is True
        ws.send_json({"type": "message", "id": 2, "text": "encore"})
        refused = ws.receive_json()
        ws.send_json({"type": "ping", "id": 3})
        assert ws.receive_json() == {"type": "pong", "id": 3}  # the socket stays open
    assert refused["id"] == 2 and refused["success"] is False
    assert refused["error"]["code"] == "rate_limited"

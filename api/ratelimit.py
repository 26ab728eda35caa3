"""Chat rate limits per household, shared by every API process when Redis is configured.

A window opens at a household's first message and allows `limit` messages until it closes
(`window` seconds later): no boundary aligned on the clock, so a burst cannot straddle two
windows and get twice the limit. In memory by default (one process); with REDIS_URL the
counter is one Redis key per household (`SET NX EX` then `INCR`, in one MULTI), so every
process counts against the same budget. Redis unavailable: each process falls back to its
own in-memory counter (logged once per outage) and goes back to Redis a few seconds later.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends
from redis.exceptions import RedisError
from starlette.datastructures import State
from starlette.requests import HTTPConnection

from api.channels.fanout import redis_client
from api.deps import CurrentCustomer
from assistant.config import Settings
from assistant.errors import AppError

log = logging.getLogger(__name__)


class RateLimited(AppError):
    status_code = 429
    code = "rate_limited"

    def headers(self) -> dict[str, str]:
        # RFC 9110: how long to wait, in whole seconds, for clients that do not read bodies.
        retry = self.details.get("retry_after") if isinstance(self.details, dict) else None
        return {"Retry-After": str(retry)} if retry is not None else {}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after: float  # seconds until the window closes


class RateLimiter(Protocol):
    limit: int

    async def hit(self, key: str) -> Verdict:
        """Count one event for `key`; says whether it is within the limit."""

    async def aclose(self) -> None: ...


class MemoryRateLimiter:
    def __init__(
        self, *, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (closes at, count)

    async def hit(self, key: str) -> Verdict:
        now = self.clock()
        if len(self._windows) > 10_000:
            # Closed windows are dropped now and then: memory stays bounded by active keys.
            self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
        closes, count = self._windows.get(key, (0.0, 0))
        if closes <= now:
            closes, count = now + self.window, 0
        count += 1
        self._windows[key] = (closes, count)
        return _verdict(self.limit, count, closes - now)

    async def aclose(self) -> None:
        return None


class RedisRateLimiter:
    def __init__(
        self,
        url: str,
        *,
        limit: int,
        window: float,
        prefix: str,
        retry_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.prefix = prefix
        self.retry_seconds = retry_seconds
        self.clock = clock
        self.fallback = MemoryRateLimiter(limit=limit, window=window, clock=clock)
        self._client = redis_client(url)
        self._down_until: float | None = None

    async def hit(self, key: str) -> Verdict:
        now = self.clock()
        if self._down_until is not None and now < self._down_until:
            return await self.fallback.hit(key)
        name = f"{self.prefix}:rl:{key}"
        try:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.set(name, 0, px=max(1, int(self.window * 1000)), nx=True)
                pipe.incr(name)
                pipe.pttl(name)
                _, count, ttl_ms = await pipe.execute()
        except (RedisError, OSError) as exc:
            if self._down_until is None:
                log.error(
                    "Redis unavailable for rate limits (%s): limits are per process until "
                    "it is back",
                    exc,
                )
            self._down_until = now + self.retry_seconds
            return await self.fallback.hit(key)
        if self._down_until is not None:
            log.warning("Redis is back: rate limits are shared again")
            self._down_until = None
        return _verdict(self.limit, int(count), max(0, int(ttl_ms)) / 1000)

    async def aclose(self) -> None:
        await self._client.aclose()


def _verdict(limit: int, count: int, retry_after: float) -> Verdict:
    return Verdict(count <= limit, max(0, limit - count), retry_after)


def build_limiter(settings: Settings) -> RateLimiter | None:
    """The chat limiter the settings ask for (None when CHAT_RATE_LIMIT is 0)."""
    limit, window = settings.chat_rate_limit, settings.chat_rate_window_seconds
    if limit == 0:
        return None
    if settings.redis_url is None:
        return MemoryRateLimiter(limit=limit, window=window)
    return RedisRateLimiter(settings.redis_url, limit=limit, window=window,
                            prefix=settings.redis_prefix)  # fmt: skip


def limiter_for(state: State) -> RateLimiter | None:
    """The app's chat limiter (`app.state.chat_limiter`), built on first use."""
    if not hasattr(state, "chat_limiter"):
        state.chat_limiter = build_limiter(state.settings)
    limiter: RateLimiter | None = state.chat_limiter
    return limiter


def chat_key(household_id: int) -> str:
    """One budget per household across channels (app socket, REST webhook) and processes."""
    return f"chat:{household_id}"


async def check_chat_rate(state: State, household_id: int) -> Verdict | None:
    """None when allowed (or unlimited); the refusing verdict otherwise."""
    limiter = limiter_for(state)
    if limiter is None:
        return None
    verdict = await limiter.hit(chat_key(household_id))
    return None if verdict.allowed else verdict


def refusal_message(verdict: Verdict) -> str:
    return f"too many messages: try again in {math.ceil(verdict.retry_after)} s"


async def limit_chat(connection: HTTPConnection, household: CurrentCustomer) -> None:
    """Dependency of the HTTP chat endpoints: 429 `rate_limited` beyond the household's budget."""
    assert household.id is not None
    verdict = await check_chat_rate(connection.app.state, household.id)
    if verdict is not None:
        raise RateLimited(
            refusal_message(verdict), details={"retry_after": math.ceil(verdict.retry_after)}
        )


ChatRateLimit = Annotated[None, Depends(limit_chat)]

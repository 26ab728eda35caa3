"""Proactive pushes beyond one process: how a hub reaches the sockets other processes hold.

`LocalFanout` (the default) reaches nobody else: one API process holds every socket.
`RedisFanout` publishes each pushed event on one Redis channel per deployment
(`<REDIS_PREFIX>:notify`); every API process subscribes in its lifespan and hands what it
receives to its own hub, which delivers to its local sockets. The publishing process has
already delivered to its own sockets, so it drops its own echo (the envelope carries the
process's `origin`): each socket gets an event exactly once.

Redis unavailable: publishing is skipped (local delivery only, logged once per outage) and
the listener reconnects by itself with a capped backoff. Events published while a process
was cut off do not reach its sockets live; they stay in the household's inbox
(`GET /me/notifications`), which is where the app looks when it (re)opens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Hands a received event to this process's sockets; returns how many it reached.
Deliver = Callable[[int, dict[str, Any]], int]


class Fanout(Protocol):
    async def start(self, deliver: Deliver) -> None:
        """Begin receiving what other processes publish (returns at once)."""

    async def publish(self, household_id: int, payload: dict[str, Any]) -> int:
        """Send to the other processes; returns how many were reached (0: none, or down)."""

    async def aclose(self) -> None: ...


class LocalFanout:
    """One process: nothing to reach beyond it."""

    async def start(self, deliver: Deliver) -> None:
        return None

    async def publish(self, household_id: int, payload: dict[str, Any]) -> int:
        return 0

    async def aclose(self) -> None:
        return None


def redis_client(url: str, *, timeout: float = 2.0) -> aioredis.Redis:
    """A client that fails fast (no retries of its own): callers degrade instead of waiting."""
    return aioredis.Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=15,
    )


def notify_channel(prefix: str) -> str:
    return f"{prefix}:notify"


class RedisFanout:
    def __init__(
        self,
        url: str,
        *,
        channel: str,
        origin: str | None = None,
        retry_min: float = 0.2,
        retry_max: float = 10.0,
        poll_seconds: float = 1.0,
    ) -> None:
        self.url = url
        self.channel = channel
        self.origin = origin or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.retry_min = retry_min
        self.retry_max = retry_max
        self.poll_seconds = poll_seconds
        self._publisher = redis_client(url)
        self._task: asyncio.Task[None] | None = None
        # Set while subscribed: publishing is attempted only then (a down Redis costs nothing).
        self.connected = asyncio.Event()
        self.received = 0  # events from other processes handed to the hub

    async def start(self, deliver: Deliver) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen(deliver), name="redis-fanout")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.connected.clear()
        await self._publisher.aclose()

    async def publish(self, household_id: int, payload: dict[str, Any]) -> int:
        if not self.connected.is_set():
            return 0
        envelope = {"origin": self.origin, "household_id": household_id, "event": payload}
        try:
            receivers = int(await self._publisher.publish(self.channel, json.dumps(envelope)))
        except (RedisError, OSError) as exc:
            log.warning(
                "Redis publish failed (%s): household %s reached on this process only",
                exc,
                household_id,
            )
            return 0
        # Our own listener is among the receivers and drops the echo.
        return max(0, receivers - 1)

    async def _listen(self, deliver: Deliver) -> None:
        delay = self.retry_min
        down_logged = False
        while True:
            client = redis_client(self.url)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    self.connected.set()
                    if down_logged:
                        log.warning("Redis pub/sub reconnected: pushes reach every process again")
                    else:
                        log.info("Redis pub/sub subscribed to %s", self.channel)
                    down_logged, delay = False, self.retry_min
                    while True:
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=self.poll_seconds
                        )
                        if message is not None:
                            self._receive(message.get("data"), deliver)
            except (RedisError, OSError) as exc:
                self.connected.clear()
                if not down_logged:
                    log.error(
                        "Redis pub/sub unavailable (%s): pushes reach this process's sockets "
                        "only until it is back; reconnecting",
                        exc,
                    )
                    down_logged = True
            finally:
                self.connected.clear()
                await client.aclose()
            await asyncio.sleep(delay)
            delay = min(self.retry_max, delay * 2)

    def _receive(self, data: Any, deliver: Deliver) -> None:
        try:
            envelope = json.loads(data)
            if envelope["origin"] == self.origin:
                return
            household_id = int(envelope["household_id"])
            event = envelope["event"]
            if not isinstance(event, dict):
                raise TypeError("event is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            # Another deployment's or a broken publisher's message: never a crash.
            log.warning("dropped a malformed message on %s: %s", self.channel, exc)
            return
        self.received += 1
        deliver(household_id, event)

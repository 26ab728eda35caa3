"""Who is connected: the sockets of each household, for proactive pushes.

The registry is per process. A publish delivers to this process's sockets, then hands the
event to the hub's fan-out (`api.channels.fanout`): with Redis every other API process
delivers it to the sockets it holds, so a socket gets each event once whichever process
produced it. Senders that run in a worker thread call it with
`anyio.from_thread.run(hub.publish, household_id, event)`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import State

from api.channels.fanout import Fanout, LocalFanout, RedisFanout, notify_channel
from api.channels.protocol import PushEvent
from assistant.config import Settings

log = logging.getLogger(__name__)

# Must not block: a connection's sink only queues the event for the socket's writer.
Sink = Callable[[dict[str, Any]], None]
# Not a message for the customer: it closes the household's sockets (sign-out, erasure).
SESSION_REVOKED = "session_revoked"


def revocation(token_version: int | None) -> dict[str, Any]:
    """The event that ends the household's open sockets whose token is older than
    `token_version` (every socket of the household when None: erasure)."""
    return {"kind": SESSION_REVOKED, "title": "", "body": "", "token_version": token_version}


def publish_from_thread(state: State, household_id: int, event: dict[str, Any]) -> None:
    """`publish_all` from a worker thread (sync routes), on the event loop that runs it."""
    import anyio.from_thread

    try:
        anyio.from_thread.run(hub_for(state).publish_all, household_id, event)
    except Exception:
        # Never fail the request that revoked: its commit is what counts; sockets also
        # check the token on their next frame.
        log.exception("could not publish to household %s's sockets", household_id)


@dataclass(frozen=True)
class Reach:
    """Where a publish went: this process's sockets of the household, and how many other
    API processes received it (each delivered to its own sockets of the household, if any)."""

    sockets: int
    processes: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"sockets": self.sockets, "processes": self.processes}


class Hub:
    def __init__(self, fanout: Fanout | None = None) -> None:
        self._sinks: dict[int, dict[int, Sink]] = {}
        # Every authenticated socket, subscribed to pushes or not: told of sign-outs only.
        self._watchers: dict[int, dict[int, Sink]] = {}
        self._tokens = itertools.count(1)
        self.fanout: Fanout = fanout or LocalFanout()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Hub]:
        """Receive what other processes publish for the duration of the block (lifespan)."""
        await self.fanout.start(self._deliver_remote)
        try:
            yield self
        finally:
            await self.fanout.aclose()

    def subscribe(self, household_id: int, sink: Sink) -> int:
        """Register a sink for the household's pushes; returns the token `unsubscribe` takes."""
        token = next(self._tokens)
        self._sinks.setdefault(household_id, {})[token] = sink
        return token

    def unsubscribe(self, household_id: int, token: int) -> None:
        _remove(self._sinks, household_id, token)

    def watch(self, household_id: int, sink: Sink) -> int:
        """Register a socket to be told when the household signs out (`SESSION_REVOKED`);
        returns the token `unwatch` takes. Watchers do not count as push subscribers."""
        token = next(self._tokens)
        self._watchers.setdefault(household_id, {})[token] = sink
        return token

    def unwatch(self, household_id: int, token: int) -> None:
        _remove(self._watchers, household_id, token)

    def subscribers(self, household_id: int) -> int:
        return len(self._sinks.get(household_id, {}))

    async def publish(self, household_id: int, event: dict[str, Any]) -> int:
        """Push an event to every socket of the household, in every process; returns how many
        sockets of this process it reached (`publish_all` also says how many processes)."""
        return (await self.publish_all(household_id, event)).sockets

    async def publish_all(self, household_id: int, event: dict[str, Any]) -> Reach:
        """Push an event to every socket of the household, here and through the fan-out.

        The event is checked against `PushEvent` (ValueError when malformed) so that a sender's
        bug never reaches a client as a half-formed frame.
        """
        payload = PushEvent.model_validate(event).model_dump(mode="json")
        sockets = self.deliver_local(household_id, payload)
        return Reach(sockets, await self.fanout.publish(household_id, payload))

    def _deliver_remote(self, household_id: int, event: dict[str, Any]) -> int:
        try:
            payload = PushEvent.model_validate(event).model_dump(mode="json")
        except ValueError:
            log.warning("dropped a malformed event from another process (%s)", household_id)
            return 0
        return self.deliver_local(household_id, payload)

    def deliver_local(self, household_id: int, payload: dict[str, Any]) -> int:
        """Hand a checked event to this process's sockets of the household; returns how many."""
        delivered = 0
        registry = self._watchers if payload.get("kind") == SESSION_REVOKED else self._sinks
        # A copy: a sink may unsubscribe (socket closing) while we iterate.
        for sink in list(registry.get(household_id, {}).values()):
            try:
                sink(payload)
                delivered += 1
            except Exception:
                log.exception("a socket refused a pushed event (household %s)", household_id)
        return delivered


def _remove(registry: dict[int, dict[int, Sink]], household_id: int, token: int) -> None:
    sinks = registry.get(household_id)
    if sinks is None:
        return
    sinks.pop(token, None)
    if not sinks:
        del registry[household_id]


def build_hub(settings: Settings) -> Hub:
    """The hub the settings ask for: Redis fan-out when REDIS_URL is set, else local only."""
    if settings.redis_url is None:
        return Hub()
    return Hub(RedisFanout(settings.redis_url, channel=notify_channel(settings.redis_prefix)))


def hub_for(state: State) -> Hub:
    """The app's hub (`app.state.hub`), created on first use when the factory did not."""
    hub: Hub | None = getattr(state, "hub", None)
    if hub is None:
        hub = Hub()
        state.hub = hub
    return hub

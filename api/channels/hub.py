"""Who is connected: the sockets of each household, for proactive pushes.

The registry is per process: with several workers a publish reaches only the sockets held by
the publishing process (a Redis fan-out behind `publish` lifts that later). Senders that run
in a worker thread call it with `anyio.from_thread.run(hub.publish, household_id, event)`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from starlette.datastructures import State

from api.channels.protocol import PushEvent

log = logging.getLogger(__name__)

# Must not block: a connection's sink only queues the event for the socket's writer.
Sink = Callable[[dict[str, Any]], None]


class Hub:
    def __init__(self) -> None:
        self._sinks: dict[int, dict[int, Sink]] = {}
        self._tokens = itertools.count(1)

    def subscribe(self, household_id: int, sink: Sink) -> int:
        """Register a sink; returns the token that `unsubscribe` takes."""
        token = next(self._tokens)
        self._sinks.setdefault(household_id, {})[token] = sink
        return token

    def unsubscribe(self, household_id: int, token: int) -> None:
        sinks = self._sinks.get(household_id)
        if sinks is None:
            return
        sinks.pop(token, None)
        if not sinks:
            del self._sinks[household_id]

    def subscribers(self, household_id: int) -> int:
        return len(self._sinks.get(household_id, {}))

    async def publish(self, household_id: int, event: dict[str, Any]) -> int:
        """Push an event to every subscribed socket of the household; returns how many.

        The event is checked against `PushEvent` (ValueError when malformed) so that a sender's
        bug never reaches a client as a half-formed frame.
        """
        payload = PushEvent.model_validate(event).model_dump(mode="json")
        delivered = 0
        # A copy: a sink may unsubscribe (socket closing) while we iterate.
        for sink in list(self._sinks.get(household_id, {}).values()):
            try:
                sink(payload)
                delivered += 1
            except Exception:
                log.exception("a socket refused a pushed event (household %s)", household_id)
        return delivered


def hub_for(state: State) -> Hub:
    """The app's hub (`app.state.hub`), created on first use when the factory did not."""
    hub: Hub | None = getattr(state, "hub", None)
    if hub is None:
        hub = Hub()
        state.hub = hub
    return hub

"""What the scenario returns: each thing the assistant said, when, where and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assistant.demo.scenario.story import PARIS


@dataclass(frozen=True)
class Moment:
    at: dt.datetime  # UTC, on the simulated clock
    channel: str  # radio | push | email | in_app | chat | staff | till
    lang: str
    kind: str  # the outbox kind (briefing, digest, ...), the chat intent, or arrival/receipt
    text: str
    explanation: str  # why the customer got it (outbox), or what the NLU understood (chat)
    title: str = ""
    said: str = ""  # the customer's message a chat moment answers
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def local(self) -> dt.datetime:
        return self.at.astimezone(PARIS)


class SimClock:
    """The scenario's clock: moved by the story, never by the wall clock."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def set(self, at: dt.datetime) -> dt.datetime:
        if at < self.now:
            raise ValueError(f"the story's clock cannot go back ({at} < {self.now})")
        self.now = at
        return at

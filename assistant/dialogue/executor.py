"""Runs our rasa-sdk actions in-process, through rasa-sdk's own `ActionExecutor`.

The executor is async; the dialogue is synchronous and runs in a worker thread, so each
thread drives the coroutines on a private event loop (never the channels' loop).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
import threading
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, utils
from rasa_sdk.executor import ActionExecutor
from sqlmodel import Session

from actions.common import CURRENT_SESSION

logger = logging.getLogger(__name__)

ACTIONS_PACKAGE = "actions"
_loops = threading.local()


@dataclass
class ActionResult:
    events: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)


def _thread_loop() -> asyncio.AbstractEventLoop:
    loop: asyncio.AbstractEventLoop | None = getattr(_loops, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _loops.loop = loop
    return loop


def _now_var() -> ContextVar[dt.datetime | None] | None:
    """The actions' clock override, when the actions package defines one."""
    try:
        from actions.base import CURRENT_NOW
    except ImportError:
        return None
    return CURRENT_NOW


class ActionRunner:
    """The actions the dialogue may run, by name."""

    def __init__(self, executor: ActionExecutor | None = None) -> None:
        self.executor = executor or ActionExecutor()

    @classmethod
    def of(cls, actions: Iterable[type[Action] | Action]) -> ActionRunner:
        """A runner of exactly these actions (tests, or a subset of the package)."""
        runner = cls()
        for action in actions:
            runner.executor.register_action(action)
        return runner

    @classmethod
    def from_package(cls, package: str = ACTIONS_PACKAGE) -> ActionRunner:
        """The actions of a package, as `python -m rasa_sdk --actions <package>` serves them."""
        executor = ActionExecutor()
        executor.register_package(package)
        # rasa-sdk registers every Action subclass the process has imported, and a class
        # elsewhere (a test double) may share a name: only the package's own classes answer.
        executor.actions = {}
        for action in utils.all_subclasses(Action):
            if action.__module__.split(".")[0] == package and not inspect.isabstract(action):
                executor.register_action(action)
        return cls(executor)

    def knows(self, name: str) -> bool:
        return name in self.executor.actions

    def run(
        self,
        name: str,
        *,
        tracker: dict[str, Any],
        domain: dict[str, Any],
        session: Session,
        now: dt.datetime,
    ) -> ActionResult:
        call = {
            "next_action": name,
            "sender_id": tracker["sender_id"],
            "tracker": tracker,
            "domain": domain,
            "version": "3.6.21",
        }
        token = CURRENT_SESSION.set(session)
        now_var = _now_var()
        now_token = now_var.set(now) if now_var is not None and now is not None else None
        try:
            # The task copies this context: the action sees the session and the clock.
            result = _thread_loop().run_until_complete(self.executor.run(call))
        finally:
            if now_var is not None and now_token is not None:
                now_var.reset(now_token)
            CURRENT_SESSION.reset(token)
        if result is None:
            return ActionResult()
        return ActionResult(events=list(result.events), responses=list(result.responses))


@lru_cache(maxsize=1)
def default_runner() -> ActionRunner:
    """The `actions` package, imported once per process on first use."""
    return ActionRunner.from_package(ACTIONS_PACKAGE)

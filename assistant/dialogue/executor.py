"""Runs the dialogue's actions: in-process, inside the turn, or on a rasa-sdk action server.

In-process (the default), an action package is loaded by name (the dialogue imports nothing
from it) and each action is called synchronously through `contract.InProcessAction.handle`,
with the turn's session, clock, household and language as arguments (no event loop, no
context variables). With `ACTIONS_URL` set, the same classes run behind
`python -m rasa_sdk --actions actions` and the dialogue calls them over the webhook protocol
Rasa's own dialogue manager speaks (`RemoteActionRunner`).
"""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import httpx
import rasa_sdk
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.config import get_settings
from assistant.dialogue.contract import ActionContext, InProcessAction
from assistant.errors import AppError

logger = logging.getLogger(__name__)

ACTIONS_PACKAGE = "actions"


@dataclass
class ActionResult:
    events: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)


class Runner(Protocol):
    """What a turn needs of whoever runs its actions."""

    def knows(self, name: str) -> bool: ...

    def run(
        self, name: str, *, tracker: dict[str, Any], domain: dict[str, Any], context: ActionContext
    ) -> ActionResult: ...


class ActionServerUnavailable(AppError):
    """The action server cannot run an action (down, timing out, refusing, garbled reply)."""

    status_code = 503
    code = "actions_unavailable"


def _valid_events(name: str, events: Any) -> list[dict[str, Any]]:
    events = events if isinstance(events, list) else []
    valid = [e for e in events if isinstance(e, dict) and e.get("event")]
    if len(valid) != len(events):
        logger.error("action %s returned events that are not Rasa events", name)
    return valid


def _package_classes(package: str) -> Iterable[type]:
    root = importlib.import_module(package)
    modules = [root]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        modules.append(importlib.import_module(info.name))
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            # Only the package's own classes: a class imported there is someone else's.
            if cls.__module__ == module.__name__:
                yield cls


class ActionRunner:
    """The actions the dialogue may run, by name."""

    def __init__(self, actions: Mapping[str, InProcessAction]) -> None:
        self._actions = dict(actions)

    @classmethod
    def of(cls, actions: Iterable[type[InProcessAction] | InProcessAction]) -> ActionRunner:
        """A runner of exactly these actions (tests, or a subset of the package)."""
        instances = [a() if isinstance(a, type) else a for a in actions]
        return cls({action.name(): action for action in instances})

    @classmethod
    def from_package(cls, package: str = ACTIONS_PACKAGE) -> ActionRunner:
        """The package's concrete actions, as `python -m rasa_sdk --actions <package>` finds
        them, each able to run in-process."""
        found: dict[str, InProcessAction] = {}
        for action_class in _package_classes(package):
            if not issubclass(action_class, Action) or inspect.isabstract(action_class):
                continue
            action = action_class()
            if not isinstance(action, InProcessAction):
                raise TypeError(f"{action_class.__qualname__} cannot run in-process (no handle)")
            found[action.name()] = action
        return cls(found)

    def knows(self, name: str) -> bool:
        return name in self._actions

    def action(self, name: str) -> InProcessAction:
        return self._actions[name]

    def names(self) -> list[str]:
        return sorted(self._actions)

    def run(
        self,
        name: str,
        *,
        tracker: dict[str, Any],
        domain: dict[str, Any],
        context: ActionContext,
    ) -> ActionResult:
        dispatcher = CollectingDispatcher()
        events = self._actions[name].handle(context, dispatcher, Tracker.from_dict(tracker), domain)
        return ActionResult(events=_valid_events(name, events), responses=list(dispatcher.messages))


class RemoteActionRunner:
    """The actions of a rasa-sdk action server, called as Rasa calls them: `POST /webhook`
    with the tracker and the domain, events and responses back.

    Each call is the server's own unit of work (`actions.common.serve_call`), so the turn
    commits what it has written before the call: the action must see the conversation as it
    stands, and on SQLite the turn must not hold the write lock the action waits for."""

    def __init__(self, url: str, *, timeout: float = 10.0, client: httpx.Client | None = None):
        self._url = url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout)
        self._names: frozenset[str] | None = None

    def _known(self) -> frozenset[str]:
        if self._names is None:
            listed = self._get("/actions")
            if not isinstance(listed, list):
                raise ActionServerUnavailable("the action server's /actions is not a list")
            self._names = frozenset(
                str(item.get("name")) for item in listed if isinstance(item, dict)
            )
        return self._names

    def knows(self, name: str) -> bool:
        return name in self._known()

    def run(
        self, name: str, *, tracker: dict[str, Any], domain: dict[str, Any], context: ActionContext
    ) -> ActionResult:
        context.session.commit()
        body = {
            "next_action": name,
            "sender_id": tracker.get("sender_id"),
            "tracker": tracker,
            "domain": domain,
            "version": rasa_sdk.__version__,
        }
        try:
            response = self._client.post(f"{self._url}/webhook", json=body)
        except httpx.HTTPError as error:
            raise ActionServerUnavailable(f"action server: {error}") from error
        if response.status_code != 200:
            raise ActionServerUnavailable(
                f"action server answered {response.status_code} to {name}: {response.text[:200]}"
            )
        try:
            answer = response.json()
        except ValueError as error:
            raise ActionServerUnavailable(f"action server: {name} answered no JSON") from error
        if not isinstance(answer, dict):
            raise ActionServerUnavailable(f"action server: {name} answered no object")
        responses = answer.get("responses")
        return ActionResult(
            events=_valid_events(name, answer.get("events")),
            responses=[r for r in responses if isinstance(r, dict)]
            if isinstance(responses, list)
            else [],
        )

    def _get(self, path: str) -> Any:
        try:
            response = self._client.get(f"{self._url}{path}")
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ActionServerUnavailable(f"action server: {error}") from error


@lru_cache(maxsize=1)
def default_runner() -> Runner:
    """`ACTIONS_URL`'s action server, else the `actions` package imported in-process, once
    per process on first use."""
    url = get_settings().actions_url
    if url:
        return RemoteActionRunner(url, timeout=get_settings().actions_timeout_seconds)
    return ActionRunner.from_package(ACTIONS_PACKAGE)

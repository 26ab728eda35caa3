"""Runs an action package's actions in-process, inside the dialogue's turn.

The same classes serve a Rasa server behind `python -m rasa_sdk --actions actions`; here they
are called synchronously through `contract.InProcessAction.handle`, with the turn's session,
clock, household and language as arguments (no event loop, no context variables). The
package is loaded by name: the dialogue imports nothing from it.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.dialogue.contract import ActionContext, InProcessAction

logger = logging.getLogger(__name__)

ACTIONS_PACKAGE = "actions"


@dataclass
class ActionResult:
    events: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)


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
        valid = [e for e in events or [] if isinstance(e, dict) and e.get("event")]
        if len(valid) != len(events or []):
            logger.error("action %s returned events that are not Rasa events", name)
        return ActionResult(events=valid, responses=list(dispatcher.messages))


@lru_cache(maxsize=1)
def default_runner() -> ActionRunner:
    """The `actions` package, imported once per process on first use."""
    return ActionRunner.from_package(ACTIONS_PACKAGE)

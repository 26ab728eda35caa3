"""Fixtures of the dialogue tests: the project's domain, the fake NLU and the test actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.dialogue.domain import Domain, default_domain
from assistant.dialogue.executor import ActionRunner
from assistant.dialogue.policy import Confidence
from assistant.dialogue.service import converse
from assistant.dialogue.types import Turn
from tests import clock
from tests.assistant.dialogue import fake_actions
from tests.assistant.dialogue.fake_nlu import FakeNLU
from tests.clock import local, on_weekday
from tests.factories import make_household

NOW = local(on_weekday(clock.TODAY, 2), "11:00")  # a Wednesday morning
Say = Callable[..., Turn]


@pytest.fixture
def domain() -> Domain:
    return default_domain()


@pytest.fixture
def runner() -> ActionRunner:
    return ActionRunner.of(fake_actions.ALL)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, dict[str, object]]]]:
    fake_actions.CALLS.clear()
    yield fake_actions.CALLS
    fake_actions.CALLS.clear()


@pytest.fixture
def household(session: Session) -> Household:
    return make_household(session, lang="fr")


@pytest.fixture
def say(session: Session, domain: Domain, runner: ActionRunner, household: Household) -> Say:
    """say("bonjour") -> the Turn; sender, household, lang, now and session can be overridden."""

    def run(text: str, **overrides: object) -> Turn:
        arguments: dict[str, object] = {
            "session": session, "nlu": FakeNLU(), "sender_id": "chat-1", "text": text,
            "channel": "app", "household": household, "domain": domain, "runner": runner,
            "confidence": Confidence(refuse_below=0.5), "now": NOW,
        }  # fmt: skip
        arguments.update(overrides)
        return converse(**arguments)  # type: ignore[arg-type]

    return run

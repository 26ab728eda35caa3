"""What the in-process dialogue hands an action, and what an action offers to be run by it.

The dialogue never imports an action package: it loads one by name (`executor.py`) and talks
to it through this contract. Action packages import it; nothing here imports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, runtime_checkable

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from assistant.briefing.commute import TrafficProvider
from assistant.briefing.weather import WeatherProvider
from assistant.customers.models import Household

__all__ = ["CORRECTABLE", "ActionContext", "BriefingProviders", "InProcessAction"]

# The confirmations whose "no" may say what to change instead ("non, pour 3", "make it 3"):
# the dialogue sends a vague message with a count or a day to `action_deny` while one waits,
# and the actions' `CORRECTIONS` (actions/confirm.py) answer exactly these.
CORRECTABLE = frozenset({"outing_book"})


class BriefingProviders(NamedTuple):
    weather: WeatherProvider | None
    traffic: TrafficProvider | None


@dataclass(frozen=True, slots=True)
class ActionContext:
    """One action call's unit of work and whom it is for.

    In-process the dialogue builds it from the turn (its session, its instant, the
    conversation's household and language); behind the Rasa action server each call opens
    its own (`actions.common.serve_call`)."""

    session: Session
    now: dt.datetime
    household: Household | None
    lang: str
    # None: the providers the settings configure.
    providers: BriefingProviders | None = None


@runtime_checkable
class InProcessAction(Protocol):
    """A rasa-sdk action that the dialogue can also run synchronously, inside its turn."""

    def name(self) -> str: ...

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]: ...

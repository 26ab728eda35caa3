"""The base of our data-backed actions and the parsing of slot values.

An action's synchronous `act` works with a `Ctx` built from the call's `ActionContext`:
in-process the dialogue's turn (`handle`), behind the Rasa action server a unit of work
opened for the call (`run`, through `serve_call`).
"""

from __future__ import annotations

import datetime as dt
import re
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from actions.common import ServedAction, ask_to_sign_in, say
from actions.common import tracker_lang as tracker_lang
from assistant.customers.models import Household
from assistant.dialogue.contract import ActionContext, BriefingProviders
from assistant.i18n import LANGS, Msg, render
from assistant.recipes.service import parse_duration_text
from assistant.replies import Card, custom_payload
from assistant.text import fold as fold
from nlu import values

DEFAULT_TZ = "Europe/Paris"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def zone(household: Household | None) -> ZoneInfo:
    return ZoneInfo(household.timezone if household is not None else DEFAULT_TZ)


def _spans(text: str) -> list[str]:
    """The text, then its word windows, longest first: a slot filled from a whole answer
    ("pour samedi svp") holds the value among other words."""
    words = text.split()
    return [
        " ".join(words[start : start + size])
        for size in range(len(words), 0, -1)
        for start in range(len(words) - size + 1)
    ]


def parse_date(value: Any, today: dt.date) -> dt.date | None:
    """A slot's date: ISO (what the NLU and buttons give), "12/12", or what `nlu.values`
    reads ("demain", "samedi", "le 12 décembre"), the one parser of spoken values."""
    if value is None:
        return None
    text = str(value).strip()
    if match := re.search(r"(\d{4})-(\d{2})-(\d{2})", text):
        year, month, day = match[1], match[2], match[3]
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", text):
        year, month, day = match[3] or str(today.year), match[2], match[1]
    else:
        noon = dt.datetime.combine(today, dt.time(12))
        found = (values.parse_date(span, noon) for span in _spans(text))
        iso = next((found_iso for found_iso in found if found_iso), None)
        return dt.date.fromisoformat(iso) if iso else None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_time(value: Any) -> dt.time | None:
    """A slot's time of day: "18:30" (what the NLU and buttons give) or what `nlu.values`
    reads ("18h30", "6pm", "midi"); a bare hour ("18") answers "at what time?"."""
    if value is None:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{1,2}", text):
        text = f"{text}h"
    found = next((hhmm for span in _spans(text) if (hhmm := values.parse_time(span))), None)
    if found is None:
        return None
    hour, minute = found.split(":")
    return dt.time(int(hour), int(minute))


def parse_minutes(value: Any) -> int | None:
    """A duration slot: a number of minutes, or a text ("45 min", "une heure")."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return int(float(text))
    return parse_duration_text(text)


def as_int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


@dataclass
class Ctx:
    """What an action works with during one call."""

    session: Session
    dispatcher: CollectingDispatcher
    tracker: Tracker
    household: Household
    lang: str
    now: dt.datetime
    # None: the providers the settings configure.
    providers: BriefingProviders | None = None
    # The last reply of this call in both languages: the question a confirmation asks again.
    said: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        household: Household,
    ) -> Ctx:
        return cls(
            context.session, dispatcher, tracker, household, context.lang, context.now,
            providers=context.providers,
        )  # fmt: skip

    @property
    def household_id(self) -> int:
        assert self.household.id is not None
        return self.household.id

    @property
    def local_now(self) -> dt.datetime:
        return self.now.astimezone(zone(self.household))

    @property
    def today(self) -> dt.date:
        return self.local_now.date()

    def slot(self, name: str) -> Any:
        return self.tracker.get_slot(name)

    def text(self, msg_id: str, /, **values: Any) -> str:
        """A catalogue message in the conversation's language, dates in the household's zone."""
        return render(self.lang, msg_id, zone=zone(self.household), **values)

    def tell(
        self,
        msg_id: str,
        /,
        *,
        buttons: list[dict[str, Any]] | None = None,
        cards: Sequence[Card] = (),
        **values: Any,
    ) -> None:
        """Says a catalogue message; the reply carries its id, values and cards (`custom`)."""
        self.tell_all([Msg(msg_id, values)], buttons=buttons, cards=cards)

    def tell_all(
        self,
        parts: Sequence[Msg],
        *,
        buttons: list[dict[str, Any]] | None = None,
        cards: Sequence[Card] = (),
    ) -> None:
        """Says several catalogue messages as one reply, sentence after sentence."""
        here = zone(self.household)
        said = {lang: " ".join(part.render(lang, zone=here) for part in parts) for lang in LANGS}
        custom = custom_payload(parts, cards)
        voice = " ".join(part.render(self.lang, zone=here, voice=True) for part in parts)
        if voice != said[self.lang]:
            custom["voice"] = voice
        say(
            self.dispatcher, self.tracker, fr=said["fr"], en=said["en"], buttons=buttons or [],
            custom=custom,
        )  # fmt: skip
        self.said = said


def clear_pending() -> list[dict[str, Any]]:
    return [SlotSet("pending_action", None), SlotSet("pending_payload", None)]


def set_pending(ctx: Ctx, action: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Wait for the customer's yes or no to what was just asked (`ctx.said`). The question is
    kept with the time it was asked: a yes long after it asks again instead of acting."""
    kept = {**payload, "asked_at": ctx.now.isoformat(), "question": dict(ctx.said)}
    return [SlotSet("pending_action", action), SlotSet("pending_payload", kept)]


def pending_age(ctx: Ctx, payload: dict[str, Any]) -> dt.timedelta | None:
    """How long ago the pending question was asked; None when unknown (asked before the time
    was kept: treated as stale)."""
    try:
        asked = dt.datetime.fromisoformat(str(payload["asked_at"]))
    except (KeyError, ValueError):
        return None
    return ctx.now - asked if asked.tzinfo is not None else None


class DataAction(ServedAction):
    """An action answering from the household's data. Abstract: rasa-sdk skips it."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def act(self, ctx: Ctx) -> list[dict[str, Any]]: ...

    def handle(
        self,
        context: ActionContext,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[dict[str, Any]]:
        if context.household is None:
            return ask_to_sign_in(dispatcher, tracker)
        events = self.act(Ctx.of(context, dispatcher, tracker, context.household))
        context.session.flush()
        return events

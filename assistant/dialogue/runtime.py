"""One turn at work: running actions and responses, applying their events, collecting replies."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from assistant.customers.models import Household
from assistant.dialogue.contract import ActionContext, BriefingProviders
from assistant.dialogue.domain import Domain
from assistant.dialogue.executor import Runner
from assistant.dialogue.tracker_store import DialogueState
from assistant.dialogue.types import Button, Reply

logger = logging.getLogger(__name__)

# Slots the dialogue owns: an action's reset does not forget who and which language.
KEPT_ON_RESET = ("lang", "household_id")
MAX_FOLLOWUPS = 5
# Keys of a rasa-sdk message that are not template variables of a `response`.
_MESSAGE_KEYS = frozenset(
    {"text", "buttons", "elements", "custom", "template", "response", "image", "attachment"}
)


@dataclass
class TurnContext:
    session: Session
    domain: Domain
    runner: Runner
    sender_id: str
    state: DialogueState
    now: dt.datetime
    household: Household | None = None
    # None: the providers the settings configure (tests hand fakes).
    providers: BriefingProviders | None = None
    replies: list[Reply] = field(default_factory=list)
    # Names from FollowupAction / ActiveLoop events, run after the current action.
    followups: list[str] = field(default_factory=list)

    @property
    def timestamp(self) -> float:
        return self.now.timestamp()

    def action_context(self) -> ActionContext:
        """What an action of this turn works with: the turn's unit of work and instant, the
        conversation's household and language."""
        lang = self.state.slots.get("lang")
        return ActionContext(
            session=self.session,
            now=self.now,
            household=self.household,
            lang=lang if lang in ("fr", "en") else "fr",
            providers=self.providers,
        )

    # --- responses -------------------------------------------------------------------------

    def utter(self, name: str, extra: dict[str, Any] | None = None) -> bool:
        """Says a domain response in the conversation's language; False when it is unknown."""
        rendered = self.domain.response(name, self.state.slots, extra)
        if rendered is None:
            logger.warning("unknown response %s", name)
            return False
        self._action_event(name)
        self._add_reply(
            text=str(rendered.get("text") or ""),
            buttons=rendered.get("buttons") or [],
            custom=rendered.get("custom"),
            ssml=None,
        )
        return True

    def _add_reply(
        self,
        *,
        text: str,
        buttons: list[dict[str, Any]],
        custom: dict[str, Any] | None,
        ssml: str | None,
    ) -> None:
        parsed = tuple(
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in buttons
            if isinstance(b, dict)
        )
        if not text and not parsed and not custom and not ssml:
            return
        reply = Reply(text=text, buttons=parsed, ssml=ssml, custom=custom or None)
        self.replies.append(reply)
        data: dict[str, Any] = {}
        if parsed:
            data["buttons"] = [{"title": b.title, "payload": b.payload} for b in parsed]
        if custom:
            data["custom"] = custom
        self.state.add_event(
            {"event": "bot", "timestamp": self.timestamp, "text": text, "data": data}
        )

    def _apply_response(self, message: dict[str, Any]) -> None:
        """One message of an action: free text, or a domain `response` with variables."""
        buttons = list(message.get("buttons") or [])
        custom = message.get("custom") or None
        ssml = message.get("ssml") if isinstance(message.get("ssml"), str) else None
        text = message.get("text")
        name = message.get("response") or message.get("template")
        if name:
            extra = {k: v for k, v in message.items() if k not in _MESSAGE_KEYS}
            rendered = self.domain.response(str(name), self.state.slots, extra)
            if rendered is None:
                logger.warning("an action named the unknown response %s", name)
            else:
                text = text or rendered.get("text")
                buttons = buttons or list(rendered.get("buttons") or [])
                custom = custom or rendered.get("custom")
        for key in ("image", "attachment"):
            if message.get(key):
                custom = {**(custom or {}), key: message[key]}
        self._add_reply(text=str(text or ""), buttons=buttons, custom=custom, ssml=ssml)

    # --- actions ---------------------------------------------------------------------------

    def _action_event(self, name: str) -> None:
        self.state.latest_action_name = name
        self.state.add_event(
            {
                "event": "action",
                "timestamp": self.timestamp,
                "name": name,
                "policy": None,
                "confidence": None,
            }
        )

    def run_action(self, name: str) -> list[dict[str, Any]]:
        """Runs an action (or says a response); returns the events it applied."""
        if name.startswith("utter_") and self.domain.has_response(name):
            self.utter(name)
            return []
        if not self.runner.knows(name):
            return self._missing_action(name)
        result = self.runner.run(
            name,
            tracker=self.state.tracker(self.sender_id),
            domain=self.domain.raw,
            context=self.action_context(),
        )
        # Logged after the call, as Rasa does: a form validation reads the trailing slot events.
        self._action_event(name)
        for message in result.responses:
            self._apply_response(message)
        self.apply_events(result.events)
        return result.events

    def _missing_action(self, name: str) -> list[dict[str, Any]]:
        """An action the domain names but no code answers: say so honestly, never invent."""
        logger.error("no action %s is registered", name)
        if name == "action_confirm":
            self.utter("utter_nothing_to_confirm")
        elif name == "action_deny":
            self.state.set_slot("pending_action", None, self.timestamp)
            self.state.set_slot("pending_payload", None, self.timestamp)
            self.utter("utter_cancelled")
        else:
            self.utter("utter_out_of_scope")
        return []

    def apply_events(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            kind = event.get("event")
            if kind == "slot":
                name, value = str(event.get("name")), event.get("value")
                if name == "requested_slot":
                    self.state.requested_slot = value
                    self.state.add_event(event)
                elif name in self.domain.slots:
                    self.state.set_slot(name, self.domain.slots[name].coerce(value), self.timestamp)
                else:
                    logger.warning("an action set the unknown slot %s", name)
            elif kind == "active_loop":
                self._set_loop(event.get("name"))
            elif kind == "followup" and event.get("name"):
                self.followups.append(str(event["name"]))
            elif kind in ("reset_slots", "restart"):
                kept = {k: self.state.slots.get(k) for k in KEPT_ON_RESET}
                self.state.slots = {**self.domain.initial_slots(), **kept}
                self.state.active_loop = None
                self.state.requested_slot = None
                self.state.add_event(event)
            else:
                self.state.add_event(event)

    def _set_loop(self, name: Any) -> None:
        self.state.active_loop = str(name) if name else None
        self.state.add_event({"event": "active_loop", "timestamp": self.timestamp, "name": name})
        if name is None:
            self.state.requested_slot = None
        elif str(name) in self.domain.forms and str(name) not in self.followups:
            # An action that starts a form hands the next step to that form, as in Rasa.
            self.followups.append(str(name))

    def activate(self, form: str) -> None:
        self._set_loop(form)
        # The form runs now: it is not a follow-up of itself.
        self.followups = [name for name in self.followups if name != form]

    def deactivate(self) -> None:
        self._set_loop(None)

"""Forms: ask for each required slot in turn, validate the answers, submit when complete."""

from __future__ import annotations

import re
from typing import Any

from assistant.dialogue.runtime import TurnContext
from nlu.parse import Parse

# A bare number answering a numeric question ("3" to "for how many people?").
_BARE_NUMBER = re.compile(r"\s*(\d{1,4})\s*[.!]?\s*")
_NUMBER_ENTITIES = ("quantity", "people_count")


def requested_value(
    ctx: TurnContext, parse: Parse, requested_slot: str | None, form: str | None = None
) -> dict[str, Any]:
    """The answer to the requested numeric slot when no mapping caught it: a number the NLU
    tagged as another entity, or the bare number typed. While another question is asked, a
    number the NLU tagged goes to the form's one numeric slot ("make it 3" while asked for
    the day: 3 people)."""
    if requested_slot is None or requested_slot not in ctx.domain.slots:
        return {}
    spec = ctx.domain.slots[requested_slot]
    if spec.type != "float":
        numeric = [
            slot
            for slot in ctx.domain.forms.get(form or "", ())
            if slot in ctx.domain.slots and ctx.domain.slots[slot].type == "float"
        ]
        if len(numeric) != 1:
            return {}
        spec = ctx.domain.slots[numeric[0]]
        for name in _NUMBER_ENTITIES:
            value = spec.coerce(parse.first(name))
            if value is not None:
                return {numeric[0]: value}
        return {}
    for name in _NUMBER_ENTITIES:
        value = spec.coerce(parse.first(name))
        if value is not None:
            return {requested_slot: value}
    match = _BARE_NUMBER.fullmatch(parse.text)
    return {requested_slot: float(match[1])} if match else {}


def form_step(ctx: TurnContext, form: str, candidates: dict[str, Any], *, activating: bool) -> None:
    """One step of `form`: take the message's values, validate them, then ask the next slot
    or, when every required slot is filled, deactivate and run the rule's submit action."""
    required = ctx.domain.forms[form]
    state = ctx.state
    if activating:
        ctx.activate(form)
        # Values from earlier turns (a date asked about store hours) are not this form's
        # answers: only what the activating message says pre-fills it.
        for slot in required:
            if slot not in candidates:
                state.slots[slot] = None
    values = {slot: value for slot, value in candidates.items() if slot in required}
    # Rasa's form hands the candidates to validation as the trailing slot events.
    for slot, value in values.items():
        state.set_slot(slot, value, ctx.timestamp)
    validator = f"validate_{form}"
    explicit_next: tuple[bool, str | None] = (False, None)
    if ctx.runner.knows(validator):
        state.requested_slot = state.requested_slot if not activating else None
        events = ctx.run_action(validator)
        for event in events:
            if event.get("event") == "slot" and event.get("name") == "requested_slot":
                explicit_next = (True, event.get("value"))
    if state.active_loop != form:
        return  # the validation ended the form itself
    if explicit_next[0]:
        next_slot = explicit_next[1]
    else:
        next_slot = next((slot for slot in required if state.slots.get(slot) is None), None)
    if next_slot is not None:
        state.requested_slot = next_slot
        state.add_event(
            {"event": "slot", "timestamp": ctx.timestamp, "name": "requested_slot",
             "value": next_slot}
        )  # fmt: skip
        ask(ctx, form, next_slot)
        return
    ctx.deactivate()
    submit = ctx.domain.form_submits.get(form)
    if submit is not None:
        ctx.run_action(submit)


def ask(ctx: TurnContext, form: str, slot: str) -> None:
    """`action_ask_<slot>` when the actions define one, else the domain's question."""
    for action in (f"action_ask_{form}_{slot}", f"action_ask_{slot}"):
        if ctx.runner.knows(action):
            ctx.run_action(action)
            return
    for response in (f"utter_ask_{form}_{slot}", f"utter_ask_{slot}"):
        if ctx.domain.has_response(response):
            ctx.utter(response)
            return


def cancel_form(ctx: TurnContext, form: str) -> None:
    ctx.deactivate()
    for slot in ctx.domain.forms.get(form, ()):
        ctx.state.slots[slot] = None

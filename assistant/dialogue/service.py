"""The dialogue entry point the channels call: one user message in, the assistant's replies out.

A turn: open the conversation (one household, never mixed), parse (or read a "/intent{...}"
payload), choose the language, fill slots from the entities through the domain's mappings,
decide (form, rule, confirmation, context carry or the honest fallback), run the actions
in-process, store the state and every message. Synchronous: channels call it from a worker
thread; it flushes, the caller commits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
from typing import Any

from sqlmodel import Session

from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.dialogue import forms
from assistant.dialogue.choice import SLOT as choice_slot
from assistant.dialogue.choice import chosen_option, narrowed_request
from assistant.dialogue.contract import CORRECTABLE
from assistant.dialogue.domain import Domain, default_domain
from assistant.dialogue.executor import Runner, default_runner
from assistant.dialogue.policy import (
    TOPIC_ENTITIES,
    Confidence,
    Decision,
    decide,
)
from assistant.dialogue.runtime import TurnContext
from assistant.dialogue.tracker_store import (
    DialogueState,
    load_state,
    open_conversation,
    record_message,
    save_state,
)
from assistant.dialogue.types import Turn
from assistant.errors import Unprocessable
from nlu.parse import LANGS, OUT_OF_SCOPE, NLUEngine, Parse, ParsedEntity

logger = logging.getLogger(__name__)

_PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?", re.DOTALL)
MAX_INPUT = 5000
LANG_MIN_WORDS = 3
# Slots the dialogue and the confirmations own: a typed "/affirm{...}" must not forge them.
PROTECTED_SLOTS = frozenset({"lang", "household_id", "pending_action", "pending_payload",
                             "last_topic", "requested_slot", "product_choice"})  # fmt: skip


def handle_message(
    *,
    session: Session,
    nlu: NLUEngine,
    sender_id: str,
    text: str,
    channel: str,
    household: Household | None,
    lang: str | None = None,
    now: dt.datetime,
) -> Turn:
    """One turn with the project's domain, rules and `actions` package."""
    return converse(
        session=session,
        nlu=nlu,
        sender_id=sender_id,
        text=text,
        channel=channel,
        household=household,
        lang=lang,
        now=now,
        domain=default_domain(),
        runner=default_runner(),
        confidence=confidence_policy(),
    )


def confidence_policy() -> Confidence:
    """The settings' threshold policy (`Confidence`)."""
    settings = get_settings()
    return Confidence(
        refuse_below=settings.nlu_threshold or 0.0, strong=settings.nlu_strong_confidence
    )


def parse_payload(text: str, *, domain: Domain, lang: str) -> Parse | None:
    """A button payload "/intent{json}" taken as-is; None when `text` is not one.

    An intent the domain does not know (or unreadable entities) is out of scope: a payload is
    user input like any other and must not reach a rule it was not meant for.
    """
    match = _PAYLOAD.fullmatch(text.strip())
    if match is None:
        return None
    intent = match["intent"]
    raw_entities: Any = {}
    if match["entities"]:
        try:
            raw_entities = json.loads(match["entities"])
        except json.JSONDecodeError:
            raw_entities = None
    if intent not in domain.intents or not isinstance(raw_entities, dict):
        return Parse(text=text, intent=OUT_OF_SCOPE, confidence=1.0, lang=lang)
    entities = tuple(
        ParsedEntity(entity=str(name), value=value, text="", start=0, end=0, extractor="payload")
        for name, value in raw_entities.items()
    )
    return Parse(
        text=text, intent=intent, confidence=1.0, lang=lang, entities=entities,
        ranking=((intent, 1.0),),
    )  # fmt: skip


def choose_lang(
    *, explicit: str | None, parse: Parse, is_payload: bool, conversation_lang: str | None,
    household: Household | None, confidence: Confidence,
) -> str:  # fmt: skip
    """The explicit `lang` > the detected language of a confidently understood message >
    the conversation's > the household's. Short or vague messages ("3", "ok?") do not
    switch the language of a conversation; a sentence of `LANG_MIN_WORDS` words does."""
    if explicit in LANGS:
        return str(explicit)
    understood = confidence.is_strong(parse)
    # A sentence is long enough to tell its language even when its request is out of scope.
    sentence = len(parse.text.split()) >= LANG_MIN_WORDS
    if not is_payload and parse.lang in LANGS and (understood or sentence):
        return parse.lang
    for candidate in (conversation_lang, household.lang if household is not None else None):
        if candidate in LANGS:
            return str(candidate)
    return LANGS[0]


def _json_safe(value: Any) -> Any:
    """Entity values as JSON stores them (dates become ISO strings)."""
    return json.loads(json.dumps(value, default=str))


def _last_turn_at(state: DialogueState) -> dt.datetime | None:
    if not state.last_turn_at:
        return None
    try:
        return dt.datetime.fromisoformat(state.last_turn_at)
    except ValueError:
        return None


_PRODUCT_BOUND = frozenset({"quantity", "unit"})


def _merge_entities(
    previous: list[dict[str, Any]], current: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The previous topic's entities overlaid by the new ones (same name: the new wins).
    A quantity and a unit belong to their product: a new product does not inherit them
    ("a dozen eggs", then "and sugar" is one sugar)."""
    names = {entity.get("entity") for entity in current}
    if "product" in names:
        names |= _PRODUCT_BOUND
    return [e for e in previous if e.get("entity") not in names] + current


def payload_slot_values(domain: Domain, parse: Parse) -> dict[str, Any]:
    """The `custom` slots a button payload names ("/outing_book{\"event_id\": 3}"): our
    actions write those buttons, so they set the slot as the action that wrote them would."""
    values: dict[str, Any] = {}
    for entity in parse.entities:
        spec = domain.slots.get(entity.entity)
        if spec is None or spec.from_entities or entity.entity in PROTECTED_SLOTS:
            continue
        value = spec.coerce(_json_safe(entity.value))
        if value is not None:
            values[entity.entity] = value
    return values


def _entity_slots_for(
    domain: Domain, entities: list[dict[str, Any]], *, active_loop: str | None,
    requested_slot: str | None,
) -> dict[str, Any]:  # fmt: skip
    parsed = tuple(
        ParsedEntity(entity=str(e.get("entity")), value=e.get("value"), text="", start=0, end=0)
        for e in entities
    )
    return domain.slot_values(parsed, active_loop=active_loop, requested_slot=requested_slot)


def converse(
    *,
    session: Session,
    nlu: NLUEngine,
    sender_id: str,
    text: str,
    channel: str,
    household: Household | None,
    domain: Domain,
    runner: Runner,
    confidence: Confidence,
    lang: str | None = None,
    now: dt.datetime,
) -> Turn:
    """`handle_message` with its domain, actions and threshold given (tests, other domains)."""
    text = text.strip()
    if not text:
        raise Unprocessable("The message is empty.", code="empty_message")
    text = text[:MAX_INPUT]
    start_lang = lang if lang in LANGS else (household.lang if household is not None else None)
    conversation = open_conversation(
        session=session, sender_id=sender_id, channel=channel, household=household,
        lang=start_lang if start_lang in LANGS else LANGS[0], now=now,
    )  # fmt: skip
    state = load_state(conversation)
    if not state.slots:
        state.slots = domain.initial_slots()

    payload = parse_payload(text, domain=domain, lang=conversation.lang)
    # Relative dates resolve on the household's calendar at this turn's instant.
    tz = household.timezone if household is not None else get_settings().default_timezone
    # The conversation's language breaks a tie ("stop les notifications" is half English).
    hint = lang if lang in LANGS else conversation.lang
    parse = payload or nlu.parse(text, lang=hint if hint in LANGS else None, now=now, tz=tz)
    # "Which one?" is asked for one turn: a vague answer narrows that search.
    choice, state.slots[choice_slot] = state.slots.get(choice_slot), None
    picked = chosen_option(choice, text) if payload is None else None
    if picked is not None:
        # "la deuxième" to "which one?": its second button, whatever the NLU made of it.
        payload = parse_payload(picked, domain=domain, lang=conversation.lang)
        parse = payload or parse
    if payload is None and not confidence.is_strong(parse):
        narrowed = narrowed_request(session, choice, text)
        if narrowed is not None:
            payload = parse_payload(narrowed, domain=domain, lang=conversation.lang)
            parse = payload or parse
    if payload is None and _corrects_pending(state, parse, confidence):
        # "make it 3", "plutôt dimanche" to "Shall I book 4...?": a no that says what to change.
        parse = dataclasses.replace(parse, intent="deny")
    pending_before = state.slots.get("pending_payload")
    turn_lang = choose_lang(
        explicit=lang, parse=parse, is_payload=payload is not None,
        conversation_lang=conversation.lang, household=household, confidence=confidence,
    )  # fmt: skip
    conversation.lang = turn_lang
    ctx = TurnContext(
        session=session, domain=domain, runner=runner, sender_id=sender_id, state=state, now=now,
        household=household,
    )  # fmt: skip
    state.slots["lang"] = turn_lang
    state.slots["household_id"] = (
        float(household.id) if household is not None and household.id is not None else None
    )

    entities = [_json_safe(entity.to_rasa()) for entity in parse.entities]
    values = _entity_slots_for(
        domain, entities, active_loop=state.active_loop, requested_slot=state.requested_slot
    )
    if state.active_loop is not None and (
        not confidence.is_strong(parse)
        or domain.form_activations.get(parse.intent) == state.active_loop
    ):
        # A bare number answers the question asked, unless the message clearly asks something
        # else. Out of scope is no request: engines are often sure that "4" is out of scope.
        values.update(
            {k: v for k, v in forms.requested_value(
                ctx, parse, state.requested_slot, state.active_loop).items() if k not in values}
        )  # fmt: skip
    form_slots = domain.forms.get(state.active_loop or "", ())
    decision = decide(
        domain,
        parse,
        confidence=confidence,
        active_loop=state.active_loop,
        fills_form=any(slot in form_slots for slot in values),
        last_topic=state.slots.get("last_topic"),
        last_turn_at=_last_turn_at(state),
        now=now,
    )
    if decision.carried:
        entities = _merge_entities(state.last_entities, entities)
        values = _entity_slots_for(domain, entities, active_loop=None, requested_slot=None)

    latest = _json_safe(parse.to_rasa())
    latest["intent"] = {"name": decision.intent, "confidence": parse.confidence}
    latest["entities"] = entities
    state.latest_message = latest
    state.add_event(
        {"event": "user", "timestamp": ctx.timestamp, "text": text, "parse_data": latest,
         "input_channel": channel}
    )  # fmt: skip
    record_message(
        session=session, conversation=conversation, direction="in", text=text, now=now,
        intent=parse.intent, confidence=parse.confidence,
        entities=[_json_safe(entity.to_rasa()) for entity in parse.entities],
        payload={"channel": channel, "handled_as": decision.intent, "kind": decision.kind,
                 "carried": decision.carried, "lang": turn_lang},
    )  # fmt: skip

    in_form = decision.kind == "continue_form" or decision.resumes is not None
    # The form holds its answers and what the request that opened it said ("pour samedi" is
    # the pickup's day, not a slot the form asks for) until it ends.
    held = _held_by_form(domain, state.slots, form_slots) if in_form else ()
    # A question asked on the way through a form uses its own values, then the form's come back.
    answers = {name: state.slots.get(name) for name in held} if decision.resumes else {}
    _fill_entity_slots(ctx, values, keep=form_slots if decision.resumes else held)
    given = payload_slot_values(domain, parse) if payload is not None else {}
    if decision.kind == "activate_form":
        # A new form starts from what this message says, not from an earlier button.
        for name in _payload_settable(domain):
            if name not in given and state.slots.get(name) is not None:
                state.slots[name] = None
    for name, value in given.items():
        state.set_slot(name, value, ctx.timestamp)
    _carry_out(ctx, decision, values, entities, answers)
    if (
        pending_before is not None
        and decision.intent not in ("affirm", "deny")
        and state.slots.get("pending_payload") == pending_before
    ):
        # A yes answers the question just asked: once the customer has said something else,
        # a later "oui" must not carry out what they may have meant to change.
        state.slots["pending_action"] = state.slots["pending_payload"] = None

    state.last_turn_at = now.isoformat()
    save_state(session=session, conversation=conversation, state=state, now=now)
    for reply in ctx.replies:
        record_message(
            session=session, conversation=conversation, direction="out", text=reply.text, now=now,
            payload={"buttons": [{"title": b.title, "payload": b.payload} for b in reply.buttons],
                     "custom": reply.custom or {}},
        )  # fmt: skip
    return Turn(
        sender_id=sender_id,
        lang=turn_lang,
        parse=parse,
        replies=list(ctx.replies),
        active_form=state.active_loop,
        requested_slot=state.requested_slot,
    )


def _payload_settable(domain: Domain) -> list[str]:
    return [
        name
        for name, spec in domain.slots.items()
        if not spec.from_entities and name not in PROTECTED_SLOTS
    ]


# What a "no" that corrects a question carries.
_CORRECTING_ENTITIES = frozenset({"quantity", "people_count", "date"})


def _corrects_pending(state: DialogueState, parse: Parse, confidence: Confidence) -> bool:
    """A vague message with a count or a day while a correctable question waits."""
    return (
        state.slots.get("pending_action") in CORRECTABLE
        and parse.intent not in ("affirm", "deny")
        and not confidence.is_strong(parse)
        and any(entity.entity in _CORRECTING_ENTITIES for entity in parse.entities)
    )


def _held_by_form(
    domain: Domain, slots: dict[str, Any], form_slots: tuple[str, ...]
) -> tuple[str, ...]:
    """The form's own slots and every entity slot already set while it is active."""
    return tuple(dict.fromkeys([
        *form_slots, *(name for name in domain.entity_slots() if slots.get(name) is not None)
    ]))  # fmt: skip


def _fill_entity_slots(ctx: TurnContext, values: dict[str, Any], *, keep: tuple[str, ...]) -> None:
    """Entity slots hold this turn's values: an earlier turn's product or quantity must not
    leak into a new request (a carried topic passes its previous entities in `values`).
    The answers already given to an active form are kept."""
    for name in ctx.domain.entity_slots():
        if name in values:
            ctx.state.set_slot(name, values[name], ctx.timestamp)
        elif name not in keep and ctx.state.slots.get(name) is not None:
            ctx.state.slots[name] = None


def _carry_out(
    ctx: TurnContext,
    decision: Decision,
    values: dict[str, Any],
    entities: list[dict[str, Any]],
    answers: dict[str, Any],
) -> None:
    if decision.left_form is not None and decision.kind != "cancel_form":
        # A clear other request leaves the form quietly; its answers so far are dropped.
        forms.cancel_form(ctx, decision.left_form)
    topic: str | None = None
    if decision.kind == "cancel_form":
        assert decision.left_form is not None
        forms.cancel_form(ctx, decision.left_form)
        ctx.utter(str(decision.target))
    elif decision.kind in ("activate_form", "continue_form"):
        assert decision.target is not None
        forms.form_step(ctx, decision.target, values, activating=decision.kind == "activate_form")
    elif decision.kind == "run":
        assert decision.target is not None
        ctx.run_action(decision.target)
        if decision.resumes is not None:
            ctx.state.slots.update(answers)
            if ctx.state.requested_slot is not None:
                forms.ask(ctx, decision.resumes, ctx.state.requested_slot)
        elif decision.intent in TOPIC_ENTITIES:
            topic = decision.intent
    else:
        ctx.utter(str(decision.target))
        if decision.resumes is not None and ctx.state.requested_slot is not None:
            forms.ask(ctx, decision.resumes, ctx.state.requested_slot)
    _run_followups(ctx, values)
    if ctx.state.slots.get("last_topic") != topic:
        ctx.state.set_slot("last_topic", topic, ctx.timestamp)
    ctx.state.last_entities = entities if topic is not None else []


def _run_followups(ctx: TurnContext, values: dict[str, Any]) -> None:
    """FollowupAction / ActiveLoop from actions, bounded so two actions cannot ping-pong."""
    for _ in range(5):
        if not ctx.followups:
            return
        name = ctx.followups.pop(0)
        if name in ctx.domain.forms:
            forms.form_step(ctx, name, {}, activating=ctx.state.active_loop != name)
        else:
            ctx.run_action(name)
    if ctx.followups:
        logger.warning("follow-up chain cut: %s", ctx.followups)
        ctx.followups.clear()

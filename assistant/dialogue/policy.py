"""What the assistant does with a message: the rules of nlu/data/rules.yml, forms, and context.

The decision is pure (no database, no action): the service carries it out.

Context carry, precisely: a message continues the previous topic ("ajoute du lait" then
"et deux de plus"; "store hours?" then "and for Sunday?") when all of these hold:
- no form is active;
- the previous turn ran the action of a carry topic (`last_topic`, one of `TOPIC_ENTITIES`),
  at most `CARRY_WINDOW` ago;
- the message carries at least one entity, and every one of them is an entity of that topic;
- its intent is weak: out of scope, a fallback, not clear (`Confidence`), or the topic
  itself; a social intent (greet, affirm, deny...) never carries; or the message is only a
  fragment ("et dimanche ?", "and on saturday?": its entities and linking words), whatever
  topic the engine guesses for it.
The turn then runs the topic's action with the previous entities overlaid by the new ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from assistant.dialogue.domain import NLU_FALLBACK, Domain
from assistant.text import fold_words
from nlu.parse import OUT_OF_SCOPE, Parse

FALLBACK_INTENTS = frozenset({OUT_OF_SCOPE, NLU_FALLBACK})
SOCIAL_INTENTS = frozenset({"greet", "goodbye", "thanks", "help", "affirm", "deny"})
FALLBACK_RESPONSE = "utter_out_of_scope"
CANCELLED_RESPONSE = "utter_cancelled"
# Requests that undo or change what a form is about leave it even when they name one of its
# values ("finalement annule ma réservation du cirque" inside the booking form): the form
# they would undo is cancelled; another one is left for them.
UNDOES_FORM: dict[str, str] = {"booking_cancel": "booking_form", "order_cancel": "pickup_form"}
CHANGES: frozenset[str] = frozenset({*UNDOES_FORM, "order_modify"})
# Questions a customer asks on the way through a form ("quel temps fera-t-il samedi ?" while
# booking): answered, then the form's question is asked again, its answers untouched.
ASIDES: frozenset[str] = frozenset(
    {"weather", "traffic", "store_info", "loyalty_balance", "loyalty_rewards",
     "product_availability", "order_status", "receipt_show", "help"}
)  # fmt: skip
CARRY_WINDOW = dt.timedelta(minutes=15)
TOPIC_ENTITIES: dict[str, frozenset[str]] = {
    "shopping_list_add": frozenset({"product", "quantity", "unit"}),
    "shopping_list_remove": frozenset({"product", "quantity", "unit"}),
    "product_availability": frozenset({"product", "store", "date"}),
    "store_info": frozenset({"store", "date", "time"}),
    "weather": frozenset({"date", "time", "store"}),
    "traffic": frozenset({"store", "date", "time"}),
    "recipe_suggest": frozenset({"dish", "ingredient", "people_count", "duration"}),
    "outing_suggest": frozenset({"event_type", "date", "people_count"}),
    "offers_show": frozenset({"product", "store"}),
    "offer_clip": frozenset({"product"}),
}

# Words that link a fragment to what was said before: they name nothing themselves.
LINKING_WORDS = frozenset(
    {"et", "and", "pour", "for", "on", "le", "la", "les", "l", "the", "a", "au", "aux", "du",
     "de", "des", "d", "ce", "cette", "this", "that", "alor", "then", "aussi", "also", "plutot",
     "instead", "what", "about", "how", "quoi", "puis", "ou", "or", "si", "if", "sinon",
     "otherwise", "maybe", "peut", "etre", "in", "at", "en", "dan"}
)  # fmt: skip

Kind = Literal["run", "activate_form", "continue_form", "cancel_form", "fallback"]


@dataclass(frozen=True, slots=True)
class Decision:
    kind: Kind
    # The intent the turn is handled as (the previous topic when context carries over).
    intent: str
    # The action, response or form to run; None for a fallback.
    target: str | None = None
    # The form that was active and is left by this turn.
    left_form: str | None = None
    carried: bool = False
    # The form whose question is asked again after the answer (out of scope or a question
    # asked on the way inside a form); the form's answers are kept as they were.
    resumes: str | None = None


@dataclass(frozen=True, slots=True)
class Confidence:
    """The one threshold policy, on the engine's calibrated confidence (settings:
    `NLU_THRESHOLD`, `NLU_STRONG_CONFIDENCE`).

    - Below `refuse_below` a parse is out of scope. The engines refuse on their own (the
      embedded one below thresholds calibrated per language on held-out data, a Rasa parse
      below `NLU_THRESHOLD`), so the dialogue's own floor is 0 unless the settings set one.
    - At or above `strong` an intent is clear enough to leave a form, to start a new topic
      instead of carrying the last one, to switch the conversation's language, or to be
      taken over a typed answer to "which one?". Between the two the request is answered,
      but the context the customer is in wins."""

    refuse_below: float = 0.0
    strong: float = 0.7

    def refuses(self, parse: Parse) -> bool:
        return parse.intent in FALLBACK_INTENTS or parse.confidence < self.refuse_below

    def is_strong(self, parse: Parse) -> bool:
        """A request understood clearly."""
        return parse.intent not in FALLBACK_INTENTS and parse.confidence >= self.strong

    def is_clear(self, parse: Parse) -> bool:
        """Sure of what it is, out of scope included ("play some jazz" inside a form)."""
        return parse.confidence >= self.strong


def is_fragment(parse: Parse) -> bool:
    """Only entities and linking words: "et dimanche ?", "and for two?", "plutôt 3"."""
    if not parse.entities:
        return False
    rest = parse.text
    for entity in sorted(parse.entities, key=lambda e: e.start, reverse=True):
        rest = rest[: entity.start] + " " + rest[entity.end :]
    return all(word in LINKING_WORDS for word in fold_words(rest))


def carries_context(
    parse: Parse,
    *,
    last_topic: str | None,
    last_turn_at: dt.datetime | None,
    now: dt.datetime,
    active_loop: str | None,
    confidence: Confidence,
) -> bool:
    if active_loop is not None or last_topic not in TOPIC_ENTITIES:
        return False
    if last_turn_at is None or now - last_turn_at > CARRY_WINDOW:
        return False
    if not parse.entities or parse.intent in SOCIAL_INTENTS:
        return False
    if any(entity.entity not in TOPIC_ENTITIES[last_topic] for entity in parse.entities):
        return False
    if parse.intent in FALLBACK_INTENTS or parse.intent == last_topic or is_fragment(parse):
        return True
    # A hesitant guess at another topic that takes these entities is still that topic
    # ("scratch the sugar" after an add is a removal, not one more sugar).
    own_topic = all(
        entity.entity in TOPIC_ENTITIES.get(parse.intent, ()) for entity in parse.entities
    )
    return not confidence.is_clear(parse) and not own_topic


def _route(domain: Domain, parse: Parse, confidence: Confidence, left_form: str | None) -> Decision:
    """Outside a form: the fallback, a form activation, or the intent's rule."""
    intent = parse.intent
    if confidence.refuses(parse):
        return Decision("fallback", intent, FALLBACK_RESPONSE, left_form=left_form)
    if intent in domain.form_activations:
        return Decision("activate_form", intent, domain.form_activations[intent], left_form)
    action = domain.intent_actions.get(intent)
    if action is None:
        return Decision("fallback", intent, FALLBACK_RESPONSE, left_form=left_form)
    return Decision("run", intent, action, left_form=left_form)


def decide(
    domain: Domain,
    parse: Parse,
    *,
    confidence: Confidence,
    active_loop: str | None,
    fills_form: bool,
    last_topic: str | None,
    last_turn_at: dt.datetime | None,
    now: dt.datetime,
) -> Decision:
    """`fills_form`: the message gives a value to one of the active form's slots."""
    if active_loop is not None:
        confident = confidence.is_clear(parse)
        if parse.intent == "deny" and not fills_form:
            return Decision("cancel_form", "deny", CANCELLED_RESPONSE, left_form=active_loop)
        if confident and parse.intent in CHANGES:
            if UNDOES_FORM.get(parse.intent) == active_loop:
                return Decision(
                    "cancel_form", parse.intent, CANCELLED_RESPONSE, left_form=active_loop
                )
            return _route(domain, parse, confidence, left_form=active_loop)
        # A question asked on the way: clear, or at least not an answer to the form.
        aside = domain.intent_actions.get(parse.intent)
        asked = confident or (not fills_form and not confidence.refuses(parse))
        if asked and parse.intent in ASIDES and aside is not None:
            return Decision("run", parse.intent, aside, resumes=active_loop)
        if fills_form or domain.form_activations.get(parse.intent) == active_loop:
            return Decision("continue_form", parse.intent, active_loop)
        if confident and parse.intent in FALLBACK_INTENTS:
            # Something the assistant cannot do is no reason to forget the booking half
            # made: say so, then ask the form's question again.
            return Decision("fallback", parse.intent, FALLBACK_RESPONSE, resumes=active_loop)
        # A clear other request (or a clearly unrelated one) leaves the form; a vague answer
        # stays in it: the form's validation may extract a value from the text, else re-asks.
        leaves = confident and parse.intent != "affirm" and parse.intent != NLU_FALLBACK
        if leaves:
            return _route(domain, parse, confidence, left_form=active_loop)
        return Decision("continue_form", parse.intent, active_loop)
    if carries_context(
        parse,
        last_topic=last_topic,
        last_turn_at=last_turn_at,
        now=now,
        active_loop=active_loop,
        confidence=confidence,
    ):
        assert last_topic is not None
        action = domain.intent_actions.get(last_topic)
        if action is not None:
            return Decision("run", last_topic, action, carried=True)
    return _route(domain, parse, confidence, left_form=None)

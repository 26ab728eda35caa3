"""The domain and rules read from the Rasa project, and the pure policy decisions."""

from __future__ import annotations

import pytest

from assistant.dialogue.domain import Domain, fill_template
from assistant.dialogue.policy import Confidence, carries_context, decide, is_fragment
from nlu.parse import INTENTS, Parse, ParsedEntity
from tests import clock
from tests.clock import local, on_weekday

NOW = local(on_weekday(clock.TODAY, 2), "11:00")  # a Wednesday morning


def test_every_contract_intent_has_a_rule(domain: Domain) -> None:
    handled = set(domain.intent_actions) | set(domain.form_activations)
    assert set(INTENTS) - {"outing_book", "order_place"} <= set(domain.intent_actions)
    assert set(INTENTS) <= handled
    assert domain.form_activations == {"outing_book": "booking_form", "order_place": "pickup_form"}
    assert domain.form_submits == {
        "booking_form": "action_outing_book",
        "pickup_form": "action_order_place",
    }
    assert domain.intent_actions["nlu_fallback"] == "utter_out_of_scope"


@pytest.mark.parametrize(
    ("lang", "start"), [("en", "For which"), ("fr", "Pour quel"), (None, "Pour")]
)
def test_responses_follow_the_lang_slot(domain: Domain, lang: str | None, start: str) -> None:
    rendered = domain.response("utter_ask_date", {"lang": lang})
    assert rendered is not None and rendered["text"].startswith(start)


def test_templates_fill_slots_and_leave_unknown_names() -> None:
    assert fill_template("{n} points, {missing}", {"n": 48.0}) == "48 points, {missing}"


def test_conditional_mappings_need_their_form(domain: Domain) -> None:
    entities = (ParsedEntity("time", "18:00", "18h", 0, 3),)
    outside = domain.slot_values(entities, active_loop=None, requested_slot=None)
    inside = domain.slot_values(entities, active_loop="pickup_form", requested_slot=None)
    assert "pickup_time" not in outside and outside["time"] == "18:00"
    assert inside["pickup_time"] == "18:00"


def test_float_slots_drop_what_is_not_a_number(domain: Domain) -> None:
    entities = (ParsedEntity("quantity", "beaucoup", "beaucoup", 0, 8),)
    assert domain.slot_values(entities, active_loop=None, requested_slot=None) == {}


@pytest.mark.parametrize(
    ("intent", "confidence", "fills", "kind"),
    [
        ("deny", 0.95, False, "cancel_form"),
        ("out_of_scope", 0.3, True, "continue_form"),
        ("out_of_scope", 0.3, False, "continue_form"),
        ("out_of_scope", 0.9, False, "fallback"),
        ("recipe_suggest", 0.9, False, "run"),
        ("recipe_suggest", 0.5, False, "continue_form"),
        # A question on the way is answered and the form goes on, its answers kept; even a
        # hesitant one, unless the message answers the form.
        ("weather", 0.9, True, "aside"),
        ("weather", 0.6, False, "aside"),
        ("weather", 0.6, True, "continue_form"),
        ("weather", 0.3, False, "continue_form"),
        ("outing_book", 0.9, False, "continue_form"),
        # Undoing what the form is about cancels it, even when a value of it is named.
        ("booking_cancel", 0.95, True, "cancel_form"),
        ("booking_cancel", 0.5, True, "continue_form"),
        ("order_cancel", 0.95, True, "run"),
        ("order_modify", 0.95, True, "run"),
    ],
)
def test_decisions_inside_a_form(
    domain: Domain, intent: str, confidence: float, fills: bool, kind: str
) -> None:
    parse = Parse(text="x", intent=intent, confidence=confidence, lang="fr")
    decision = decide(
        domain, parse, confidence=Confidence(refuse_below=0.5), active_loop="booking_form",
        fills_form=fills, last_topic=None, last_turn_at=None, now=NOW,
    )  # fmt: skip
    if kind == "aside":
        assert (decision.kind, decision.target) == ("run", "action_weather")
        assert decision.left_form is None and decision.resumes == "booking_form"
        return
    assert decision.kind == kind
    if kind == "run":
        assert decision.left_form == "booking_form"
    if kind == "fallback":
        # Out of scope is answered, and the form's question asked again: the form stays.
        assert decision.left_form is None and decision.resumes == "booking_form"


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "carried"),
    [
        ("et du sugar ?", "out_of_scope", 0.6, True),  # a fragment of the last request
        ("add sugar", "shopping_list_add", 0.95, True),
        ("scratch the sugar", "shopping_list_remove", 0.6, False),  # a hesitant removal
        ("sugar forecast", "weather", 0.6, True),  # the weather takes no product: a guess
        ("remove sugar", "shopping_list_remove", 0.95, False),
        ("and sugar?", "shopping_list_remove", 0.6, True),  # only a fragment: whatever guess
        ("and sugar?", "greet", 0.9, False),  # a social intent never carries
    ],
)
def test_which_turns_carry_the_last_topic(
    text: str, intent: str, confidence: float, carried: bool
) -> None:
    start = text.index("sugar")
    parse = Parse(
        text=text, intent=intent, confidence=confidence, lang="en",
        entities=(ParsedEntity("product", "sugar", "sugar", start, start + 5),),
    )  # fmt: skip
    assert (
        carries_context(
            parse,
            last_topic="shopping_list_add",
            last_turn_at=NOW,
            now=NOW,
            active_loop=None,
            confidence=Confidence(),
        )
        is carried
    )


def _with_date(text: str, word: str) -> Parse:
    start = text.index(word)
    entity = ParsedEntity("date", "2026-12-13", word, start, start + len(word))
    return Parse(text=text, intent="outing_suggest", confidence=0.1, lang="fr", entities=(entity,))


@pytest.mark.parametrize(
    ("text", "word", "fragment"),
    [
        ("et dimanche ?", "dimanche", True),
        ("and on sunday?", "sunday", True),
        ("et pour dimanche alors", "dimanche", True),
        ("quelles sorties dimanche", "dimanche", False),
        ("du cirque dimanche", "dimanche", False),
    ],
)
def test_a_fragment_is_only_entities_and_linking_words(
    text: str, word: str, fragment: bool
) -> None:
    assert is_fragment(_with_date(text, word)) is fragment

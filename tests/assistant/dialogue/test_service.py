"""The dialogue turn by turn, with the fake NLU and the test actions, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from assistant.customers.models import Household
from assistant.dialogue.domain import Domain
from assistant.dialogue.models import Message
from assistant.dialogue.policy import Confidence
from assistant.dialogue.tracker_store import get_conversation, list_messages
from assistant.errors import Forbidden, Unprocessable
from tests.assistant.dialogue.conftest import NOW, Say
from tests.assistant.dialogue.fake_nlu import FakeNLU
from tests.factories import make_household

GREET = {
    "fr": "Bonjour ! Je suis votre assistant Carchan. Que puis-je faire pour vous ?",
    "en": "Hello! I'm your Carchan assistant. What can I do for you?",
}
ASK = {
    "event_type": "Quelle sortie souhaitez-vous réserver (cirque, cinéma, concert...) ?",
    "date": "Pour quel jour ?",
    "people_count": "Pour combien de personnes ?",
}
Calls = list[tuple[str, dict[str, object]]]


def texts(turn: object) -> list[str]:
    return [reply.text for reply in turn.replies]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "lang"), [("Bonjour", "fr"), ("Hello", "en")])
def test_greeting_in_the_users_language(say: Say, text: str, lang: str) -> None:
    turn = say(text)
    assert turn.lang == lang
    assert texts(turn) == [GREET[lang]]
    assert turn.parse.intent == "greet"


@pytest.mark.parametrize(
    ("text", "lang", "start"),
    [
        ("quelle est la capitale du Pérou", "fr", "Désolé, je ne peux pas vous aider"),
        ("what is the capital of Peru", "en", "Sorry, I can't help with that"),
        ("blablabla zorglub", "fr", "Désolé, je ne peux pas vous aider"),
    ],
)
def test_out_of_scope_is_an_honest_list_of_capabilities(
    say: Say, session: Session, text: str, lang: str, start: str
) -> None:
    turn = say(text)
    [reply] = texts(turn)
    assert reply.startswith(start)
    assert ("recettes" if lang == "fr" else "recipes") in reply
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None
    stored = list_messages(session=session, conversation=conversation)
    assert [(m.direction, m.intent) for m in stored] == [("in", "out_of_scope"), ("out", None)]
    assert stored[1].text == reply


def test_below_threshold_is_out_of_scope_even_with_an_intent(say: Say, domain: Domain) -> None:
    turn = say("bonjour", confidence=Confidence(refuse_below=0.99))
    assert texts(turn)[0].startswith("Désolé")


def test_booking_form_asks_each_slot_validates_and_submits(say: Say, calls: Calls) -> None:
    turn = say("je voudrais réserver une sortie")
    assert (turn.active_form, turn.requested_slot) == ("booking_form", "event_type")
    assert texts(turn) == [ASK["event_type"]]

    turn = say("l'opéra")
    assert texts(turn) == ["Pas de opéra en ce moment.", ASK["event_type"]]
    assert turn.requested_slot == "event_type"

    turn = say("le cirque")
    assert (turn.requested_slot, texts(turn)) == ("date", [ASK["date"]])

    turn = say("demain")
    assert (turn.requested_slot, texts(turn)) == ("people_count", [ASK["people_count"]])

    turn = say("50")
    assert texts(turn) == ["10 personnes au plus.", ASK["people_count"]]
    assert turn.requested_slot == "people_count"
    assert not [name for name, _ in calls if name == "action_outing_book"]

    turn = say("4")
    assert (turn.active_form, turn.requested_slot) == (None, None)
    assert texts(turn)[0] == "Je réserve cirque demain pour 4 ?"
    booked = [values for name, values in calls if name == "action_outing_book"]
    assert booked == [
        {"event_type": "cirque", "date": "demain", "people_count": 4.0,
         "intent": "out_of_scope", "has_session": True}
    ]  # fmt: skip


def test_a_bare_number_answers_the_form_even_when_the_engine_is_sure_it_is_out_of_scope(
    say: Say, calls: Calls
) -> None:
    # The trained engines classify "4" as out_of_scope with high confidence.
    sure = FakeNLU(fallback_confidence=0.95)
    say("je voudrais réserver le cirque demain", nlu=sure)
    turn = say("4", nlu=sure)
    assert (turn.active_form, turn.requested_slot) == (None, None)
    assert texts(turn)[0] == "Je réserve cirque demain pour 4 ?"
    assert [name for name, _ in calls if name == "action_outing_book"] == ["action_outing_book"]


def test_entities_of_the_activating_message_prefill_the_form(say: Say) -> None:
    turn = say("réserver le cirque pour 3 personnes")
    assert (turn.requested_slot, texts(turn)) == ("date", [ASK["date"]])


def test_an_old_date_does_not_prefill_a_new_form(say: Say) -> None:
    say("horaires dimanche")
    turn = say("réserver le cirque")
    assert turn.requested_slot == "date"


def test_deny_inside_a_form_cancels_it(say: Say, session: Session, calls: Calls) -> None:
    say("réserver le cirque")
    turn = say("non merci")
    assert texts(turn) == ["C'est annulé, rien n'a été fait."]
    assert (turn.active_form, turn.requested_slot) == (None, None)
    # Out of the form, a date alone is no answer any more.
    assert texts(say("demain"))[0].startswith("Désolé")
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None and conversation.state["slots"]["event_type"] is None


def test_cancelling_the_booking_being_made_cancels_the_form(say: Say, calls: Calls) -> None:
    say("réserver le cirque")
    # "cirque" is a value of the form, yet the request undoes it rather than answers it.
    turn = say("finalement annule ma réservation du cirque")
    assert texts(turn) == ["C'est annulé, rien n'a été fait."]
    assert (turn.active_form, turn.requested_slot) == (None, None)
    assert calls == []


def test_a_clear_other_request_leaves_the_form(say: Say, calls: Calls) -> None:
    say("réserver une sortie")
    turn = say("ajoute du lait")
    assert turn.active_form is None
    assert texts(turn) == ["J'ajoute 1 lait."]


def test_affirm_runs_the_pending_action_once(say: Say, session: Session, calls: Calls) -> None:
    say("réserver le cirque demain pour 2 personnes")
    turn = say("oui")
    assert texts(turn) == ["C'est réservé pour 2."]
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None
    assert conversation.state["slots"]["pending_action"] is None
    assert texts(say("oui")) == ["Il n'y a rien à confirmer pour le moment."]


def test_deny_outside_a_form_without_action_deny_cancels_what_is_pending(
    say: Say, session: Session
) -> None:
    say("réserver le cirque demain pour 2 personnes")
    turn = say("non")
    assert texts(turn) == ["C'est annulé, rien n'a été fait."]
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None
    assert conversation.state["slots"]["pending_action"] is None


def test_context_carries_the_product_to_a_follow_up(say: Say, calls: Calls) -> None:
    say("ajoute du lait")
    turn = say("et deux de plus")
    assert texts(turn) == ["J'ajoute 2 lait."]
    assert calls[-1] == (
        "action_shopping_list_add",
        {"product": "lait", "quantity": 2.0, "intent": "shopping_list_add", "has_session": True},
    )


def test_context_carries_a_new_date_to_store_info(say: Say, calls: Calls) -> None:
    say("what are the store hours", lang="en")
    turn = say("and for Sunday?")
    assert turn.lang == "en"
    assert texts(turn) == ["Hours dimanche: 08:30-21:00."]
    assert calls[-1][0] == "action_store_info"


@pytest.mark.parametrize(
    ("first", "later", "minutes"),
    [
        ("bonjour", "et deux de plus", 1),  # no topic before
        ("ajoute du lait", "et deux de plus", 30),  # too late
        ("ajoute du lait", "et demain", 1),  # a date is no entity of the shopping list
    ],
)
def test_context_does_not_carry(
    say: Say, calls: Calls, first: str, later: str, minutes: int
) -> None:
    say(first)
    turn = say(later, now=NOW + dt.timedelta(minutes=minutes))
    assert texts(turn)[0].startswith("Désolé")


def test_a_carried_product_request_does_not_inherit_the_earlier_quantity(
    say: Say, calls: Calls
) -> None:
    say("ajoute 3 pommes")
    say("et du lait")
    assert calls[-1][0] == "action_shopping_list_add"
    assert (calls[-1][1]["product"], calls[-1][1]["quantity"]) == ("lait", None)


def test_an_earlier_quantity_does_not_leak_into_a_new_request(say: Say, calls: Calls) -> None:
    say("ajoute 3 pommes")
    say("bonjour")
    say("ajoute du lait")
    assert calls[-1][1]["quantity"] is None


def test_language_switches_when_the_user_writes_english(
    say: Say, session: Session, household: Household
) -> None:
    assert say("Bonjour").lang == "fr"
    turn = say("Hello")
    assert (turn.lang, texts(turn)) == ("en", [GREET["en"]])
    # A vague message keeps the conversation's language.
    assert say("zorglub").lang == "en"
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None and conversation.lang == "en"
    # The caller's explicit language wins over detection.
    assert say("Hello", lang="fr").replies[0].text == GREET["fr"]


def test_household_language_starts_the_conversation(say: Say, session: Session) -> None:
    english = make_household(session, lang="en")
    turn = say("zorglub", household=english, sender_id="chat-en")
    assert turn.lang == "en"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('/outing_book{"event_type": "cirque"}', [ASK["date"]]),
        ("/greet", [GREET["fr"]]),
        ("/not_an_intent", None),
        ("/greet{not json", None),
    ],
)
def test_button_payloads_skip_the_nlu(say: Say, payload: str, expected: list[str] | None) -> None:
    turn = say(payload)
    if expected is None:
        assert turn.parse.intent == "out_of_scope"
        assert texts(turn)[0].startswith("Désolé")
    else:
        assert texts(turn) == expected


def test_action_responses_buttons_custom_and_followups(say: Say, session: Session) -> None:
    turn = say("mes points")
    assert turn.replies[0].text.startswith("Je peux gérer")
    points = turn.replies[1]
    assert (points.text, points.custom) == ("12 points", {"points": 12})
    assert [(b.title, b.payload) for b in points.buttons] == [("Rewards", "/loyalty_rewards")]
    assert turn.replies[2].text == "Avec plaisir !"
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None
    [_, *outgoing] = list_messages(session=session, conversation=conversation)
    assert outgoing[1].payload["buttons"] == [{"title": "Rewards", "payload": "/loyalty_rewards"}]


def test_the_form_survives_a_restart(
    session: Session, say: Say, calls: Calls, household: Household
) -> None:
    """Each turn on its own Session: nothing but the database carries the conversation."""
    connection = session.connection()
    household_id = household.id
    say("réserver une sortie")
    session.commit()
    for text, requested in (("le cirque", "date"), ("demain", "people_count"), ("2", None)):
        fresh = Session(bind=connection, join_transaction_mode="create_savepoint")
        reloaded = fresh.get(Household, household_id)
        turn = say(text, session=fresh, household=reloaded)
        fresh.commit()
        fresh.close()
        assert turn.requested_slot == requested
    assert calls[-1][1]["people_count"] == 2.0


def test_a_conversation_never_mixes_households(say: Say, session: Session) -> None:
    say("bonjour")
    other = make_household(session)
    with pytest.raises(Forbidden) as error:
        say("mes points", household=other)
    assert error.value.code == "conversation_household_mismatch"
    with pytest.raises(Forbidden):
        say("mes points", household=None)


def test_an_anonymous_conversation_is_linked_when_the_user_signs_in(
    say: Say, session: Session, household: Household
) -> None:
    say("bonjour", household=None, sender_id="anon")
    say("bonjour", sender_id="anon")
    conversation = get_conversation(session=session, sender_id="anon")
    assert conversation is not None and conversation.household_id == household.id


def test_every_message_is_stored_and_events_stay_bounded(say: Say, session: Session) -> None:
    for _ in range(40):
        say("bonjour")
    conversation = get_conversation(session=session, sender_id="chat-1")
    assert conversation is not None
    stored = session.exec(select(Message).where(Message.conversation_id == conversation.id))
    assert len(stored.all()) == 80
    assert len(conversation.state["events"]) <= 50
    assert conversation.state["events"][-1]["event"] == "bot"


def test_an_empty_message_is_refused(say: Say) -> None:
    with pytest.raises(Unprocessable):
        say("   ")

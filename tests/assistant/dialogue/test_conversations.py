"""The conversation suite: multi-turn conversations (forms, confirmations, cancellations,
context carried over, out of scope in the middle of a form), in French and English, through
the trained embedded NLU, the in-process dialogue and the real actions on the demo world.

The conversations and what must hold after each turn are data (`data/conversations.yml`);
`test_remote_actions.py` runs the same suite with the actions behind a rasa-sdk server.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

from assistant.customers.models import Household
from assistant.dialogue.service import handle_message
from tests.assistant.dialogue.suite import CONVERSATIONS, NOW, Outcome, check_turn, seed
from tests.nlu.engines.trained import trained_engine


@pytest.fixture
def zerty(session: Session) -> Household:
    return seed(session)


def test_the_suite_covers_both_languages_and_every_kind_of_turn() -> None:
    names = [conversation["name"] for conversation in CONVERSATIONS]
    assert len(names) == len(set(names)) and len(names) >= 30
    assert {name.split("_")[0] for name in names} == {"fr", "en"}
    turns = [turn for conversation in CONVERSATIONS for turn in conversation["turns"]]
    assert any(turn.get("form") == "booking_form" for turn in turns)
    assert {"oui", "non", "yes", "no"} <= {turn["say"] for turn in turns}


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: str(c["name"]))
def test_conversation(session: Session, zerty: Household, conversation: dict[str, Any]) -> None:
    outcome = Outcome(session, zerty)
    sender = f"suite-{conversation['name']}"
    for number, turn in enumerate(conversation["turns"], start=1):
        said = handle_message(
            session=session, nlu=trained_engine(), sender_id=sender, text=turn["say"],
            channel="app", household=zerty, now=NOW,
        )  # fmt: skip
        check_turn(turn, said, number)
    outcome.check(conversation, session, zerty)

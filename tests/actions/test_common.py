"""The language an action answers in, and what a stranger is told."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ask_to_sign_in, tracker_lang


def _tracker(slot: str | None, metadata: Any) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": "t",
            "slots": {"lang": slot},
            "latest_message": {"text": "hi", "metadata": metadata},
            "events": [],
        }
    )


@pytest.mark.parametrize(
    ("slot", "metadata", "expected"),
    [
        ("en", {"lang": "fr"}, "en"),  # our dialogue's choice wins
        (None, {"lang": "en"}, "en"),  # a REST client on a Rasa server
        (None, {}, "fr"),
        (None, None, "fr"),
        (None, {"lang": "de"}, "fr"),
        ("xx", "not a dict", "fr"),
    ],
)
def test_tracker_lang(slot: str | None, metadata: Any, expected: str) -> None:
    assert tracker_lang(_tracker(slot, metadata)) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Je ne sais pas encore qui vous êtes : connectez-vous à l'application Carchan."),
     ("en", "I don't know who you are yet: please sign in to the Carchan app.")],
)  # fmt: skip
def test_a_stranger_is_asked_to_sign_in(lang: str, expected: str) -> None:
    dispatcher = CollectingDispatcher()
    assert ask_to_sign_in(dispatcher, _tracker(lang, None)) == []
    [message] = dispatcher.messages
    assert message["text"] == expected
    assert message["custom"]["message"] == {"id": "chat.sign_in", "values": {}}

"""The language an action answers in."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.common import tracker_lang


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

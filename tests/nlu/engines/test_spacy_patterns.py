from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.engines.spacy_patterns import find_value_candidates, resolve

NOW = datetime(2025, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # a Monday


def _found(text: str) -> list[tuple[str, str, Any]]:
    return [(e.entity, e.text, e.value) for e in resolve(find_value_candidates(text, NOW))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ajoute 2 litres de lait", [("quantity", "2", 2), ("unit", "litres", "l")]),
        ("mets un paquet de pâtes", [("quantity", "un", 1), ("unit", "paquet", "pack")]),
        ("rajoute une douzaine d'oeufs", [("quantity", "une douzaine", 12)]),
        ("add 500 g of butter", [("quantity", "500", 500), ("unit", "g", "g")]),
        ("un plat pour 3", [("people_count", "3", 3)]),
        ("there'll be 6 of us", [("people_count", "6", 6)]),
        ("a booking for 6 please", [("people_count", "6", 6)]),
        ("pour un retrait demain", [("date", "demain", "2025-11-25")]),
        ("à 19h", [("time", "19h", "19:00")]),
        ("pour 19h", [("time", "19h", "19:00")]),
        ("pause notifs for 3 days", [("duration", "3 days", 4320)]),
        ("en moins de 10 minutes", [("duration", "moins de 10 minutes", 10)]),
        ("any cooking workshops", [("event_type", "cooking workshops", "store_event")]),
        ("show me my list", []),
        ("inscris-moi à l'atelier", [("event_type", "atelier", "store_event")]),
        (
            "y aura de la pluie ce soir",
            [("date", "ce soir", "2025-11-24"), ("time", "ce soir", "19:00")],
        ),
        ("il fait froid ce matin", [("time", "ce matin", "09:00")]),
        ("next Friday at 6 pm", [("date", "next Friday", "2025-11-28"), ("time", "6 pm", "18:00")]),
    ],
)
def test_value_patterns(text: str, expected: list[tuple[str, str, Any]]) -> None:
    assert _found(text) == expected

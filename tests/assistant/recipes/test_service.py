from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.recipes.service import parse_duration_text, parse_iso8601_duration, parse_servings

# The shared data sit beside the repository, in ../shared/data (never copied into it).
WIKIBOOKS = Path(__file__).resolve().parents[3].parent / "shared/data/wikibooks-recipes-en.json"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        # Real `time` values of the Wikibooks Cookbook.
        ("8 h, 10 minutes", 490),
        ("20 minutes", 20),
        ("1 hour", 60),
        ("½ hour", 30),
        ("1 &frac12; hours", 90),
        ("30&nbsp;minutes", 30),
        ("1½ hours", 90),
        ("1⅛-2 hours", 120),
        ("45\u201360 minutes", 60),
        ("15 - 20 minutes", 20),
        ("2 to 3 hrs", 180),
        ("5 or 10 minutes", 10),
        ("1 hour, or 2.5 hours", 150),
        ("1 hour, 45 minutes", 105),
        ("3 hours 15 minutes", 195),
        ("About an hour", 60),
        ("~1.5 hours", 90),
        ("0.5 hr", 30),
        ("15 min.", 15),
        ("< 30 minutes", 30),
        ("60+ minutes", 60),
        ("1 day", 1440),
        ("About 3 weeks", 30240),
        ("30 minutes + 24 hours", 1470),
        ("15 minutes, plus 1 hour baking", 75),
        ("20\u201330 minutes plus chilling", 30),
        ("90 minutes (40 minutes active kitchen time, 50 minutes cooking time)", 90),
        ("Prep: 15 minutes<br/>Baking: 20 minutes", 35),
        ("Prep: 20 minutes <br> Cook: 30\u201340 minutes", 60),
        ("Prep: 20 minutes<br>Cooking: 12 minutes<br>Total: 32 minutes", 32),
        ("'''Total:''' 45 minutes<br>'''Prep:''' 5 minutes<br>'''Cooking:''' 40 minutes", 45),
        ("15 minutes active<br>1¾ hours total", 105),
        ("Prep: 10 minutes<br/>Cooking: 5 minutes per skillet", 15),
        ("Thawing: 3 to 5 days<br/>Cooking: 45 minutes to an hour", 7260),
        ("20 minutes<br/>or 40 minutes if you have to peel the shrimp", 40),
        ("Prep: 30 seconds<br>Cooking: > 3 hours", 181),
        # The brief's own examples, English and French.
        ("1 hour 30 min", 90),
        ("45 minutes", 45),
        ("1h30", 90),
        ("1 h 30", 90),
        ("2 heures", 120),
        ("20-30 minutes", 30),
        ("20 à 30 minutes", 30),
        ("une heure et demie", 90),
        ("1 heure 15", 75),
        ("1,5 heure", 90),
        ("45 mn", 45),
        ("3 jours", 4320),
    ],
)
def test_parse_duration_text(text: str, minutes: int) -> None:
    assert parse_duration_text(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "overnight",
        "Overnight plus 2 hours",
        "Soaking: overnight<br>Cooking: 2½ hours",
        "all night",
        "varies",
        "Prep: 10 minutes<br/>Cooking: time varies",
        "8\u201310",
        "une nuit au frais",
        "",
        None,
    ],
)
def test_parse_duration_text_unknown(text: str | None) -> None:
    assert parse_duration_text(text) is None


def test_most_wikibooks_times_parse() -> None:
    data = json.loads(WIKIBOOKS.read_text(encoding="utf-8"))
    times = [entry["time"] for entry in data.values() if entry.get("time")]
    parsed = [t for t in times if parse_duration_text(t) is not None]
    # 922 of 938 when written; the rest are "overnight", "varies" or have no unit.
    assert len(times) > 900
    assert len(parsed) / len(times) > 0.97


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("PT1H30M", 90),
        ("P0DT45M", 45),
        ("PT20M", 20),
        ("pt20m", 20),
        ("PT0.5H", 30),
        ("P1D", 1440),
        ("P1DT2H", 1560),
        ("PT90S", 2),
        ("PT0M", 0),
        (" PT15M ", 15),
    ],
)
def test_parse_iso8601_duration(value: str, minutes: int) -> None:
    assert parse_iso8601_duration(value) == minutes


@pytest.mark.parametrize("value", ["", "P", "PT", "P1DT", "1H30M", "PT1H30", "30 minutes", None])
def test_parse_iso8601_duration_invalid(value: str | None) -> None:
    assert parse_iso8601_duration(value) is None


@pytest.mark.parametrize(
    ("value", "servings"),
    [
        (4, 4),
        (4.0, 4),
        ("12", 12),
        ("4 servings", 4),
        ("6\u20138 servings", 6),
        ("2-4", 2),
        ("about 6", 6),
        ("Serves 1", 1),
        ("4 or 5", 4),
        ("6 (¼ cup each)", 6),
        ("10&ndash;15", 10),
        ("Makes 40 cookies", 40),
        (["4", "4 portions"], 4),
        (["", "6 parts"], 6),
        ("pour 4 personnes", 4),
    ],
)
def test_parse_servings(value: Any, servings: int) -> None:
    assert parse_servings(value) == servings


@pytest.mark.parametrize(
    "value",
    [None, True, 0, "", "varies", "several", "About 2 litres", "2 cups", "About 1 cup or 8 oz", {}],
)
def test_parse_servings_unknown(value: Any) -> None:
    assert parse_servings(value) is None

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nlu.values import (
    fold,
    normalise_event_type,
    normalise_unit,
    parse_date,
    parse_duration,
    parse_number,
    parse_time,
)

NOW = datetime(2025, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # Monday 24 November 2025


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", 2), ("12", 12), ("deux", 2), ("trois", 3), ("two", 2), ("ten", 10),
        ("une douzaine", 12), ("a dozen", 12), ("douzaine", 12), ("une demi-douzaine", 6),
        ("half a dozen", 6), ("vingt-cinq", 25), ("twenty-five", 25), ("1,5", 2), ("un", 1),
        ("soixante-dix", 70), ("soixante et onze", 71), ("quatre-vingts", 80),
        ("quatre-vingt-dix-sept", 97), ("nonante", 90), ("dix-sept", 17), ("cent", 100),
        ("deux cent trente", 230), ("a hundred and twenty", 120), ("ninety-nine", 99),
    ],
)  # fmt: skip
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["beaucoup", "some", "", "lait", "deux trois", "vingt vingt"])
def test_parse_number_refuses_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("kg", "kg"), ("kilos", "kg"), ("litres", "l"), ("L", "l"), ("paquets", "pack"),
        ("bottles", "bottle"), ("bouteilles", "bottle"), ("boîtes", "box"),
        ("grammes", "g"), ("rouleaux", "roll"), ("briques", "carton"), ("sachets", "bag"),
    ],
)  # fmt: skip
def test_normalise_unit(text: str, unit: str) -> None:
    assert normalise_unit(text) == unit


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("cirque", "circus"), ("circus", "circus"), ("cinéma", "cinema"), ("movie", "cinema"),
        ("concerts", "concert"), ("théâtre", "theatre"), ("spectacle", "theatre"),
        ("kids shows", "theatre"), ("atelier cuisine", "store_event"),
        ("dégustation", "store_event"), ("cooking class", "store_event"), ("match", "sport"),
        ("concert de jazz", "concert"),
    ],
)  # fmt: skip
def test_normalise_event_type(text: str, slug: str) -> None:
    assert normalise_event_type(text) == slug


def test_an_unknown_event_type_is_none() -> None:
    assert normalise_event_type("vol pour Tokyo") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("aujourd'hui", "2025-11-24"), ("today", "2025-11-24"), ("demain", "2025-11-25"),
        ("tomorrow", "2025-11-25"), ("après-demain", "2025-11-26"), ("hier", "2025-11-23"),
        ("samedi", "2025-11-29"), ("saturday", "2025-11-29"), ("on Sunday", "2025-11-30"),
        ("lundi", "2025-11-24"), ("lundi prochain", "2025-12-01"), ("next Monday", "2025-12-01"),
        ("next Friday", "2025-11-28"), ("vendredi prochain", "2025-11-28"),
        ("ce week-end", "2025-11-29"), ("this weekend", "2025-11-29"),
        ("le 12 décembre", "2025-12-12"), ("December 12", "2025-12-12"),
        ("12 december", "2025-12-12"), ("le 3 janvier", "2026-01-03"),
        ("le 1er mars 2026", "2026-03-01"), ("12/12", "2025-12-12"),
        ("ce soir", "2025-11-24"), ("tonight", "2025-11-24"), ("demain matin", "2025-11-25"),
        ("la semaine prochaine", "2025-12-01"), ("dans 3 jours", "2025-11-27"),
        ("dans une semaine", "2025-12-01"), ("in two days", "2025-11-26"),
        ("dans quinze jours", "2025-12-08"), ("vendredi 28", "2025-11-28"),
        ("Friday the 28th", "2025-11-28"), ("le premier décembre", "2025-12-01"),
    ],
)  # fmt: skip
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text, NOW) == iso


@pytest.mark.parametrize(
    "text", ["bientôt", "le 31 février", "someday", "lait", "samedi 28", "dans lait jours"]
)
def test_parse_date_refuses_non_dates(text: str) -> None:
    assert parse_date(text, NOW) is None


@pytest.mark.parametrize(
    ("text", "hhmm"),
    [
        ("18h", "18:00"), ("à 18h", "18:00"), ("18h30", "18:30"), ("18 h 30", "18:30"),
        ("19 heures", "19:00"), ("7 heures du soir", "19:00"), ("at 6 pm", "18:00"),
        ("6pm", "18:00"), ("6:30pm", "18:30"), ("12 am", "00:00"), ("18:45", "18:45"),
        ("midi", "12:00"), ("noon", "12:00"), ("minuit", "00:00"), ("ce soir", "19:00"),
        ("tonight", "19:00"), ("ce matin", "09:00"), ("7 o'clock", "07:00"),
        ("dix-huit heures", "18:00"), ("onze heures et demie", "11:30"),
        ("sept heures moins le quart", "06:45"), ("huit heures du soir", "20:00"),
        ("half past ten", "10:30"), ("quarter to seven", "06:45"), ("eleven o'clock", "11:00"),
        ("seven in the evening", "19:00"),
    ],
)  # fmt: skip
def test_parse_time(text: str, hhmm: str) -> None:
    assert parse_time(text) == hhmm


@pytest.mark.parametrize("text", ["18", "25h", "demain", "12:75", "vingt-cinq heures", "six"])
def test_parse_time_refuses_non_times(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("en moins de 30 minutes", 30), ("moins de 30 minutes", 30), ("under 30 minutes", 30),
        ("less than 20 minutes", 20), ("1h30", 90), ("en 1h30", 90), ("2 heures", 120),
        ("dans 2 heures", 120), ("within 2 hours", 120), ("an hour", 60), ("une heure", 60),
        ("une demi-heure", 30), ("half an hour", 30), ("3 days", 4320), ("deux jours", 2880),
        ("a week", 10080), ("15 min", 15), ("quinze minutes", 15),
    ],
)  # fmt: skip
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["demain", "lait", "30"])
def test_parse_duration_refuses_non_durations(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize("text", ["Météo à Créteil", "l\u2019été", "ÇA VA"])
def test_fold_keeps_one_character_per_character(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == folded.lower()
    assert all(ord(ch) < 128 for ch in folded)

"""The message catalogues: both languages say the same things with the same values, and the
values are written as each language writes them."""

from __future__ import annotations

import datetime as dt
import string
from zoneinfo import ZoneInfo

import pytest

from assistant.i18n import LANGS, MessageError, Money, Msg, catalogue, money, render, weekday_name
from assistant.i18n.catalog import Entry

PARIS = ZoneInfo("Europe/Paris")
SHOW = dt.datetime(2026, 12, 12, 14, 0, tzinfo=dt.UTC)  # 15:00 in Paris


def _placeholders(entry: Entry) -> set[str]:
    texts: list[str] = []
    for forms in (entry.text, entry.voice):
        if forms is None:
            continue
        texts.extend([forms] if isinstance(forms, str) else forms.values())
    return {
        name.split(".")[0].split("[")[0]
        for text in texts
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }


def test_both_languages_have_the_same_messages() -> None:
    assert set(catalogue("fr")) == set(catalogue("en"))


@pytest.mark.parametrize("msg_id", sorted(catalogue("fr")))
def test_a_message_takes_the_same_values_in_both_languages(msg_id: str) -> None:
    french, english = catalogue("fr")[msg_id], catalogue("en")[msg_id]
    assert _placeholders(french) == _placeholders(english)
    assert not _placeholders(french) & {"zone", "voice"}, "names render() keeps for itself"
    assert isinstance(french.text, str) == isinstance(english.text, str), "plural in one only"


@pytest.mark.parametrize(
    ("lang", "cents", "expected"),
    [("fr", 1234, "12,34\xa0€"), ("en", 1234, "€12.34"), ("fr", -39, "-0,39\xa0€"),
     ("en", 100000, "€1,000.00")],
)  # fmt: skip
def test_money(lang: str, cents: int, expected: str) -> None:
    assert money(cents, lang) == expected


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [("fr", 1, "1 place"), ("fr", 0, "0 place"), ("fr", 2, "2 places"),
     ("en", 1, "1 seat"), ("en", 0, "0 seats"), ("en", 2, "2 seats")],
)  # fmt: skip
def test_plural_forms_follow_the_language(lang: str, count: int, expected: str) -> None:
    # French says "0 place" (CLDR's "one" covers 0 and 1), English "0 seats".
    assert render(lang, "booking.page.seats", count=count) == expected


@pytest.mark.parametrize(
    ("lang", "zone", "expected"),
    [
        ("fr", PARIS, "samedi 12 décembre 2026 à 15:00"),
        ("en", PARIS, "Saturday 12 December 2026 at 3:00\xa0pm"),
        ("fr", ZoneInfo("America/Martinique"), "samedi 12 décembre 2026 à 10:00"),
    ],
)
def test_an_instant_is_shown_in_the_household_s_zone(
    lang: str, zone: ZoneInfo, expected: str
) -> None:
    assert render(lang, "booking.page.when", zone=zone, when=SHOW) == expected


def test_a_message_object_renders_in_each_language() -> None:
    msg = Msg("booking.page.total", {"total": Money(2990)})
    assert [msg.render(lang) for lang in LANGS] == ["Total : 29,90\xa0€", "Total: €29.90"]


@pytest.mark.parametrize(("lang", "expected"), [("fr", "samedi"), ("en", "Saturday")])
def test_weekday_names(lang: str, expected: str) -> None:
    assert weekday_name(dt.date(2026, 12, 12), lang) == expected


def test_an_unknown_id_or_a_missing_value_is_an_error() -> None:
    with pytest.raises(MessageError, match="no message"):
        render("fr", "booking.nothing")
    with pytest.raises(MessageError, match="count"):
        render("fr", "booking.page.seats")
    with pytest.raises(MessageError, match="total"):
        render("en", "booking.page.total")

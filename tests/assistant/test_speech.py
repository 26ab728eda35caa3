"""SSML for the speaker and the radio: valid XML, escaped, read naturally."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Literal

import pytest

from assistant.dialogue.types import Button, Reply
from assistant.speech import degrees, speakable, spoken_list, to_ssml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def spoken(ssml: str) -> str:
    return "".join(ET.fromstring(ssml).itertext())


def test_text_is_escaped_and_the_document_is_valid_xml() -> None:
    ssml = to_ssml([Reply('Tom & Jerry <3 "promo" l\'été')], "fr")
    root = ET.fromstring(ssml)
    assert root.tag == "speak"
    assert root.get(XML_LANG) == "fr-FR"
    assert spoken(ssml) == 'Tom & Jerry <3 "promo" l\'été'
    assert "&amp;" in ssml and "&lt;3" in ssml


def test_replies_are_separated_by_a_pause_and_buttons_are_said() -> None:
    replies = [
        Reply("Bonjour"),
        Reply("Je réserve ?", buttons=(Button("Oui", "/affirm"), Button("Non", "/deny"))),
    ]
    root = ET.fromstring(to_ssml(replies, "fr"))
    assert [child.tag for child in root] == ["p", "break", "p"]
    assert root[1].get("time") == "400ms"
    assert "".join(root[2].itertext()) == "Je réserve ? Vous pouvez dire : Oui ou Non."


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Ouvert de 8h30 à 21h", "fr", "Ouvert de 8 heures 30 à 21 heures"),
        ("Retrait à 12h00", "fr", "Retrait à midi"),
        ("Open 08:30 to 21:05", "en", "Open 8 30 a.m. to 9 oh 5 p.m."),
        ("Total : 12,90\xa0€, 1 294 produits", "fr", "Total : 12 euros 90, 1294 produits"),
        ("Total: €3.50, -20%", "en", "Total: 3 euros 50 cents, -20 percent"),
        ("Le 1er sac 🎉 fait 2 kg", "fr", "Le premier sac fait 2 kilos"),
        ("Prix : 1 €", "fr", "Prix : 1 euro"),
    ],
)
def test_numbers_times_and_prices_read_naturally(text: str, lang: str, expected: str) -> None:
    assert speakable(text, lang) == expected
    assert spoken(to_ssml([Reply(text)], lang)) == expected


def test_an_actions_own_ssml_is_kept_and_invalid_ssml_falls_back_to_text() -> None:
    own = '<speak>Voici <emphasis level="strong">48</emphasis> points</speak>'
    good = Reply("ignored", ssml=own)
    bad = Reply("48 points & plus", ssml="<speak><unclosed></speak>")
    root = ET.fromstring(to_ssml([good, bad], "en"))
    assert root.get(XML_LANG) == "en-GB"
    assert root[0].find("emphasis") is not None
    assert "".join(root[0].itertext()) == "Voici 48 points"
    assert "".join(root[2].itertext()) == "48 points & plus"


def test_no_replies_is_an_empty_but_valid_document() -> None:
    assert ET.fromstring(to_ssml([], "fr")).tag == "speak"


def test_a_voice_variant_is_said_instead_of_the_screen_s_text() -> None:
    reply = Reply("Voici 3 recettes :", custom={"voice": "J'ai 3 recettes : A, B et C."})
    assert spoken(to_ssml([reply], "fr")) == "J'ai 3 recettes : A, B et C."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", ["-1 degré", "0 degré", "2 degrés"]), ("en", ["-1 degree", "0 degrees", "2 degrees"])],
)
def test_degrees_are_counted_as_the_language_counts(lang: str, expected: list[str]) -> None:
    assert [degrees(value, lang) for value in (-1.2, 0.4, 2)] == expected


@pytest.mark.parametrize(
    ("lang", "conjunction", "expected"),
    [("fr", "and", "Léa, Tom et Zoé"), ("fr", "or", "Léa, Tom ou Zoé"),
     ("en", "and", "Léa, Tom and Zoé"), ("en", "or", "Léa, Tom or Zoé")],
)  # fmt: skip
def test_lists_are_said_as_the_language_lists(
    lang: str, conjunction: Literal["and", "or"], expected: str
) -> None:
    assert spoken_list(["Léa", "Tom", "Zoé"], lang, conjunction=conjunction) == expected
    assert spoken_list(["Léa"], lang, conjunction=conjunction) == "Léa"

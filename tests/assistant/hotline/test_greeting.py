"""Who is calling the hotline, and the greeting they hear."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from assistant.customers.models import Household, Preference
from assistant.customers.phone import InvalidPhone
from assistant.hotline.greeting import greet
from tests.factories import make_household, make_member

PHONE = "+33612345678"


def _family(session: Session, lang: str, *, music: str | None = "jazz") -> Household:
    household = make_household(session, lang=lang, phone=PHONE, name="Famille Zerty")
    for first in ("Anne", "Paul"):
        make_member(session, household, first_name=first, last_name="Zerty")
    if music is not None:
        session.add(Preference(household_id=household.id, kind="music", value=music))
        session.flush()
    return household


@pytest.mark.parametrize(
    ("lang", "hello", "music"),
    [
        ("fr", "Bonjour la famille Zerty, merci d'appeler l'assistance Carchan !",
         "en attendant, un air que vous aimez : « Tea for Two », par Erroll Garner."),
        ("en", "Hello, Zerty family, and thank you for calling Carchan support!",
         "meanwhile, a tune you like: “Tea for Two” by Erroll Garner."),
    ],
)  # fmt: skip
def test_the_family_is_greeted_by_name_with_its_music(
    session: Session, lang: str, hello: str, music: str
) -> None:
    _family(session, lang)
    greeting = greet(session, "06 12 34 56 78")  # as the network may present it
    assert (greeting.known, greeting.lang) == (True, lang)
    assert greeting.text.splitlines()[0] == hello
    assert greeting.text.endswith(music)
    assert greeting.hold_music is not None
    assert (greeting.hold_music.title, greeting.hold_music.seconds) == ("Tea for Two", 227)
    assert greeting.ssml.startswith("<speak") and "Zerty" in greeting.ssml
    assert "xml:lang" in greeting.ssml


def test_a_taste_without_a_track_gets_no_guess(session: Session) -> None:
    _family(session, "fr", music="zydeco")
    greeting = greet(session, PHONE)
    assert greeting.known and greeting.hold_music is None
    assert greeting.text.endswith("Un conseiller vous répond dans un instant.")


def test_a_household_without_surnames_is_greeted_by_its_name(session: Session) -> None:
    make_household(session, lang="en", phone=PHONE, name="The Martins")
    greeting = greet(session, PHONE)
    assert greeting.text.startswith("Hello, The Martins, and thank you")


@pytest.mark.parametrize("caller", [None, "", "+33698765432"])
def test_a_withheld_or_unknown_number_hears_the_house_greeting(
    session: Session, caller: str | None
) -> None:
    _family(session, "fr")
    greeting = greet(session, caller)
    assert (greeting.known, greeting.hold_music) == (False, None)
    assert "Zerty" not in greeting.text and "Tea for Two" not in greeting.text
    assert greeting.text.startswith("Bonjour et merci d'appeler l'assistance Carchan")


def test_a_malformed_number_is_refused(session: Session) -> None:
    with pytest.raises(InvalidPhone):
        greet(session, "not a number")

"""The support hotline's greeting. The telephony platform asks, as a call comes in, what to
say: a caller whose number is a household's is greeted by the family's name and waits with
the music the household likes (the track the morning radio plays them); anyone else, a
withheld number included, hears the house greeting and the platform's own hold music, never
a guess at their tastes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, col, select

from assistant.briefing.music import Track, morning_track
from assistant.customers.models import Household, Member, Preference, PreferenceKind
from assistant.customers.phone import normalise_phone
from assistant.i18n.catalog import render
from assistant.speech import paragraph, speak

DEFAULT_LANG = "fr"


@dataclass(frozen=True)
class Greeting:
    lang: str
    known: bool  # the number is a household's
    text: str
    ssml: str
    hold_music: Track | None  # None: the platform's own
    why: str  # why this greeting: what was recognised and used


def _family_name(session: Session, household: Household) -> str | None:
    """The surname most of the household's members share, if they have one."""
    names = session.exec(
        select(Member.last_name).where(
            Member.household_id == household.id, col(Member.last_name).is_not(None)
        )
    ).all()
    common = Counter(name.strip() for name in names if name and name.strip()).most_common(1)
    return common[0][0] if common else None


def _tastes(session: Session, household_id: int) -> list[str]:
    return list(
        session.exec(
            select(Preference.value)
            .where(
                Preference.household_id == household_id,
                Preference.kind == PreferenceKind.music,
            )
            .order_by(col(Preference.id))
        ).all()
    )


def caller_household(session: Session, caller: str | None) -> Household | None:
    """The household whose phone number is `caller` (any written form); None for a
    withheld or unknown number. A malformed number raises `InvalidPhone` (422)."""
    if caller is None or not caller.strip():
        return None
    return session.exec(select(Household).where(Household.phone == normalise_phone(caller))).first()


def greet(session: Session, caller: str | None) -> Greeting:
    household = caller_household(session, caller)
    if household is None or household.id is None:
        text = render(DEFAULT_LANG, "hotline.anyone")
        ssml = speak([paragraph(text)], DEFAULT_LANG)
        return Greeting(
            DEFAULT_LANG, False, text, ssml, None, render(DEFAULT_LANG, "hotline.why.anyone")
        )
    lang = household.lang if household.lang in ("fr", "en") else DEFAULT_LANG
    family = _family_name(session, household)
    hello = (
        render(lang, "hotline.hello_family", family=family)
        if family
        else render(lang, "hotline.hello_household", name=household.name)
    )
    track = morning_track(_tastes(session, household.id))
    wait = (
        render(lang, "hotline.hold_music", title=track.title, artist=track.artist)
        if track is not None
        else render(lang, "hotline.hold")
    )
    why = (
        render(lang, "hotline.why.music", taste=track.taste)
        if track is not None
        else render(lang, "hotline.why.known")
    )
    text = f"{hello}\n{wait}"
    return Greeting(lang, True, text, speak([paragraph(text)], lang), track, why)

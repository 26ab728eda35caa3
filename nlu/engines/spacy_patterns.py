"""Rule patterns for the value entities: quantity, unit, people_count, date, time, duration,
event_type. They run on the folded text (lower case, no accents, same length), so the
offsets they report index the customer's original text.

Span conventions follow the training annotations: "pour [4]", "[2] [litres]",
"à [19h]", "on [sunday]", "[ce week-end]", "en [moins de 20 minutes]".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nlu.parse import ParsedEntity
from nlu.values import (
    DAY_PARTS,
    EVENT_TYPES,
    MONTHS,
    NUMBER_WORDS,
    UNITS,
    WEEKDAYS,
    fold,
    normalise_event_type,
    normalise_unit,
    parse_date,
    parse_duration,
    parse_number,
    parse_time,
)

__all__ = ["Candidate", "find_value_candidates", "resolve"]

EXTRACTOR = "spacy.patterns"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match: `start`/`end` is the matched context (used to settle overlaps), which can be
    wider than the entities' own spans ("pour 4" gives people_count "4")."""

    start: int
    end: int
    priority: int
    entities: tuple[ParsedEntity, ...]


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_WEAK_NUMBERS = {"a", "an", "un", "une", "one"}
_NUM = rf"(?:\d+(?:[.,]\d+)?|{_alt(w for w in NUMBER_WORDS if w not in _WEAK_NUMBERS)})"
# "un"/"une" are articles far more often than head counts ("pour un retrait").
_NOT_PEOPLE = {"a", "an", "un", "une", "dozen", "douzaine", "couple", "neuf"}
_NUM_PEOPLE = rf"(?:\d{{1,3}}|{_alt(w for w in NUMBER_WORDS if w not in _NOT_PEOPLE)})"
_WEAK = _alt(_WEAK_NUMBERS)
_UNIT = _alt(UNITS)
_DUR_UNIT = r"minutes?|mins?|mn|heures?|hours?|hrs?|jours?|days?|semaines?|weeks?|mois|months?"
_B = r"(?<![\w-])"  # start of a word (folded text: letters are ASCII)
_E = r"(?![\w-])"

_AMOUNT = re.compile(
    rf"{_B}((?:une |a |one )?demi[- ]douzaine|half a dozen|(?:une |a |one )?douzaine|"
    rf"(?:a |one )?dozen|a couple)(?: of| de| d')?{_E}"
)
_QUANTITY = re.compile(
    rf"{_B}(?:(?P<num>{_NUM})(?: ?(?P<unit>{_UNIT}))?|(?P<weak>{_WEAK}) (?P<wunit>{_UNIT}))"
    r"(?![\w'-])"
)
_PEOPLE_NOUN = re.compile(
    rf"{_B}(?P<num>{_NUM_PEOPLE}) (?:personnes?|pers|people|persons?|places?|seats?|billets?|"
    rf"tickets?|adultes?|adults?|enfants?|children|kids?|convives|guests|invites){_E}"
)
_PEOPLE_FOR = re.compile(
    rf"{_B}(?:pour|for|a) (?:les |the )?(?P<num>{_NUM_PEOPLE})(?:,|{_E})"
    rf"(?! ?(?:h{_E}|heures?|:|am{_E}|pm{_E}|{_UNIT}{_E}|{_DUR_UNIT}{_E}|{_alt(MONTHS)}{_E}))"
)
_PEOPLE_OF_US = re.compile(rf"{_B}(?:the )?(?P<num>{_NUM_PEOPLE}) of us{_E}")
_CLOCK = re.compile(
    rf"{_B}(?P<t>\d{{1,2}} ?(?:h|heures?)(?: ?\d{{2}})?(?: du (?:matin|soir))?|"
    rf"\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.|p\.m\.)|\d{{1,2}}:\d{{2}}|\d{{1,2}} o'clock)"
    rf"(?![\w-])"
)
_DURATION = re.compile(
    rf"{_B}(?:(?:en|in|for|pendant|during|sous) )?"
    rf"(?P<d>(?:(?:dans|within|moins d'|moins de|under|less than|at most|max|au plus) ?)?"
    rf"(?:une demi-heure|une demi heure|half an hour|un quart d'heure|"
    rf"(?:{_NUM}|{_WEAK}) ?(?:{_DUR_UNIT})))(?![\w-])"
)
_DURATION_HM = re.compile(
    rf"{_B}(?:en|in|dans|within|moins de|under|less than|sous) (?P<d>\d{{1,2}} ?h ?(?:\d{{2}})?)"
    rf"(?![\w-])"
)
_REL_DATE = (
    r"aujourd'hui|aujourdhui|apres-demain|apres demain|avant-hier|demain|hier|today|"
    r"tomorrow|yesterday|(?:the )?day after tomorrow|cette semaine|this week|"
    r"la semaine prochaine|next week|(?:ce |this |next )?week-?end(?: prochain)?"
)
_DATE = re.compile(
    rf"{_B}(?P<d>{_REL_DATE}|(?:(?:next|this|coming) )?(?:{_alt(WEEKDAYS)})s?(?: prochain)?|"
    rf"\d{{1,2}}(?:er|st|nd|rd|th)?(?: of)? (?:{_alt(MONTHS)})\.?(?: \d{{4}})?|"
    rf"(?:{_alt(MONTHS)})\.? \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?)"
    rf"(?![\w-])"
)
_NOW = re.compile(rf"{_B}(?P<d>maintenant|right now|now){_E}")
# Day parts that name their day ("ce soir", "tomorrow morning") also give a date.
_DAY_PART = re.compile(rf"{_B}(?P<d>{_alt(DAY_PARTS)}){_E}")
# The design asks "ce soir"/"tonight" to give today's date; the other parts of today
# stay times only (the annotations mark them so).
_DATED_PART = re.compile(r"^(?:ce soir|this evening|tonight|demain|tomorrow)")
# "show me my list" is a verb, not a show.
_NOT_AN_EVENT = re.compile(r" (?:me|my|us|the|everything|all|what)\b")
_EVENT = re.compile(rf"{_B}(?P<d>{_alt(EVENT_TYPES)}){_E}")

# Higher wins when two matches of the same length overlap.
P_TIME, P_DURATION, P_PEOPLE, P_DATE, P_EVENT, P_QUANTITY = 60, 55, 50, 45, 40, 30


def _entity(text: str, start: int, end: int, name: str, value: Any) -> ParsedEntity:
    return ParsedEntity(
        entity=name, value=value, text=text[start:end], start=start, end=end,
        extractor=EXTRACTOR,
    )  # fmt: skip


def find_value_candidates(text: str, now: datetime) -> list[Candidate]:
    """Every value match in `text`, overlapping ones included (see `resolve`)."""
    folded = fold(text)
    out: list[Candidate] = []

    def add(m: re.Match[str], group: str | int, name: str, value: Any, prio: int) -> None:
        if value is not None:
            start, end = m.span(group)
            entity = _entity(text, start, end, name, value)
            out.append(Candidate(m.start(), m.end(), prio, (entity,)))

    for m in _CLOCK.finditer(folded):
        add(m, "t", "time", parse_time(m.group("t")), P_TIME)
    for m in _NOW.finditer(folded):
        add(m, "d", "time", now.strftime("%H:%M"), P_TIME)
    for m in _DAY_PART.finditer(folded):
        part = m.group("d")
        entities = [_entity(text, m.start("d"), m.end("d"), "time", DAY_PARTS[part][0])]
        if _DATED_PART.match(part):
            entities.append(_entity(text, *m.span("d"), "date", parse_date(part, now)))
        out.append(Candidate(m.start(), m.end(), P_TIME, tuple(entities)))
    for regex in (_DURATION, _DURATION_HM):
        for m in regex.finditer(folded):
            add(m, "d", "duration", parse_duration(m.group("d")), P_DURATION)
    for regex in (_PEOPLE_NOUN, _PEOPLE_FOR, _PEOPLE_OF_US):
        for m in regex.finditer(folded):
            add(m, "num", "people_count", parse_number(m.group("num")), P_PEOPLE)
    for m in _DATE.finditer(folded):
        add(m, "d", "date", parse_date(m.group("d"), now), P_DATE)
    for m in _EVENT.finditer(folded):
        if m.group("d").startswith("show") and _NOT_AN_EVENT.match(folded, m.end()):
            continue
        add(m, "d", "event_type", normalise_event_type(m.group("d")), P_EVENT)
    for m in _AMOUNT.finditer(folded):
        add(m, 1, "quantity", parse_number(m.group(1)), P_QUANTITY)
    for m in _QUANTITY.finditer(folded):
        num, unit = ("num", "unit") if m.group("num") else ("weak", "wunit")
        value = parse_number(m.group(num))
        if value is None:
            continue
        entities = [_entity(text, *m.span(num), "quantity", value)]
        if m.group(unit):
            entities.append(_entity(text, *m.span(unit), "unit", normalise_unit(m.group(unit))))
        out.append(Candidate(m.start(), m.end(), P_QUANTITY, tuple(entities)))
    return out


def resolve(candidates: Iterable[Candidate]) -> list[ParsedEntity]:
    """Keep the longest matches, then the higher priority, never two that overlap."""
    kept: list[Candidate] = []
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    for cand in ordered:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    entities = [e for cand in kept for e in cand.entities]
    return sorted(entities, key=lambda e: (e.start, e.entity))

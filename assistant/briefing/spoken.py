"""Dates, times and lists as a person says them, and the SSML documents we write.

Only `speak`, `p` and `s` tags, which every synthesizer accepts; every text is XML-escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
LOCALES = {"fr": "fr-FR", "en": "en-US"}


def spoken_date(day: dt.date, lang: str) -> str:
    weekday, month = DAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    if lang == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{weekday} {number} {month} {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def spoken_time(moment: dt.datetime | dt.time, lang: str) -> str:
    if lang == "fr":
        return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"


def spoken_list(items: Sequence[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = "et" if lang == "fr" else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def degrees(value: float, lang: str) -> str:
    number = round(value)
    if lang == "fr":
        return f"{number} degré" if abs(number) <= 1 else f"{number} degrés"
    return f"{number} degree" if abs(number) == 1 else f"{number} degrees"


def paragraph(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "<p>" + "".join(f"<s>{escape(line)}</s>" for line in lines) + "</p>" if lines else ""


def speak(bodies: Iterable[str], lang: str) -> str:
    """A standalone W3C SSML document (what radio synthesizers and speakers take)."""
    locale = LOCALES.get(lang, LOCALES["fr"])
    return (
        '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" '
        f'xml:lang="{locale}">{"".join(bodies)}</speak>'
    )

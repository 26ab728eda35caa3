"""Typed values and how each language writes them (Babel: CLDR's data, not our tables)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal, cast
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_time,
    get_timezone,
    get_timezone_location,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

# The locale of each language (French as written in France; British English, as our voice).
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
CURRENCY = "EUR"


@dataclass(frozen=True)
class Money:
    """An amount in cents (never a float on the way to the customer)."""

    cents: int


@lru_cache(maxsize=8)
def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, LOCALES["fr"]))


def money(cents: int, lang: str) -> str:
    """1234 -> "12,34 €" (a non-breaking space: the amount never wraps) or "€12.34"."""
    return format_currency(Decimal(cents) / 100, CURRENCY, locale=locale(lang))


def number(value: int | float, lang: str) -> str:
    return format_decimal(value, locale=locale(lang))


def weekday_name(day: dt.date, lang: str) -> str:
    """ "samedi" / "Saturday"."""
    return format_date(day, "EEEE", locale=locale(lang))


def plural_category(count: int | float, lang: str) -> str:
    """CLDR's plural category of a count ("one", "other"...): French says "1,5 kilo", English
    "1.5 kilos"."""
    return str(locale(lang).plural_form(abs(count)))


# Named date and time styles a message asks for with `{when:style}`.
DATE_STYLES = {
    "date": {"fr": "EEEE d MMMM", "en": "EEEE d MMMM"},  # samedi 12 décembre
    "short_date": {"fr": "EEE d MMM", "en": "EEE d MMM"},  # sam. 12 déc.
    "numeric_date": {"fr": "dd/MM", "en": "dd/MM"},
    "weekday": {"fr": "EEEE", "en": "EEEE"},
    "full_date": {"fr": "EEEE d MMMM y", "en": "EEEE d MMMM y"},
    "long_date": {"fr": "d MMMM y", "en": "d MMMM y"},  # 8 octobre 2023
}
# A non-breaking space: "3:00 pm" never wraps between the number and its "pm".
TIME_STYLES = {"time": {"fr": "HH:mm", "en": "h:mm\u00a0a"}}


def when(value: dt.datetime | dt.date | dt.time, style: str, lang: str, zone: ZoneInfo) -> str:
    """A date or time in one of the named styles; an aware datetime is shown in `zone`."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(zone)
    if style in TIME_STYLES:
        if not isinstance(value, dt.datetime | dt.time):
            raise ValueError(f"a date has no {style!r}")
        return format_time(value, TIME_STYLES[style][lang], locale=locale(lang))
    if style == "datetime":
        return f"{when(value, 'date', lang, zone)} {when(value, 'time', lang, zone)}"
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}")
    if isinstance(value, dt.datetime):
        return format_datetime(value, DATE_STYLES[style][lang], locale=locale(lang))
    if isinstance(value, dt.time):
        raise ValueError(f"a time has no {style!r}")
    return format_date(value, DATE_STYLES[style][lang], locale=locale(lang))


ListStyle = Literal["standard", "or"]


def listing(items: list[str], lang: str, style: str = "standard") -> str:
    """ "a, b et c" / "a, b and c" ("or" lists: style "or")."""
    if not items:
        return ""
    if style not in ("standard", "or"):
        raise ValueError(f"unknown list style {style!r}")
    return format_list(items, style=cast(ListStyle, style), locale=locale(lang))


def zone_city(zone: ZoneInfo, lang: str) -> str:
    """The city a time zone is named after, in the language ("Paris", "Martinique")."""
    return str(get_timezone_location(get_timezone(zone.key), locale=locale(lang), return_city=True))


def french_of(name: str) -> str:
    """ "d'André", "d'Hélène", "de Marc": French elides "de" before a vowel or a mute h."""
    from assistant.text import fold

    return f"d'{name}" if fold(name)[:1] in tuple("aeiouyh") else f"de {name}"

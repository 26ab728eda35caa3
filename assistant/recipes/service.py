"""Recipes: parsing helpers shared by the importers and the recipe engine."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from typing import Any

_MINUTES_PER_UNIT: dict[str, float] = {
    "month": 30 * 24 * 60,
    "mois": 30 * 24 * 60,
    "week": 7 * 24 * 60,
    "semaine": 7 * 24 * 60,
    "day": 24 * 60,
    "jour": 24 * 60,
    "j": 24 * 60,
    "d": 24 * 60,
    "hour": 60,
    "heure": 60,
    "hr": 60,
    "h": 60,
    "minute": 1,
    "min": 1,
    "mn": 1,
    "second": 1 / 60,
    "seconde": 1 / 60,
    "sec": 1 / 60,
    "s": 1 / 60,
}
_UNIT_RE = (
    r"(months?|mois|weeks?|semaines?|days?|jours?|hours?|heures?|hrs?|minutes?|mins?|mn"
    r"|seconds?|secondes?|secs?|[hjds])\b\.?"
)
_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY_RE = re.compile(rf"({_NUMBER})\s*{_UNIT_RE}")
# "45 minutes to an hour", "1 heure à 1 h 30": keep only the upper end of the range.
_RANGE_WITH_UNIT_RE = re.compile(rf"{_NUMBER}\s*{_UNIT_RE}\s*(?:-|to|or|à|a|ou)\s*(?=\d)")
_RANGE_RE = re.compile(rf"{_NUMBER}\s*(?:-|to|or|à|ou)\s*({_NUMBER})")
_HOUR_MINUTES_RE = re.compile(r"(\d+)\s*(?:h|heures?)\s*(\d{1,2})\b(?!\s*(?:min|mn))")
_ALTERNATIVE_RE = re.compile(r",?\s+(?:or|ou)\s+")
_PART_SPLIT_RE = re.compile(r"<\s*/?\s*br\s*/?\s*>|\n|;|\s\+\s|\splus\s|\set\s(?=\d)")
_LABEL_RE = re.compile(r"^\s*([a-zé' ]+?)\s*(?:time)?\s*:")
_UNKNOWN_RE = re.compile(r"overnight|all night|une nuit|la nuit|varies|variable")
_TOTAL_LABELS = ("total",)
_WORD_NUMBERS = {
    r"\ban?\s+(?=hour|day|week|month)": "1 ",
    r"\bhalf an?\s+(?=hour)": "0.5 ",
    r"\bune?\s+(?=heure|jour|semaine|minute)": "1 ",
    r"\bdemi-?\s*heure": "30 minutes",
    r"\bquart d'heure": "15 minutes",
}


def _normalise_numbers(text: str) -> str:
    """Unicode and slash fractions as decimals: "1 ½" and "1½" → "1.5", "1/2" → "0.5"."""
    out: list[str] = []
    for char in text:
        if unicodedata.category(char) == "No" and unicodedata.numeric(char, None) is not None:
            value = unicodedata.numeric(char)
            # The whole part sits just before ("2½", "1 ½"); merge it.
            match = re.search(r"(\d+)\s?$", "".join(out))
            if match and value < 1:
                whole = int(match.group(1))
                del out[len(out) - len(match.group(0)) :]
                out.append(f"{whole + value:g}")
            else:
                out.append(f"{value:g}")
        else:
            out.append(char)
    text = "".join(out)
    text = re.sub(r"(\d+)/(\d+)", lambda m: f"{int(m.group(1)) / int(m.group(2)):g}", text)
    return re.sub(r"(\d),(\d)", r"\1.\2", text)  # French decimal comma: "1,5 heure"


def _part_minutes(part: str) -> float | None:
    part = _HOUR_MINUTES_RE.sub(r"\1 h \2 min", part)
    part = _RANGE_WITH_UNIT_RE.sub("", part)
    part = _RANGE_RE.sub(r"\1", part)
    quantities = _QUANTITY_RE.findall(part)
    if not quantities:
        return None
    total = 0.0
    for number, unit in quantities:
        key = unit.rstrip(".")
        if key not in _MINUTES_PER_UNIT:
            key = key.rstrip("s") if key.rstrip("s") in _MINUTES_PER_UNIT else key[:-1]
        total += float(number) * _MINUTES_PER_UNIT[key]
    return total


def _as_int_minutes(total: float) -> int:
    return max(1, math.ceil(total - 1e-9)) if total > 0 else 0


def parse_duration_text(text: str | None) -> int | None:
    """Minutes from a free-text duration, English or French; None when unknown.

    Ranges take their upper bound (a cook plans for the longest); labelled parts
    ("Prep: 15 minutes<br/>Baking: 20 minutes") add up unless one says "Total";
    an open-ended duration ("overnight", "varies") is unknown rather than guessed.
    """
    if not text:
        return None
    text = html.unescape(text).replace("\xa0", " ").replace("'''", "")
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("~", " ")
    if _UNKNOWN_RE.search(text):
        return None
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"(\d)\s*\+(?!\s*\d)", r"\1 ", text)  # "60+ minutes": at least 60
    text = re.sub(r"<\s*/?\s*br\s*/?\s*>\s*(?=or\b|ou\b)", " ", text)
    text = re.sub(r"\b(hours?|heures?) (?:and a half|et demie?)", r"\1 30 minutes", text)
    text = _normalise_numbers(text)
    for pattern, replacement in _WORD_NUMBERS.items():
        text = re.sub(pattern, replacement, text)
    parts: list[tuple[str, float]] = []
    for raw in _PART_SPLIT_RE.split(text):
        label_match = _LABEL_RE.match(raw)
        label = label_match.group(1).strip() if label_match else ""
        body = raw[label_match.end() :] if label_match else raw
        if re.search(r"\btotal\b|start to finish|altogether|in all|en tout", body):
            label = "total"
        # "1 hour, or 2.5 hours": alternatives, of which the longest counts.
        found = [m for m in map(_part_minutes, _ALTERNATIVE_RE.split(body)) if m is not None]
        minutes = max(found) if found else None
        if minutes is not None:
            parts.append((label, minutes))
    if not parts:
        return None
    totals = [minutes for label, minutes in parts if label in _TOTAL_LABELS]
    return _as_int_minutes(totals[-1] if totals else sum(minutes for _, minutes in parts))


_ISO_DURATION_RE = re.compile(
    r"^P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)
_ISO_MINUTES = {
    "years": 365 * 24 * 60,
    "months": 30 * 24 * 60,
    "weeks": 7 * 24 * 60,
    "days": 24 * 60,
    "hours": 60,
    "minutes": 1,
    "seconds": 1 / 60,
}


def parse_iso8601_duration(value: str | None) -> int | None:
    """Minutes from an ISO 8601 duration ("PT1H30M" → 90, "P0DT45M" → 45); None if invalid."""
    if not value or not isinstance(value, str):
        return None
    match = _ISO_DURATION_RE.match(value.strip())
    if not match or value.strip().upper() in {"P", "PT"} or value.strip().upper().endswith("T"):
        return None
    total = sum(
        float(amount) * _ISO_MINUTES[name]
        for name, amount in match.groupdict().items()
        if amount is not None
    )
    return _as_int_minutes(total)


_MEASURE_RE = re.compile(r"\b(cups?|oz|g|kg|ml|l|litres?|liters?|pints?|quarts?|tasses?)\b")


def parse_servings(value: Any) -> int | None:
    """Number of servings from 4, "4 servings", "6-8" (the lower bound), ["4", "4 parts"].

    The lower bound: "serves 6-8" promises at least 6. A yield in volume or weight
    ("About 2 litres") is not a number of people, so it is None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if value >= 1 else None
    if isinstance(value, list | tuple):
        for item in value:
            servings = parse_servings(item)
            if servings is not None:
                return servings
        return None
    if not isinstance(value, str):
        return None
    text = re.sub(r"\([^)]*\)", " ", html.unescape(value).lower())
    text = _normalise_numbers(text)
    if _MEASURE_RE.search(text):
        return None
    match = re.search(r"\d+(?:\.\d+)?", text)
    if not match:
        return None
    number = float(match.group(0))
    return int(number) if number >= 1 else None

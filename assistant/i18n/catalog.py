"""The message catalogues: one directory per language, one YAML file per domain.

An id is the file's name then the keys' path (`booking.page.seats`). A message is a string with
`{placeholders}`, or its plural forms by CLDR category (`one`, `other`...) chosen by the value
`count`, or `{text: ..., voice: ...}` where speech needs other words than the screen.

Format specs: dates and times take a style (`{when:time}`, see `values.DATE_STYLES`); a count
said with a plural message of its own takes `#` and that message's id (`{missing:#units.points}`:
"1 point", "12 points"); `{name:de}` elides the French "de" ("d'André", "de Marc"); a list is
joined as the language joins lists (`{items}`, or `{items:or}`).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from assistant.i18n import values as fmt

LANGS = ("fr", "en")
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
VARIANTS = frozenset({"text", "voice"})
DEFAULT_ZONE = ZoneInfo("Europe/Paris")

Forms = str | dict[str, str]


class MessageError(LookupError):
    """An id the catalogue lacks, or a message its values cannot fill."""


@dataclass(frozen=True)
class Msg:
    """What to tell, before any language: an id and typed values."""

    id: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str, *, zone: ZoneInfo | None = None, voice: bool = False) -> str:
        return render(lang, self.id, zone=zone, voice=voice, **self.values)


@dataclass(frozen=True)
class Entry:
    text: Forms
    voice: Forms | None = None


def _entries(tree: Mapping[str, Any], prefix: str) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for key, node in tree.items():
        name = f"{prefix}.{key}"
        if isinstance(node, str):
            found[name] = Entry(node)
        elif isinstance(node, dict) and set(node) <= VARIANTS and "text" in node:
            found[name] = Entry(node["text"], node.get("voice"))
        elif isinstance(node, dict) and set(node) <= PLURAL_CATEGORIES and "other" in node:
            found[name] = Entry(node)
        elif isinstance(node, dict):
            found.update(_entries(node, name))
        else:
            raise MessageError(f"{name}: a message is a string or a mapping, not {node!r}")
    return found


@lru_cache(maxsize=len(LANGS))
def catalogue(lang: str) -> dict[str, Entry]:
    """Every message of a language, read once."""
    if lang not in LANGS:
        raise MessageError(f"no catalogue for {lang!r}")
    entries: dict[str, Entry] = {}
    for path in sorted((MESSAGES_DIR / lang).glob("*.yml")):
        tree = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries.update(_entries(tree, path.stem))
    return entries


class _Formatter(string.Formatter):
    """str.format with each value written as the language writes it."""

    def __init__(self, lang: str, zone: ZoneInfo):
        self.lang, self.zone = lang, zone

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("#"):
            # `{missing:#units.points}`: a count said with another message's plural forms.
            return render(self.lang, format_spec[1:], zone=self.zone, count=value)
        if format_spec == "de" and isinstance(value, str):
            return fmt.french_of(value)
        if isinstance(value, fmt.Money):
            return fmt.money(value.cents, self.lang)
        if isinstance(value, dt.date | dt.time):
            default = "time" if isinstance(value, dt.time) else "date"
            return fmt.when(value, format_spec or default, self.lang, self.zone)
        if isinstance(value, list | tuple):
            return fmt.listing([str(item) for item in value], self.lang, format_spec or "standard")
        if isinstance(value, float) and not format_spec:
            return fmt.number(value, self.lang)
        return super().format_field(value, format_spec)


def _choose(forms: Forms, lang: str, values: Mapping[str, Any], msg_id: str) -> str:
    if isinstance(forms, str):
        return forms
    if "count" not in values:
        raise MessageError(f"{msg_id} has plural forms: it needs a count")
    category = fmt.plural_category(values["count"], lang)
    return forms.get(category, forms["other"])


def render(
    lang: str,
    msg_id: str,
    /,
    *,
    zone: ZoneInfo | None = None,
    voice: bool = False,
    **values: Any,
) -> str:
    """The message in `lang`, its values formatted (aware datetimes shown in `zone`)."""
    entry = catalogue(lang).get(msg_id)
    if entry is None:
        raise MessageError(f"no message {msg_id!r} in {lang!r}")
    forms = entry.voice if voice and entry.voice is not None else entry.text
    template = _choose(forms, lang, values, msg_id)
    try:
        return _Formatter(lang, zone or DEFAULT_ZONE).format(template, **values)
    except (KeyError, IndexError, ValueError) as exc:
        raise MessageError(f"{msg_id} ({lang}): {exc!r}") from exc


def render_msg(msg: Msg, lang: str, *, zone: ZoneInfo | None = None, voice: bool = False) -> str:
    return msg.render(lang, zone=zone, voice=voice)


def days_ago(days: int, lang: str) -> str:
    """A day said from today: "aujourd'hui", "hier", "il y a 3 jours"."""
    if days <= 0:
        return render(lang, "units.days_ago.today")
    if days == 1:
        return render(lang, "units.days_ago.yesterday")
    return render(lang, "units.days_ago.ago", days=days)

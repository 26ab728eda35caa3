"""Everything said aloud, in one place: the SSML the speaker, Alexa and the radio receive.

- `to_ssml`: a turn's replies, each text rewritten to be read naturally (prices, times,
  grouped numbers, units) in the reply's language, then escaped; replies separated by pauses
  and buttons become the choices the listener can say.
- `speak`, `paragraph`, `spoken_date`, `spoken_time`, `spoken_list`, `degrees`: the documents
  the channels and the briefing write themselves (radio scripts, linking prompts).

One locale per language (`LOCALES`, British English for the chain's English-speaking
customers in France) and only tags every platform accepts (`speak`, `p`, `s`, `break`): Alexa
refuses a whole response over one unsupported tag. Every text is XML-escaped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from babel.dates import format_date

from assistant.dialogue.types import Reply
from assistant.i18n import LANGS, render
from assistant.i18n import values as fmt

LOCALES = {"fr": "fr-FR", "en": "en-GB"}
REPLY_BREAK = '<break time="400ms"/>'
SSML_NS = "http://www.w3.org/2001/10/synthesis"


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _lang(lang: str, default: str) -> str:
    """A language the catalogue has (`default` for any other)."""
    return lang if lang in LANGS else default


def _hour_fr(match: re.Match[str]) -> str:
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 23 or minute > 59:
        return match[0]
    if hour == 12 and minute == 0:
        return "midi"
    if hour == 0 and minute == 0:
        return "minuit"
    word = "heure" if hour <= 1 else "heures"
    return f"{hour} {word}" + (f" {minute}" if minute else "")


def _hour_en(match: re.Match[str]) -> str:
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 23 or minute > 59:
        return match[0]
    if hour == 12 and minute == 0:
        return "noon"
    if hour == 0 and minute == 0:
        return "midnight"
    suffix = "a.m." if hour < 12 else "p.m."
    twelve = hour % 12 or 12
    if minute == 0:
        return f"{twelve} {suffix}"
    return f"{twelve} {'oh ' if minute < 10 else ''}{minute} {suffix}"


def _price(currency: str, cents_word: str) -> Callable[[re.Match[str]], str]:
    def render(match: re.Match[str]) -> str:
        units, cents = int(match["u"]), int(match["c"] or 0)
        word = currency if units > 1 else currency.rstrip("s")
        return f"{units} {word}" + (f" {cents}" if cents else "") + cents_word * bool(cents)

    return render


_GROUPED = re.compile(r"\b(\d{1,3})(?:[\u00a0\u202f ](\d{3}))+\b")
_RULES: dict[str, list[_Rule]] = {
    "fr": [
        (re.compile(r"(?P<u>\d+)(?:,(?P<c>\d{2}))?\s?€"), _price("euros", "")),
        (re.compile(r"\b(?P<h>\d{1,2})\s?(?:h|:)(?P<m>\d{2})?\b"), _hour_fr),
        (re.compile(r"(\d+)\s?%"), lambda m: f"{m[1]} pour cent"),
        (re.compile(r"\b1er\b"), lambda m: "premier"),
        (re.compile(r"(\d)\s?kg\b"), lambda m: f"{m[1]} kilos"),
        (re.compile(r"(\d)\s?km\b"), lambda m: f"{m[1]} kilomètres"),
        (re.compile(r"(\d)\s?min\b"), lambda m: f"{m[1]} minutes"),
    ],
    "en": [
        (re.compile(r"€\s?(?P<u>\d+)(?:\.(?P<c>\d{2}))?"), _price("euros", " cents")),
        (re.compile(r"(?P<u>\d+)(?:[.,](?P<c>\d{2}))?\s?€"), _price("euros", " cents")),
        (re.compile(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b"), _hour_en),
        (re.compile(r"(\d+)\s?%"), lambda m: f"{m[1]} percent"),
        (re.compile(r"(\d)\s?kg\b"), lambda m: f"{m[1]} kilos"),
        (re.compile(r"(\d)\s?km\b"), lambda m: f"{m[1]} kilometres"),
        (re.compile(r"(\d)\s?min\b"), lambda m: f"{m[1]} minutes"),
    ],
}


def speakable(text: str, lang: str) -> str:
    """Plain text as it should be read: no emoji or markup symbols, numbers spelled for the ear.
    The result is still plain text (escape it before putting it in SSML)."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Cs", "Co"))
    text = _GROUPED.sub(lambda m: re.sub(r"[\u00a0\u202f ]", "", m[0]), text)
    for pattern, replace in _RULES.get(lang, _RULES["fr"]):
        text = pattern.sub(replace, text)
    text = re.sub(r"[*_#`]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _inner_ssml(ssml: str) -> str | None:
    """The content of an action's own SSML (without its `<speak>`), or None when invalid."""
    try:
        root = ET.fromstring(ssml if ssml.lstrip().startswith("<") else f"<speak>{ssml}</speak>")
    except ET.ParseError:
        return None
    tag = root.tag.split("}")[-1]
    if tag != "speak":
        return ET.tostring(root, encoding="unicode")
    parts = [escape(root.text or "")]
    for child in root:
        parts.append(ET.tostring(child, encoding="unicode"))
    return "".join(parts)


def _choices(reply: Reply, lang: str) -> str:
    titles = [speakable(button.title, lang) for button in reply.buttons]
    titles = [title for title in titles if title]
    if not titles:
        return ""
    return escape(render(_lang(lang, "fr"), "chat.speaker.choices", choices=titles))


def to_ssml(replies: Sequence[Reply], lang: str) -> str:
    """One `<speak>` document for a turn's replies, in the language of `lang`."""
    locale = LOCALES.get(lang, LOCALES["fr"])
    paragraphs: list[str] = []
    for reply in replies:
        body = _inner_ssml(reply.ssml) if reply.ssml else None
        if body is None:
            # A catalogue message with a voice variant said it for the ear (actions' `custom`).
            voice = (reply.custom or {}).get("voice")
            spoken = speakable(voice if isinstance(voice, str) else reply.text, lang)
            # The choices that follow are a sentence of their own.
            if reply.buttons and spoken and spoken[-1] not in ".!?:;":
                spoken += "."
            body = escape(spoken)
        choices = _choices(reply, lang)
        content = " ".join(part for part in (body, choices) if part)
        if content:
            paragraphs.append(f"<p>{content}</p>")
    return f"<speak xml:lang={quoteattr(locale)}>{REPLY_BREAK.join(paragraphs)}</speak>"


# A date as said aloud (CLDR patterns, its day and month names): "dimanche 15 juin 2025",
# with French's ordinal first of the month ("dimanche 1er juin 2025"); "Sunday, June 15, 2025".
# British order for English, as the voice (en-GB) and the rest of the catalogue write it.
_SPOKEN_DATE = {"fr": "EEEE d MMMM y", "en": "EEEE d MMMM y"}
_FIRST_OF_MONTH = {"fr": "EEEE '1er' MMMM y"}


def spoken_date(day: dt.date, lang: str) -> str:
    pattern = _SPOKEN_DATE[lang]
    if day.day == 1:
        pattern = _FIRST_OF_MONTH.get(lang, pattern)
    return format_date(day, pattern, locale=fmt.locale(lang))


def spoken_time(moment: dt.datetime | dt.time, lang: str) -> str:
    if lang == "fr":
        return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"


def degrees(value: float, lang: str) -> str:
    return render(_lang(lang, "en"), "units.degrees", count=round(value))


# Chat formatting that a voice would read out literally.
_MARKUP = re.compile(r"[*_`#]+")
_BULLET = re.compile(r"^\s*(?:[-•·]|\d+[.)])\s+")
# A list's last item follows "and" (CLDR's "standard" lists) or, for choices, "or".
_LIST_STYLES = {"and": "standard", "or": "or"}


def sentences(text: str) -> list[str]:
    """The spoken lines of a chat text: one per non-empty line, markup and bullets removed."""
    lines = (_BULLET.sub("", _MARKUP.sub("", line)).strip() for line in text.splitlines())
    return [line for line in lines if line]


def paragraph(text: str) -> str:
    """A `<p>` of escaped sentences (empty string when nothing is left to say)."""
    lines = sentences(text)
    if not lines:
        return ""
    return "<p>" + "".join(f"<s>{escape(line)}</s>" for line in lines) + "</p>"


def spoken_list(
    items: Sequence[str], lang: str, *, conjunction: Literal["and", "or"] = "and"
) -> str:
    """Items as said aloud, as the language lists them: "a, b et c" (or, for choices,
    "a, b ou c")."""
    return fmt.listing(list(items), _lang(lang, "en"), _LIST_STYLES[conjunction])


def speak(bodies: Iterable[str], lang: str | None = None) -> str:
    """Wrap SSML fragments; with `lang`, the W3C root (version, namespace, xml:lang) that
    standalone synthesizers (the radio) need; without, the bare root Alexa expects."""
    body = "".join(bodies)
    if lang is None:
        return f"<speak>{body}</speak>"
    locale = LOCALES.get(lang, LOCALES["fr"])
    return f'<speak version="1.0" xmlns="{SSML_NS}" xml:lang="{locale}">{body}</speak>'


def plain_text(replies: Sequence[Reply]) -> str:
    """The replies as card text (what the speaker's companion app shows)."""
    return "\n".join(" ".join(sentences(reply.text)) for reply in replies if reply.text.strip())

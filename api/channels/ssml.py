"""SSML building blocks for the radio and the speaker's own messages.

A turn's replies are rendered by the dialogue's `assistant.dialogue.render.to_ssml`; these
helpers build the documents the channels write themselves (radio scripts, linking prompts).
Only tags every platform accepts (`speak`, `p`, `s`): Alexa refuses a whole response over one
unsupported tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from assistant.dialogue.types import Reply

LOCALES = {"fr": "fr-FR", "en": "en-US"}
# Chat formatting that a voice would read out literally.
_MARKUP = re.compile(r"[*_`#]+")
_BULLET = re.compile(r"^\s*(?:[-•·]|\d+[.)])\s+")
_CONJUNCTIONS = {"or": {"fr": "ou", "en": "or"}, "and": {"fr": "et", "en": "and"}}


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


def spoken_list(items: Sequence[str], lang: str, *, conjunction: str = "and") -> str:
    """Items as said aloud: "a, b et c" (or, for choices, "a, b ou c")."""
    if len(items) <= 1:
        return "".join(items)
    word = _CONJUNCTIONS[conjunction].get(lang, conjunction)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def speak(bodies: Iterable[str], lang: str | None = None) -> str:
    """Wrap SSML fragments; with `lang`, the W3C root (version, namespace, xml:lang) that
    standalone synthesizers (the radio) need; without, the bare root Alexa expects."""
    body = "".join(bodies)
    if lang is None:
        return f"<speak>{body}</speak>"
    locale = LOCALES.get(lang, LOCALES["fr"])
    return (
        '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" '
        f'xml:lang="{locale}">{body}</speak>'
    )


def plain_text(replies: Sequence[Reply]) -> str:
    """The replies as card text (what the speaker's companion app shows)."""
    return "\n".join(" ".join(sentences(reply.text)) for reply in replies if reply.text.strip())

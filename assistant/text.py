"""Text folding, the one set of rules for matching what customers say against names and
patterns: lower case, no accents, one apostrophe (accents, apostrophes and plurals vary)."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def strip_accents(text: str) -> str:
    """The text without its accents, case kept: "Pâtes" -> "Pates" (lookup variants)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Lower case without accents, one apostrophe: "Pâtes Fraîches" -> "pates fraiches"."""
    # NFKD leaves the ligatures whole: "œufs" must match "oeufs".
    return strip_accents(text.lower().translate(_APOSTROPHES).replace("œ", "oe").replace("æ", "ae"))


def fold_aligned(text: str) -> str:
    """`fold` with one output character per input character (ligatures kept whole), so that
    pattern finders can report offsets into the original text."""
    out: list[str] = []
    for char in text.lower().translate(_APOSTROPHES):
        base = unicodedata.normalize("NFKD", char)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if len(stripped) == 1 else char)
    return "".join(out)


def fold_words(text: str) -> list[str]:
    """Folded words with a plural s/x dropped, so "pommes" matches "pomme"."""
    tokens = re.findall(r"[a-z0-9]+", fold(text))
    return [token[:-1] if len(token) > 3 and token[-1] in "sx" else token for token in tokens]


# Articles, prepositions and possessives (French and English): they never tell which product
# or wish a customer means.
FUNCTION_WORDS = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "un",
        "une",
        "au",
        "aux",
        "en",
        "et",
        "the",
        "a",
        "an",
        "of",
        "some",
        "my",
        "mes",
        "ma",
        "mon",
    }
)

"""Text folding for matching what customers type against names (accents and plurals vary)."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: "Pâtes Fraîches" -> "pates fraiches"."""
    # NFKD leaves the ligatures whole: "œufs" must match "oeufs".
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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

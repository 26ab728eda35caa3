"""French or English? A naive Bayes scorer over words and character n-grams.

Trained from the NLU training files (no downloaded model), it knows how customers of
this assistant write, including the short replies ("ok", "merci", "yes"). When a text
is ambiguous (too short, or words both languages share such as "ok" or "hello"), the
caller's hint, the customer's language, wins.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nlu.training_data import load_examples

__all__ = ["AMBIGUOUS_BELOW", "Detection", "LanguageDetector"]

LANGS = ("fr", "en")
# Below this posterior the text does not say its language and the hint decides.
AMBIGUOUS_BELOW = 0.75
_WORD = re.compile(r"[\w']+")
_ALPHA = 0.5
_SHARED_MAX_WORDS = 3
_SHARED_MIN_COUNT = 2


@dataclass(frozen=True, slots=True)
class Detection:
    lang: str
    confidence: float


def _features(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    feats: list[str] = []
    for word in words:
        feats.append(f"w:{word}")
        padded = f" {word} "
        for size in (2, 3, 4):
            feats.extend(f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return feats


class LanguageDetector:
    def __init__(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        self._counts = {lang: dict(counts[lang]) for lang in LANGS}
        vocab = set().union(*(c.keys() for c in self._counts.values()))
        self._vocab_size = max(len(vocab), 1)
        self._totals = {lang: sum(self._counts[lang].values()) for lang in LANGS}

    @classmethod
    def train(cls, texts: Mapping[str, Iterable[str]]) -> LanguageDetector:
        counts = {
            lang: Counter(f for t in texts.get(lang, ()) for f in _features(t)) for lang in LANGS
        }
        return cls(counts)

    @classmethod
    def train_from_files(cls, files: Mapping[str, Path]) -> LanguageDetector:
        return cls.train(
            {lang: [ex.text for ex in load_examples(path)] for lang, path in files.items()}
        )

    def to_dict(self) -> dict[str, dict[str, int]]:
        return self._counts

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self._counts, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LanguageDetector:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def probabilities(self, text: str) -> dict[str, float]:
        feats = _features(text)
        if not feats:
            return {lang: 1.0 / len(LANGS) for lang in LANGS}
        scores = {
            lang: sum(
                math.log((self._counts[lang].get(f, 0) + _ALPHA)
                         / (self._totals[lang] + _ALPHA * self._vocab_size))
                for f in feats
            )
            for lang in LANGS
        }  # fmt: skip
        # n-grams of one word are far from independent: temper the evidence so a single
        # shared word does not look certain.
        scale = 1.0 / math.sqrt(len(feats))
        top = max(scores.values())
        exp = {lang: math.exp((s - top) * scale) for lang, s in scores.items()}
        total = sum(exp.values())
        return {lang: value / total for lang, value in exp.items()}

    def detect(self, text: str, hint: str | None = None) -> Detection:
        """The language of `text`; `hint` wins when the text is ambiguous."""
        probs = self.probabilities(text)
        lang = max(probs, key=lambda k: probs[k])
        if (
            hint in LANGS
            and hint != lang
            and (probs[lang] < AMBIGUOUS_BELOW or self._only_shared_words(text))
        ):
            # Ambiguous: the hint decides, and the confidence says it was a coin toss.
            return Detection(hint, max(probs[hint], 0.5))
        return Detection(lang, probs[lang])

    def _only_shared_words(self, text: str) -> bool:
        """A short text made only of words customers use in both languages ("ok", "hello")."""
        words = _WORD.findall(text.lower().replace("\u2019", "'"))
        return 0 < len(words) <= _SHARED_MAX_WORDS and all(
            min(self._counts[lang].get(f"w:{word}", 0) for lang in LANGS) >= _SHARED_MIN_COUNT
            for word in words
        )

"""Intent classification: a linear model over word and character n-grams, then calibration.

Chosen on data the model had not seen (CLINC150 `val`/`test` mapped onto the contract, and
split-off French examples; figures in `python -m benchmarks nlu` and the README of `nlu/`):
TF-IDF word 1-2-grams plus character 2-5-grams inside word boundaries (typos, missing
accents and inflections share their pieces), a linear SVM (one-vs-rest, C=1), over
*fine* labels: every out-of-scope group (CLINC's foreign intents, our French domains such as
alarms or music) is a class of its own, so the model learns what each kind of foreign request
looks like instead of one shapeless "other" class.

Calibration, on a validation split the probe model did not train on:
- a temperature turning the margins into probabilities (minimum negative log-likelihood);
- the out-of-scope rule: a request is out of scope when its best out-of-scope group is
  `margin` times likelier than its best in-scope intent, or when that intent's probability
  is under `threshold`; both chosen to keep wrongly refused requests at or under
  `MAX_FALSE_OOS` while refusing as many foreign ones as possible.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from nlu.parse import OUT_OF_SCOPE
from nlu.training_data import Example
from nlu.values import fold

__all__ = [
    "MAX_FALSE_OOS",
    "Calibration",
    "LinearIntentClassifier",
    "calibrate",
    "fine_label",
    "intent_of",
    "normalise",
    "scope_scores",
]

MAX_FALSE_OOS = 0.05
MARGINS = (1.0, 1.5, 2.0, 3.0, 5.0, 8.0)
SVM_C = 1.0
_GROUP_SEP = "/"
_FLOAT = np.float32


def fine_label(example: Example) -> str:
    return f"{example.intent}{_GROUP_SEP}{example.group}" if example.group else example.intent


def intent_of(label: str) -> str:
    return label.split(_GROUP_SEP, 1)[0]


def normalise(text: str) -> str:
    # Folding accents and case lets "meteo" and "Météo" share their n-grams.
    return " ".join(fold(text).split())


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    # float32 like the weights: a float64 row would make numpy cast the whole weight matrix.
    words = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b", dtype=_FLOAT
    )
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, dtype=_FLOAT
    )
    return words, chars


@dataclass
class LinearIntentClassifier:
    """Margins per fine label for a batch of texts; saved as plain arrays (no pickle)."""

    words: TfidfVectorizer
    chars: TfidfVectorizer
    labels: list[str]
    weights: NDArray[np.float32]  # (features, labels)
    bias: NDArray[np.float32]  # (labels,)

    @classmethod
    def fit(
        cls, examples: Sequence[Example], *, seed: int = 0, c: float = SVM_C
    ) -> LinearIntentClassifier:
        texts = [normalise(ex.text) for ex in examples]
        words, chars = _vectorizers()
        features = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        svm = LinearSVC(C=c, random_state=seed)
        svm.fit(features, [fine_label(ex) for ex in examples])
        return cls(
            words=words,
            chars=chars,
            labels=[str(label) for label in svm.classes_],
            weights=np.ascontiguousarray(svm.coef_.T, dtype=_FLOAT),
            bias=svm.intercept_.astype(_FLOAT),
        )

    def _features(self, texts: Sequence[str]) -> csr_matrix:
        normalised = [normalise(text) for text in texts]
        return hstack([self.words.transform(normalised), self.chars.transform(normalised)]).tocsr()

    def margins(self, texts: Sequence[str]) -> NDArray[np.float32]:
        scores: NDArray[np.float32] = self._features(texts) @ self.weights + self.bias
        return scores

    # -- persistence --------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        vocab = {
            name: {"terms": _terms(vec), "idf": vec.idf_.tolist()}
            for name, vec in (("words", self.words), ("chars", self.chars))
        }
        (directory / "vocabulary.json").write_text(
            json.dumps({"labels": self.labels, **vocab}, ensure_ascii=False), encoding="utf-8"
        )
        np.savez(directory / "weights.npz", weights=self.weights, bias=self.bias)

    @classmethod
    def load(cls, directory: Path) -> LinearIntentClassifier:
        meta = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        arrays = np.load(directory / "weights.npz")
        words, chars = _vectorizers()
        for vec, name in ((words, "words"), (chars, "chars")):
            # A fixed vocabulary and its idf make a fitted vectorizer (sklearn's own setter).
            vec.vocabulary = {term: i for i, term in enumerate(meta[name]["terms"])}
            vec.idf_ = np.asarray(meta[name]["idf"], dtype=np.float64)
        return cls(
            words=words,
            chars=chars,
            labels=list(meta["labels"]),
            weights=np.ascontiguousarray(arrays["weights"], dtype=_FLOAT),
            bias=arrays["bias"].astype(_FLOAT),
        )


def _terms(vec: TfidfVectorizer) -> list[str]:
    terms = [""] * len(vec.vocabulary_)
    for term, index in vec.vocabulary_.items():
        terms[index] = term
    return terms


# -- calibration ----------------------------------------------------------------------------


def _softmax(scores: NDArray[np.float32], temperature: float) -> NDArray[np.float64]:
    scaled = scores.astype(np.float64) / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    probs: NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
    return probs


@dataclass(frozen=True)
class Calibration:
    temperature: float
    threshold: float
    # How much more likely the best out-of-scope group must be than the best intent.
    margin: float = 1.0

    def probabilities(self, margins: NDArray[np.float32]) -> NDArray[np.float64]:
        return _softmax(margins, self.temperature)

    def decide(
        self,
        probs: NDArray[np.float64],
        labels: Sequence[str],
        threshold: float | None = None,
        margin: float | None = None,
    ) -> list[tuple[str, float, dict[str, float]]]:
        """(intent, confidence, probability per contract intent) for each row."""
        limit = self.threshold if threshold is None else threshold
        ratio = self.margin if margin is None else margin
        intents = [intent_of(label) for label in labels]
        foreign = np.array([intent == OUT_OF_SCOPE for intent in intents])
        results: list[tuple[str, float, dict[str, float]]] = []
        for row in probs:
            folded: dict[str, float] = {}
            for intent, p in zip(intents, row, strict=True):
                folded[intent] = folded.get(intent, 0.0) + float(p)
            inside = np.where(foreign, -1.0, row)
            best = int(inside.argmax())
            best_foreign = float(np.where(foreign, row, -1.0).max()) if foreign.any() else -1.0
            if best_foreign > ratio * row[best] or row[best] < limit:
                results.append((OUT_OF_SCOPE, folded.get(OUT_OF_SCOPE, 0.0), folded))
            else:
                results.append((intents[best], folded[intents[best]], folded))
        return results


def _nll(margins: NDArray[np.float32], gold: NDArray[np.int64], temperature: float) -> float:
    probs = _softmax(margins, temperature)
    return float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean())


def calibrate(
    margins: NDArray[np.float32],
    labels: Sequence[str],
    held: Sequence[Example],
    *,
    max_false_oos: float = MAX_FALSE_OOS,
) -> Calibration:
    """Temperature and threshold from the probe model's margins on `held`."""
    index = {label: i for i, label in enumerate(labels)}
    fallback = next(i for i, label in enumerate(labels) if intent_of(label) == OUT_OF_SCOPE)
    gold = np.array([index.get(fine_label(ex), fallback) for ex in held], dtype=np.int64)
    grid = np.exp(np.linspace(-4.0, 3.0, 71))
    temperature = float(min(grid, key=lambda t: _nll(margins, gold, float(t))))
    probe = Calibration(temperature, 0.0)
    probs = probe.probabilities(margins)
    truth = [ex.intent for ex in held]
    best: tuple[float, float, float] | None = None
    for margin in MARGINS:
        for threshold in np.arange(0.0, 0.9, 0.01):
            decided = [i for i, _, _ in probe.decide(probs, labels, float(threshold), margin)]
            accuracy, recall, false_oos = scope_scores(decided, truth)
            if false_oos > max_false_oos:
                break  # refusals only grow with the threshold
            score = accuracy + recall
            if best is None or score > best[0]:
                best = (score, float(threshold), margin)
    if best is None:  # even the most lenient rule refuses too much: refuse the least
        return Calibration(temperature, 0.0, MARGINS[-1])
    return Calibration(temperature, round(best[1], 2), best[2])


def scope_scores(predicted: Sequence[str], truth: Sequence[str]) -> tuple[float, float, float]:
    """In-scope accuracy, out-of-scope recall and the share of in-scope requests refused."""
    inside = [(p, t) for p, t in zip(predicted, truth, strict=True) if t != OUT_OF_SCOPE]
    outside = [p for p, t in zip(predicted, truth, strict=True) if t == OUT_OF_SCOPE]
    accuracy = sum(p == t for p, t in inside) / len(inside) if inside else 1.0
    recall = sum(p == OUT_OF_SCOPE for p in outside) / len(outside) if outside else 1.0
    refused = sum(p == OUT_OF_SCOPE for p, _ in inside) / len(inside) if inside else 0.0
    return accuracy, recall, refused

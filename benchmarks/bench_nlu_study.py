"""How the embedded engine's intent classifier was chosen: candidates measured on data none
of them trained on.

Every candidate trains on the same training part (`nlu.corpus`: our files minus a validation
split, plus CLINC150 `train` in English), is calibrated the same way on the validation part
(temperature, out-of-scope rule and threshold: `nlu.engines.intent_classifier.calibrate`),
then is scored on the held-out files (`nlu/data/test/`), CLINC150 `test` mapped onto the
contract (English) and the independent French set (`nlu/data/independent/fr.yml`).

Candidates: spaCy's textcat (bag of n-grams; CNN ensemble with its own token vectors),
linear models over TF-IDF word n-grams, character n-grams or both, a linear SVM or a
logistic regression, fine out-of-scope labels (one per foreign domain) or one out-of-scope
class, and (French) the same features plus `fr_core_news_md`'s word vectors.
`python -m benchmarks nlu_study [--only NAME,...]`.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Table
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from nlu import clinc
from nlu.corpus import build_corpus
from nlu.engines.intent_classifier import (
    LinearIntentClassifier,
    calibrate,
    fine_label,
    normalise,
    scope_scores,
)
from nlu.parse import OUT_OF_SCOPE
from nlu.training_data import Example, load_examples

console = Console(width=160)
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "nlu" / "data"
INDEPENDENT_FR = DATA / "independent" / "fr.yml"


class Margins(Protocol):
    """A fitted candidate: margins per label for texts."""

    labels: list[str]

    def margins(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


Fit = Callable[[Sequence[Example]], Margins]


@dataclass
class _Sparse:
    vectorizers: list[TfidfVectorizer]
    model: Any
    labels: list[str]

    def margins(self, texts: Sequence[str]) -> NDArray[np.float32]:
        normalised = [normalise(t) for t in texts]
        features = hstack([v.transform(normalised) for v in self.vectorizers]).tocsr()
        if isinstance(self.model, LogisticRegression):
            return np.log(np.clip(self.model.predict_proba(features), 1e-12, 1.0))
        return np.asarray(self.model.decision_function(features), dtype=np.float32)


def _words() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")


def _chars() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)


def sparse(features: str, model: str) -> Fit:
    def fit(examples: Sequence[Example]) -> Margins:
        vectorizers = {"words": [_words()], "chars": [_chars()], "both": [_words(), _chars()]}
        chosen = vectorizers[features]
        texts = [normalise(ex.text) for ex in examples]
        matrix = hstack([v.fit_transform(texts) for v in chosen]).tocsr()
        estimator: Any = (
            LinearSVC(C=1.0, random_state=0)
            if model == "svm"
            else LogisticRegression(C=20.0, max_iter=300)
        )
        estimator.fit(matrix, [fine_label(ex) for ex in examples])
        return _Sparse(chosen, estimator, [str(c) for c in estimator.classes_])

    return fit


@dataclass
class _WithVectors:
    """A sparse candidate whose features also hold the text's mean word vector."""

    vectorizers: list[TfidfVectorizer]
    nlp: Any
    model: LinearSVC
    labels: list[str]

    def features(self, texts: Sequence[str], *, fit: bool = False) -> Any:
        normalised = [normalise(t) for t in texts]
        sparse_part = [
            v.fit_transform(normalised) if fit else v.transform(normalised)
            for v in self.vectorizers
        ]
        dense = np.asarray([self.nlp.make_doc(t).vector for t in texts], dtype=np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        scaled = dense / np.where(norms == 0, 1, norms) * VECTOR_WEIGHT
        return hstack([*sparse_part, csr_matrix(scaled)]).tocsr()

    def margins(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return np.asarray(self.model.decision_function(self.features(texts)), dtype=np.float32)


# The vectors' share against the two unit-norm TF-IDF blocks (1.0 = as much as one block).
VECTOR_WEIGHT = 1.0


def with_vectors(model_name: str) -> Fit:
    """words + chars + the mean of a spaCy pipeline's static word vectors, linear SVM."""

    def fit(examples: Sequence[Example]) -> Margins:
        import spacy

        nlp = spacy.load(model_name, exclude=["parser", "ner", "senter", "tagger", "morphologizer"])
        candidate = _WithVectors([_words(), _chars()], nlp, LinearSVC(C=1.0, random_state=0), [])
        matrix = candidate.features([ex.text for ex in examples], fit=True)
        candidate.model.fit(matrix, [fine_label(ex) for ex in examples])
        candidate.labels = [str(c) for c in candidate.model.classes_]
        return candidate

    return fit


def ours(examples: Sequence[Example]) -> Margins:
    return LinearIntentClassifier.fit(examples)


def coarse(fit: Fit) -> Fit:
    """The same candidate with every out-of-scope group folded into one class."""

    def fit_coarse(examples: Sequence[Example]) -> Margins:
        return fit([replace(ex, group="") if ex.intent == OUT_OF_SCOPE else ex for ex in examples])

    return fit_coarse


# -- spaCy textcat ----------------------------------------------------------------------------

_TOK2VEC: dict[str, Any] = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 64,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": [5000, 2000, 2000, 1000],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 64,
        "window_size": 1,
        "maxout_pieces": 3,
        "depth": 2,
    },
}
_BOW: dict[str, Any] = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**18,
}
TEXTCAT: dict[str, tuple[dict[str, Any], int]] = {
    "bow": (_BOW, 20),
    "ensemble": (
        {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": _TOK2VEC, "linear_model": _BOW},
        10,
    ),
}


@dataclass
class _Textcat:
    nlp: Any
    labels: list[str]

    def margins(self, texts: Sequence[str]) -> NDArray[np.float32]:
        textcat = self.nlp.get_pipe("textcat")
        docs = [self.nlp.make_doc(normalise(t)) for t in texts]
        rows = [[doc.cats[label] for label in self.labels] for doc in textcat.pipe(docs)]
        return np.log(np.clip(np.asarray(rows, dtype=np.float32), 1e-12, 1.0))


def textcat(architecture: str, lang: str) -> Fit:
    import spacy
    from spacy.training import Example as SpacyExample
    from spacy.util import compounding, minibatch

    def fit(examples: Sequence[Example]) -> Margins:
        config, epochs = TEXTCAT[architecture]
        spacy.util.fix_random_seed(0)
        nlp = spacy.blank(lang)
        pipe = nlp.add_pipe("textcat", config={"model": config})
        labels = sorted({fine_label(ex) for ex in examples})
        for label in labels:
            pipe.add_label(label)  # type: ignore[attr-defined]
        data = [
            SpacyExample.from_dict(
                nlp.make_doc(normalise(ex.text)),
                {"cats": {label: float(label == fine_label(ex)) for label in labels}},
            )
            for ex in examples
        ]
        pipe.initialize(lambda: data, nlp=nlp)  # type: ignore[attr-defined]
        optimizer = nlp.create_optimizer()
        rng = random.Random(0)
        for _ in range(epochs):
            rng.shuffle(data)
            for batch in minibatch(data, size=compounding(8.0, 64.0, 1.05)):
                pipe.update(batch, sgd=optimizer, drop=0.2)  # type: ignore[attr-defined]
        return _Textcat(nlp, labels)

    return fit


def candidates(lang: str) -> dict[str, Fit]:
    vectors: dict[str, Fit] = {}
    if lang == "fr":
        # fr-core-news-md 3.8.0 (dev extras): the official French pipeline with word vectors.
        vectors["words+chars+fr_core_news_md vectors, SVM"] = with_vectors("fr_core_news_md")
    return {
        **vectors,
        "ours: words+chars, SVM, fine OOS": ours,
        "words+chars, SVM, one OOS class": coarse(ours),
        "words+chars, logistic regression": sparse("both", "lr"),
        "words only, SVM": sparse("words", "svm"),
        "chars only, SVM": sparse("chars", "svm"),
        "spaCy textcat bag of n-grams": textcat("bow", lang),
        "spaCy textcat ensemble (CNN + n-grams)": textcat("ensemble", lang),
    }


def test_sets(lang: str) -> dict[str, list[Example]]:
    sets = {"held-out": load_examples(DATA / "test" / f"{lang}_test.yml")}
    if lang == "en" and clinc.available():
        sets["CLINC150 test"] = clinc.examples("test").examples
    if lang == "fr" and INDEPENDENT_FR.exists():
        sets["independent"] = load_examples(INDEPENDENT_FR)
    return sets


def measure(lang: str, name: str, fit: Fit) -> list[tuple[str, float, float, float, float]]:
    corpus = build_corpus(lang, DATA / "nlu" / lang)
    started = time.perf_counter()
    probe = fit(corpus.train)
    seconds = time.perf_counter() - started
    calibration = calibrate(
        probe.margins([ex.text for ex in corpus.held]), probe.labels, corpus.held
    )
    rows = []
    for set_name, examples in test_sets(lang).items():
        probs = calibration.probabilities(probe.margins([ex.text for ex in examples]))
        decided = [intent for intent, _, _ in calibration.decide(probs, probe.labels)]
        accuracy, recall, refused = scope_scores(decided, [ex.intent for ex in examples])
        rows.append((set_name, accuracy, recall, refused, seconds))
    return rows


def run(only: Sequence[str] = ()) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for lang in ("en", "fr"):
        table = Table(title=f"Intent classifier candidates ({lang}): trained on the same part")
        for column in (
            "candidate",
            "test set",
            "in-scope acc.",
            "OOS recall",
            "false OOS",
            "fit s",
        ):
            table.add_column(
                column, justify="left" if column in ("candidate", "test set") else "right"
            )
        for name, fit in candidates(lang).items():
            if only and not any(word in name for word in only):
                continue
            console.print(f"[{lang}] {name}...")
            rows = measure(lang, name, fit)
            results[f"{lang}:{name}"] = rows
            for set_name, accuracy, recall, refused, seconds in rows:
                table.add_row(
                    name, set_name, f"{accuracy:.3f}", f"{recall:.3f}", f"{refused:.1%}",
                    f"{seconds:.1f}",
                )  # fmt: skip
        console.print(table)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated words of candidate names")
    args = parser.parse_args(argv)
    run([w for w in args.only.split(",") if w])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

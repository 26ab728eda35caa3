"""Training pieces of the spaCy engine: pipelines, the text classifier, calibration, and the
gazetteers (product, store, dish, ingredient) read from the lookups and the annotations.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example as SpacyExample
from spacy.util import compounding, minibatch

from nlu.parse import INTENTS
from nlu.training_data import Example, load_examples, load_nlu_items
from nlu.values import fold

__all__ = [
    "ARCHITECTURES",
    "Gazetteer",
    "apply_temperature",
    "build_gazetteer",
    "calibration_error",
    "fit_temperature",
    "make_pipeline",
    "normalise_for_textcat",
    "split_examples",
    "train_textcat",
]

# entity -> lower-cased surface -> value
Gazetteer = dict[str, dict[str, str]]

_FR_UNUSED = ["parser", "ner", "senter"]
# Kept in the saved French pipeline (tokenizer and lemmatizer per the design) but not run
# when parsing: the classifier and the patterns only need tokens.
FR_DISABLED = ["tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"]

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
ARCHITECTURES: dict[str, dict[str, Any]] = {
    "bow": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 2**14,
    },
    "ensemble": {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "tok2vec": _TOK2VEC,
        "linear_model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 2,
            "no_output_layer": False,
            "length": 2**14,
        },
    },
    "cnn": {
        "@architectures": "spacy.TextCatReduce.v1",
        "exclusive_classes": True,
        "use_reduce_first": False,
        "use_reduce_last": False,
        "use_reduce_max": True,
        "use_reduce_mean": True,
        "tok2vec": _TOK2VEC,
    },
}
EPOCHS: dict[str, int] = {"bow": 20, "ensemble": 10, "cnn": 10}


def make_pipeline(lang: str) -> Language:
    """French keeps fr_core_news_sm's tokenizer and lemmatizer; English starts blank."""
    if lang == "fr":
        return spacy.load("fr_core_news_sm", exclude=_FR_UNUSED, disable=FR_DISABLED)
    return spacy.blank(lang)


def normalise_for_textcat(text: str) -> str:
    # Folding accents and case lets "meteo" and "Météo" share their n-grams.
    return " ".join(fold(text).split())


def split_examples(
    examples: Sequence[Example], *, holdout: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """A per-intent (stratified) split, so every intent is in both parts."""
    rng = random.Random(seed)
    by_intent: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example)
    train: list[Example] = []
    held: list[Example] = []
    for intent in sorted(by_intent):
        group = list(by_intent[intent])
        rng.shuffle(group)
        cut = max(1, round(len(group) * holdout)) if len(group) > 1 else 0
        held.extend(group[:cut])
        train.extend(group[cut:])
    return train, held


def train_textcat(
    nlp: Language,
    examples: Sequence[Example],
    *,
    labels: Sequence[str],
    architecture: str,
    seed: int,
    epochs: int | None = None,
) -> None:
    """Add a `textcat` (exclusive classes) to `nlp` and train it; other pipes stay frozen."""
    spacy.util.fix_random_seed(seed)
    textcat = nlp.add_pipe("textcat", config={"model": ARCHITECTURES[architecture]})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    data = [
        SpacyExample.from_dict(
            nlp.make_doc(normalise_for_textcat(ex.text)),
            {"cats": {label: float(label == ex.intent) for label in labels}},
        )
        for ex in examples
    ]
    textcat.initialize(lambda: data, nlp=nlp)  # type: ignore[attr-defined]
    optimizer = nlp.create_optimizer()
    rng = random.Random(seed)
    for _ in range(epochs or EPOCHS[architecture]):
        rng.shuffle(data)
        for batch in minibatch(data, size=compounding(8.0, 64.0, 1.05)):
            textcat.update(batch, sgd=optimizer, drop=0.2)  # type: ignore[attr-defined]


def predict_cats(nlp: Language, texts: Sequence[str]) -> list[dict[str, float]]:
    textcat = nlp.get_pipe("textcat")
    docs = [nlp.make_doc(normalise_for_textcat(text)) for text in texts]
    return [dict(doc.cats) for doc in textcat.pipe(docs)]  # type: ignore[attr-defined]


def apply_temperature(cats: dict[str, float], temperature: float) -> dict[str, float]:
    """Softmax of log-probabilities divided by T: T > 1 softens, T < 1 sharpens."""
    logs = {k: math.log(max(v, 1e-12)) / temperature for k, v in cats.items()}
    top = max(logs.values())
    exp = {k: math.exp(v - top) for k, v in logs.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


def _nll(predictions: Sequence[dict[str, float]], gold: Sequence[str], temperature: float) -> float:
    loss = 0.0
    for cats, label in zip(predictions, gold, strict=True):
        loss -= math.log(max(apply_temperature(cats, temperature)[label], 1e-12))
    return loss / max(len(gold), 1)


def fit_temperature(predictions: Sequence[dict[str, float]], gold: Sequence[str]) -> float:
    """The T minimising the held-out negative log-likelihood (grid, then refined)."""
    grid = [math.exp(x / 20) for x in range(-60, 61)]  # 0.05 .. 20
    best = min(grid, key=lambda t: _nll(predictions, gold, t))
    fine = [best * math.exp(x / 200) for x in range(-10, 11)]
    return min(fine, key=lambda t: _nll(predictions, gold, t))


def calibration_error(
    predictions: Sequence[dict[str, float]], gold: Sequence[str], temperature: float, bins: int = 10
) -> float:
    """Expected calibration error: |confidence - accuracy| averaged over confidence bins."""
    buckets: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for cats, label in zip(predictions, gold, strict=True):
        probs = apply_temperature(cats, temperature)
        top = max(probs, key=lambda k: probs[k])
        index = min(int(probs[top] * bins), bins - 1)
        buckets[index].append((probs[top], top == label))
    total = max(len(gold), 1)
    error = 0.0
    for bucket in buckets:
        if bucket:
            confidence = sum(c for c, _ in bucket) / len(bucket)
            accuracy = sum(ok for _, ok in bucket) / len(bucket)
            error += len(bucket) / total * abs(confidence - accuracy)
    return error


def labels_of(examples: Sequence[Example]) -> list[str]:
    seen = {ex.intent for ex in examples}
    return [i for i in INTENTS if i in seen] + sorted(seen - set(INTENTS))


def _lookup_block(path: Path) -> tuple[list[str], dict[str, str]]:
    """Terms of the `lookup:` block and variant -> value of the `synonym:` blocks."""
    terms: list[str] = []
    synonyms: dict[str, str] = {}
    for item in load_nlu_items(path):
        lines = [
            line.strip()[2:].strip()
            for line in str(item.get("examples") or "").splitlines()
            if line.strip().startswith("- ")
        ]
        if "lookup" in item:
            terms.extend(lines)
        elif "synonym" in item:
            for line in lines:
                synonyms[line] = str(item["synonym"])
    return terms, synonyms


def build_gazetteer(lang: str, train_file: Path, lookups_dir: Path) -> Gazetteer:
    """Surfaces to recognise per entity, from the lookup files and the annotations."""
    gaz: Gazetteer = {"product": {}, "store": {}, "dish": {}, "ingredient": {}}

    def add(entity: str, surface: str, value: str) -> None:
        for key in {surface.lower(), fold(surface)}:
            gaz[entity].setdefault(key, value)

    products = lookups_dir / f"products_{lang}.yml"
    if products.exists():
        terms, synonyms = _lookup_block(products)
        for variant, value in synonyms.items():
            add("product", variant, value)
        for term in terms:
            add("product", term, term)
    stores = lookups_dir / "stores.yml"
    if stores.exists():
        terms, synonyms = _lookup_block(stores)
        for variant, code in synonyms.items():
            add("store", variant, code)
        for term in terms:
            add("store", term, synonyms.get(term, term))
    for example in load_examples(train_file):
        for ent in example.entities:
            if ent.entity in gaz:
                add(ent.entity, example.text[ent.start : ent.end], ent.value)
    return gaz

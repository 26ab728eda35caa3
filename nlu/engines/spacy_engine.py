"""The embedded NLU engine: a calibrated linear intent classifier and spaCy entity matchers.

Per language: `nlu.engines.intent_classifier` (word and character n-grams, a linear SVM over
fine labels, a temperature and an out-of-scope threshold calibrated on a validation split;
see `nlu.corpus` for what it trains on), then the entities: phrase matchers over the lookup
tables and the training annotations (product, store, dish, ingredient) on spaCy's tokens,
and value patterns (quantity, unit, people_count, date, time, duration, event_type)
normalised by `nlu.values`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sklearn
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from nlu.clinc import CLINC_DIR
from nlu.corpus import build_corpus, inputs_digest
from nlu.engines.intent_classifier import (
    Calibration,
    LinearIntentClassifier,
    calibrate,
    scope_scores,
)
from nlu.engines.spacy_patterns import Candidate, find_value_candidates, resolve
from nlu.engines.spacy_pipeline import FR_DISABLED, Gazetteer, build_gazetteer, make_pipeline
from nlu.langdetect import LanguageDetector
from nlu.parse import OUT_OF_SCOPE, Parse, ParsedEntity
from nlu.values import local_now

__all__ = ["DATA_DIR", "MODEL_VERSION", "SpacyEngine"]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Part of the inputs' hash: bump it when training changes, so cached models are retrained.
MODEL_VERSION = "linear-3"
_RECIPE_INTENT = "recipe_suggest"
_EXTRACTOR = "spacy.lookup"
_PHRASE_PRIORITY = {"dish": 27, "ingredient": 24, "store": 26, "product": 25}


@dataclass
class _LangModel:
    nlp: Language
    classifier: LinearIntentClassifier
    calibration: Calibration
    gazetteer: Gazetteer
    matcher: PhraseMatcher


def _build_matcher(nlp: Language, gazetteer: Gazetteer) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for entity, surfaces in gazetteer.items():
        matcher.add(entity, [nlp.make_doc(surface) for surface in surfaces])
    return matcher


def training_digest(train_files: Mapping[str, Path], lookups_dir: Path) -> str:
    return inputs_digest(
        train_files, lookups_dir, extra=(MODEL_VERSION, sklearn.__version__, spacy.__version__)
    )


class SpacyEngine:
    name = "spacy"

    def __init__(
        self,
        models: Mapping[str, _LangModel],
        detector: LanguageDetector,
        *,
        threshold: float | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self._models = dict(models)
        self._detector = detector
        # None: each language's threshold calibrated on its validation split.
        self.threshold = threshold
        self.meta: dict[str, Any] = meta or {}

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(self._models)

    def threshold_for(self, lang: str) -> float:
        return (
            self._models[lang].calibration.threshold if self.threshold is None else self.threshold
        )

    # -- training and persistence -------------------------------------------------------

    @classmethod
    def train(
        cls,
        train_files: Mapping[str, Path],
        lookups_dir: Path,
        *,
        seed: int = 0,
        threshold: float | None = None,
        use_clinc: bool = True,
    ) -> SpacyEngine:
        """Train one model per language of `train_files` (lang -> Rasa NLU file or directory)."""
        models: dict[str, _LangModel] = {}
        meta: dict[str, Any] = {
            "version": MODEL_VERSION,
            "seed": seed,
            "inputs": training_digest(train_files, lookups_dir),
            "langs": {},
        }
        for lang, path in train_files.items():
            started = time.perf_counter()
            corpus = build_corpus(lang, path, seed=seed, clinc_dir=CLINC_DIR if use_clinc else None)
            # Calibrate on a split the probe has not seen, and train on everything. The two
            # fits are independent and liblinear releases the GIL: side by side, two cores
            # keep `make run`'s training near a minute.
            with ThreadPoolExecutor(max_workers=2) as pool:
                served = pool.submit(LinearIntentClassifier.fit, corpus.everything, seed=seed)
                probe = LinearIntentClassifier.fit(corpus.train, seed=seed)
                held_margins = probe.margins([ex.text for ex in corpus.held])
                calibration = calibrate(held_margins, probe.labels, corpus.held)
                decided = calibration.decide(calibration.probabilities(held_margins), probe.labels)
                accuracy, recall, refused = scope_scores(
                    [intent for intent, _, _ in decided], [ex.intent for ex in corpus.held]
                )
                classifier = served.result()
            nlp = make_pipeline(lang)
            gazetteer = build_gazetteer(lang, path, lookups_dir)
            models[lang] = _LangModel(
                nlp, classifier, calibration, gazetteer, _build_matcher(nlp, gazetteer)
            )
            meta["langs"][lang] = {
                "examples": len(corpus.everything),
                "labels": len(classifier.labels),
                "temperature": calibration.temperature,
                "threshold": calibration.threshold,
                "margin": calibration.margin,
                "validation": {
                    "examples": len(corpus.held),
                    "accuracy": round(accuracy, 4),
                    "oos_recall": round(recall, 4),
                    "false_oos": round(refused, 4),
                },
                "train_seconds": round(time.perf_counter() - started, 2),
            }
        detector = LanguageDetector.train_from_files(train_files)
        return cls(models, detector, threshold=threshold, meta=meta)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for lang, model in self._models.items():
            model.nlp.to_disk(directory / lang)
            model.classifier.save(directory / lang / "intents")
            (directory / f"gazetteer_{lang}.json").write_text(
                json.dumps(model.gazetteer, ensure_ascii=False), encoding="utf-8"
            )
        self._detector.save(directory / "langdetect.json")
        calibrations = {
            lang: {
                "temperature": m.calibration.temperature,
                "threshold": m.calibration.threshold,
                "margin": m.calibration.margin,
            }
            for lang, m in self._models.items()
        }
        meta = {**self.meta, "calibration": calibrations}
        (directory / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, *, threshold: float | None = None) -> SpacyEngine:
        meta_path = directory / "meta.json"
        if not meta_path.exists():
            raise FileNotFoundError(f"no spaCy NLU model in {directory}")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("version") != MODEL_VERSION:
            raise FileNotFoundError(f"the model in {directory} is from another engine version")
        models: dict[str, _LangModel] = {}
        for lang, calibration in meta["calibration"].items():
            disabled = FR_DISABLED if lang == "fr" else []
            nlp = spacy.load(directory / lang, disable=disabled)
            classifier = LinearIntentClassifier.load(directory / lang / "intents")
            gazetteer = json.loads((directory / f"gazetteer_{lang}.json").read_text("utf-8"))
            models[lang] = _LangModel(
                nlp,
                classifier,
                Calibration(
                    calibration["temperature"], calibration["threshold"], calibration["margin"]
                ),
                gazetteer,
                _build_matcher(nlp, gazetteer),
            )
        detector = LanguageDetector.load(directory / "langdetect.json")
        return cls(models, detector, threshold=threshold, meta=meta)

    @classmethod
    def load_or_train(cls, model_dir: Path, *, threshold: float | None = None) -> SpacyEngine:
        """Load `model_dir/spacy` when it was trained from the very same inputs (content
        hash); otherwise train from `nlu/data` and save it there."""
        directory = Path(model_dir) / "spacy"
        wanted = training_digest(default_train_files(), DATA_DIR / "lookups")
        meta_path = directory / "meta.json"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("inputs") == wanted and meta.get("version") == MODEL_VERSION:
                return cls.load(directory, threshold=threshold)
            log.info("the NLU model in %s is stale (inputs changed): retraining", directory)
        else:
            log.info("no NLU model in %s: training one from %s", directory, DATA_DIR)
        started = time.perf_counter()
        engine = cls.train(default_train_files(), DATA_DIR / "lookups", threshold=threshold)
        engine.save(directory)
        log.info("trained the NLU model in %.1fs", time.perf_counter() - started)
        return engine

    # -- parsing ---------------------------------------------------------------------------

    def detect_lang(self, text: str, hint: str | None = None) -> str:
        if hint is not None and hint not in self._models:
            raise ValueError(f"unknown language {hint!r}; expected one of {self.langs}")
        lang = self._detector.detect(text, hint=hint).lang
        return lang if lang in self._models else next(iter(self._models))

    def parse(self, text: str, lang: str | None = None, *, now: datetime, tz: str) -> Parse:
        """Intent, calibrated confidence and entities; `now` in zone `tz` anchors relative
        dates."""
        lang = self.detect_lang(text, lang)
        model = self._models[lang]
        if text.strip():
            probs = model.calibration.probabilities(model.classifier.margins([text]))
            ((intent, confidence, folded),) = model.calibration.decide(
                probs, model.classifier.labels, self.threshold
            )
        else:
            intent, confidence, folded = OUT_OF_SCOPE, 1.0, {OUT_OF_SCOPE: 1.0}
        ranking = tuple(sorted(folded.items(), key=lambda kv: (-kv[1], kv[0])))
        entities = self._entities(model, text, intent, local_now(now, tz))
        return Parse(
            text=text, intent=intent, confidence=round(confidence, 4), lang=lang,
            entities=tuple(entities), ranking=tuple((k, round(v, 4)) for k, v in ranking),
        )  # fmt: skip

    def _entities(
        self, model: _LangModel, text: str, intent: str, now: datetime
    ) -> list[ParsedEntity]:
        candidates = find_value_candidates(text, now)
        doc = model.nlp.make_doc(text)
        recipe = intent == _RECIPE_INTENT
        for match_id, start, end in model.matcher(doc):
            entity = model.nlp.vocab.strings[match_id]
            if not recipe and entity in ("dish", "ingredient"):
                continue  # outside recipes, food is something to buy: a product
            span = doc[start:end]
            surfaces = model.gazetteer[entity]
            value = surfaces.get(span.text.lower(), span.text)
            label = "ingredient" if recipe and entity == "product" else entity
            found = ParsedEntity(
                entity=label, value=value, text=span.text, start=span.start_char,
                end=span.end_char, extractor=_EXTRACTOR,
            )  # fmt: skip
            candidates.append(
                Candidate(span.start_char, span.end_char, _PHRASE_PRIORITY[entity], (found,))
            )
        return resolve(candidates)


def default_train_files() -> dict[str, Path]:
    return {lang: DATA_DIR / "nlu" / lang for lang in ("fr", "en")}


def default_test_files() -> dict[str, Path]:
    return {lang: DATA_DIR / "test" / f"{lang}_test.yml" for lang in ("fr", "en")}

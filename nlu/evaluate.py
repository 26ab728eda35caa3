"""Evaluate any `NLUEngine` on held-out Rasa NLU files.

Intents: per-intent precision/recall/F1 and support, accuracy, macro-F1, the most frequent
confusions, and the two out-of-scope figures that matter for an honest assistant: how
many out-of-scope requests it refuses (recall) and how many in-scope requests it refuses
wrongly (false out-of-scope rate). Entities: precision/recall per type, a hit being the
same entity type on exactly the same character span. Latency: parse p50/p99.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.table import Table

from nlu.parse import OUT_OF_SCOPE, NLUEngine
from nlu.training_data import Example, load_examples

__all__ = ["EvaluationReport", "Score", "evaluate", "evaluate_examples", "percentile"]

TOP_CONFUSIONS = 10


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Score:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp + fn)


@dataclass(frozen=True)
class EvaluationReport:
    engine: str
    examples: int
    accuracy: float
    macro_f1: float
    intents: dict[str, Score]
    confusions: list[tuple[str, str, int]]  # (expected, predicted, count), most frequent first
    oos_recall: float
    false_oos_rate: float
    entities: dict[str, Score]
    latency_p50_ms: float
    latency_p99_ms: float
    accuracy_by_lang: dict[str, float] = field(default_factory=dict)
    # In-scope requests given their own intent (a refusal counts as a miss).
    in_scope_accuracy: float = 0.0
    # Every entity type together (micro average); support 0 when the set has none.
    entities_overall: Score = field(default_factory=lambda: Score(0.0, 0.0, 0.0, 0))
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (text, expected, got)

    def weakest_intents(self, count: int = 5) -> list[tuple[str, Score]]:
        return sorted(self.intents.items(), key=lambda kv: (kv[1].f1, kv[0]))[:count]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["confusions"] = [
            {"expected": e, "predicted": p, "count": c} for e, p, c in self.confusions
        ]
        out["errors"] = [{"text": t, "expected": e, "predicted": p} for t, e, p in self.errors]
        return out

    def summary_table(self) -> Table:
        table = Table(title=f"NLU evaluation: {self.engine} ({self.examples} examples)")
        table.add_column("metric")
        table.add_column("value", justify="right")
        rows = [
            ("accuracy", f"{self.accuracy:.3f}"),
            ("macro-F1", f"{self.macro_f1:.3f}"),
            ("out-of-scope recall", f"{self.oos_recall:.3f}"),
            ("false out-of-scope rate", f"{self.false_oos_rate:.3f}"),
            ("latency p50 (ms)", f"{self.latency_p50_ms:.2f}"),
            ("latency p99 (ms)", f"{self.latency_p99_ms:.2f}"),
        ]
        rows += [
            (f"accuracy [{lang}]", f"{acc:.3f}") for lang, acc in self.accuracy_by_lang.items()
        ]
        for name, value in rows:
            table.add_row(name, value)
        return table

    def to_table(self) -> Table:
        """Per-intent scores, weakest first."""
        return _score_table("Intents", self.intents, by_f1=True)

    def entity_table(self) -> Table:
        return _score_table("Entities (exact span)", self.entities, by_f1=False)

    def confusion_table(self) -> Table:
        table = Table(title="Top confusions")
        for column in ("expected", "predicted", "count"):
            table.add_column(column, justify="right" if column == "count" else "left")
        for expected, predicted, count in self.confusions:
            table.add_row(expected, predicted, str(count))
        return table


def _score_table(title: str, scores: Mapping[str, Score], *, by_f1: bool) -> Table:
    table = Table(title=title)
    table.add_column("name")
    for column in ("precision", "recall", "F1", "support"):
        table.add_column(column, justify="right")
    items = sorted(scores.items(), key=(lambda kv: (kv[1].f1, kv[0])) if by_f1 else None)
    for name, s in items:
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
    return table


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


# Held-out examples are scored on their spans, not on resolved values: any fixed instant serves.
EVALUATION_NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
EVALUATION_TZ = "Europe/Paris"


def evaluate(
    engine: NLUEngine, test_files: Mapping[str, Path], *, use_lang_hint: bool = True
) -> EvaluationReport:
    """Parse every example of `test_files` (lang -> Rasa NLU YAML) and score the parses.

    With `use_lang_hint` the file's language is passed as the hint, as the dialogue
    passes the customer's language; engines that ignore hints are unaffected.
    """
    examples = [(lang, ex) for lang, path in test_files.items() for ex in load_examples(path)]
    return evaluate_examples(engine, examples, use_lang_hint=use_lang_hint)


def evaluate_examples(
    engine: NLUEngine, examples: Sequence[tuple[str, Example]], *, use_lang_hint: bool = True
) -> EvaluationReport:
    if examples:
        # Warm caches: the first call is not a latency.
        engine.parse(examples[0][1].text, now=EVALUATION_NOW, tz=EVALUATION_TZ)
    gold: list[str] = []
    predicted: list[str] = []
    latencies: list[float] = []
    entity_counts: dict[str, Counter[str]] = {}
    lang_hits: Counter[str] = Counter()
    lang_totals: Counter[str] = Counter()
    errors: list[tuple[str, str, str]] = []
    for lang, example in examples:
        started = time.perf_counter()
        parse = engine.parse(
            example.text, lang if use_lang_hint else None, now=EVALUATION_NOW, tz=EVALUATION_TZ
        )
        latencies.append((time.perf_counter() - started) * 1000)
        gold.append(example.intent)
        predicted.append(parse.intent)
        lang_totals[lang] += 1
        lang_hits[lang] += parse.intent == example.intent
        if parse.intent != example.intent:
            errors.append((example.text, example.intent, parse.intent))
        expected = {(e.entity, e.start, e.end) for e in example.entities}
        found = {(e.entity, e.start, e.end) for e in parse.entities}
        for name, start, end in expected | found:
            counts = entity_counts.setdefault(name, Counter())
            key = (name, start, end)
            counts[
                "tp" if key in expected and key in found else "fn" if key in expected else "fp"
            ] += 1
    intents = _intent_scores(gold, predicted)
    in_scope = [p for g, p in zip(gold, predicted, strict=True) if g != OUT_OF_SCOPE]
    oos = [p for g, p in zip(gold, predicted, strict=True) if g == OUT_OF_SCOPE]
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    scored = [s for s in intents.values() if s.support > 0]
    return EvaluationReport(
        engine=getattr(engine, "name", type(engine).__name__),
        examples=len(gold),
        accuracy=sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1),
        macro_f1=sum(s.f1 for s in scored) / max(len(scored), 1),
        intents=intents,
        confusions=[(g, p, c) for (g, p), c in confusions.most_common(TOP_CONFUSIONS)],
        oos_recall=sum(p == OUT_OF_SCOPE for p in oos) / len(oos) if oos else 0.0,
        false_oos_rate=(
            sum(p == OUT_OF_SCOPE for p in in_scope) / len(in_scope) if in_scope else 0.0
        ),
        entities={
            name: Score.from_counts(c["tp"], c["fp"], c["fn"])
            for name, c in sorted(entity_counts.items())
        },
        entities_overall=Score.from_counts(
            *(sum(c[kind] for c in entity_counts.values()) for kind in ("tp", "fp", "fn"))
        ),
        latency_p50_ms=percentile(latencies, 50),
        latency_p99_ms=percentile(latencies, 99),
        accuracy_by_lang={lang: lang_hits[lang] / lang_totals[lang] for lang in lang_totals},
        errors=errors,
        in_scope_accuracy=(
            sum(g == p for g, p in zip(gold, predicted, strict=True) if g != OUT_OF_SCOPE)
            / len(in_scope)
            if in_scope
            else 0.0
        ),
    )


def _intent_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Score]:
    pairs = list(zip(gold, predicted, strict=True))
    return {
        label: Score.from_counts(
            tp=sum(g == label and p == label for g, p in pairs),
            fp=sum(g != label and p == label for g, p in pairs),
            fn=sum(g == label and p != label for g, p in pairs),
        )
        for label in sorted(set(gold) | set(predicted))
    }

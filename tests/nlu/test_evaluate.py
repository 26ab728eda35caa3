from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from nlu.evaluate import evaluate, percentile
from nlu.parse import Parse, ParsedEntity

TEST_FILE = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - bonjour
    - salut
- intent: weather
  examples: |
    - météo [demain](date)
    - il pleut ?
- intent: out_of_scope
  examples: |
    - un vol pour Tokyo
    - la capitale du Pérou
"""

# What the fake engine answers: (intent, entities as (entity, start, end)).
ANSWERS: dict[str, tuple[str, list[tuple[str, int, int]]]] = {
    "bonjour": ("greet", []),
    "salut": ("weather", []),  # a confusion greet -> weather
    "météo demain": ("weather", [("date", 6, 12), ("time", 0, 5)]),  # one spurious time
    "il pleut ?": ("out_of_scope", []),  # a false out-of-scope
    "un vol pour Tokyo": ("out_of_scope", []),
    "la capitale du Pérou": ("weather", []),  # a missed out-of-scope
}


class FakeEngine:
    name = "fake"

    def __init__(self) -> None:
        self.hints: list[str | None] = []

    def parse(self, text: str, lang: str | None = None, *, now: datetime, tz: str) -> Parse:
        self.hints.append(lang)
        intent, spans = ANSWERS[text]
        entities = tuple(
            ParsedEntity(entity=e, value=text[s:t], text=text[s:t], start=s, end=t)
            for e, s, t in spans
        )
        return Parse(text=text, intent=intent, confidence=0.9, lang="fr", entities=entities)


@pytest.fixture
def test_files(tmp_path: Path) -> dict[str, Path]:
    path = tmp_path / "fr_test.yml"
    path.write_text(TEST_FILE, encoding="utf-8")
    return {"fr": path}


def test_intent_scores(test_files: dict[str, Path]) -> None:
    report = evaluate(FakeEngine(), test_files)
    assert report.engine == "fake"
    assert report.examples == 6
    assert report.accuracy == pytest.approx(3 / 6)
    greet = report.intents["greet"]
    assert (greet.precision, greet.recall, greet.support) == (1.0, 0.5, 2)
    weather = report.intents["weather"]
    assert weather.precision == pytest.approx(1 / 3)
    assert weather.recall == pytest.approx(1 / 2)
    assert report.macro_f1 == pytest.approx(sum(s.f1 for s in report.intents.values()) / 3)
    assert report.oos_recall == pytest.approx(1 / 2)
    assert report.false_oos_rate == pytest.approx(1 / 4)
    assert ("greet", "weather", 1) in report.confusions
    assert report.weakest_intents(1)[0][0] == "weather"


def test_entity_scores_need_the_exact_span(test_files: dict[str, Path]) -> None:
    report = evaluate(FakeEngine(), test_files)
    date = report.entities["date"]
    assert (date.precision, date.recall, date.support) == (1.0, 1.0, 1)
    time = report.entities["time"]
    assert (time.precision, time.recall, time.support) == (0.0, 0.0, 0)
    overall = report.entities_overall  # the right date and the wrong time, together
    assert (overall.precision, overall.recall, overall.support) == (0.5, 1.0, 1)


@pytest.mark.parametrize(("use_hint", "expected"), [(True, "fr"), (False, None)])
def test_the_language_hint_is_optional(
    test_files: dict[str, Path], use_hint: bool, expected: str | None
) -> None:
    engine = FakeEngine()
    evaluate(engine, test_files, use_lang_hint=use_hint)
    assert engine.hints[-1] == expected


def test_report_serialises_and_renders(test_files: dict[str, Path]) -> None:
    report = evaluate(FakeEngine(), test_files)
    data = report.to_dict()
    assert data["confusions"][0].keys() == {"expected", "predicted", "count"}
    assert data["latency_p99_ms"] >= data["latency_p50_ms"] >= 0
    assert report.to_table().row_count == 3
    assert report.entity_table().row_count == 2
    assert report.summary_table().row_count >= 6


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([1.0, 2.0, 3.0, 4.0], 50, 2.0), ([1.0, 2.0, 3.0, 4.0], 99, 4.0), ([5.0], 50, 5.0),
     ([], 50, 0.0), (list(map(float, range(1, 101))), 99, 99.0)],
)  # fmt: skip
def test_percentile(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected

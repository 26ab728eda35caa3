from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from nlu.engines.spacy_engine import SpacyEngine
from tests.clock import NOW
from tests.nlu.engines.trained import trained_engine, trained_model_dir

runner = CliRunner()


def test_evaluate_without_a_model_hints_at_training(tmp_path: Path) -> None:
    result = runner.invoke(app, ["nlu", "evaluate", "--model", str(tmp_path)])
    assert result.exit_code == 2
    assert "assistant nlu train" in result.output


def test_parse_refuses_an_unknown_language(tmp_path: Path) -> None:
    result = runner.invoke(app, ["nlu", "parse", "hola", "--lang", "es", "--model", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown language" in result.output


def test_parse_prints_the_rasa_shape() -> None:
    result = runner.invoke(
        app, ["nlu", "parse", "ajoute 2 litres de lait", "--model", str(trained_model_dir())]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["intent"]["name"] == "shopping_list_add"
    assert data["metadata"]["lang"] == "fr"
    assert {"entity": "quantity", "value": 2}.items() <= data["entities"][0].items()
    assert data["intent_ranking"][0]["name"] == "shopping_list_add"


def test_evaluate_prints_json_metrics() -> None:
    result = runner.invoke(app, ["nlu", "evaluate", "--model", str(trained_model_dir()), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["engine"] == "spacy"
    assert data["accuracy"] >= 0.75
    assert {"oos_recall", "false_oos_rate", "latency_p50_ms", "intents", "entities"} <= set(data)


def test_evaluate_prints_tables() -> None:
    result = runner.invoke(app, ["nlu", "evaluate", "--model", str(trained_model_dir())])
    assert result.exit_code == 0, result.output
    for title in ("accuracy", "macro-F1", "Top confusions", "Entities"):
        assert title in result.output


def test_train_saves_where_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_train(train_files: dict[str, Path], lookups_dir: Path, **_: Any) -> SpacyEngine:
        assert set(train_files) == {"fr", "en"} and lookups_dir.is_dir()
        return trained_engine()  # the session's real training, not a second one

    monkeypatch.setattr(SpacyEngine, "train", staticmethod(fake_train))
    result = runner.invoke(app, ["nlu", "train", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "trained in" in result.output
    assert str(tmp_path / "spacy") in result.output.replace("\n", "")
    assert SpacyEngine.load(tmp_path / "spacy").parse(
        "ajoute du lait", now=NOW, tz="Europe/Paris"
    ).intent == ("shopping_list_add")

"""`assistant nlu ...`: train, evaluate and try the embedded NLU engine."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.config import get_settings

nlu_app = typer.Typer(help="NLU: train, evaluate, parse.", no_args_is_help=True)
console = Console()
LANG_CHOICES = ("fr", "en")


def _model_dir(option: Path | None) -> Path:
    return option if option is not None else get_settings().nlu_model_dir


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(code=2)


@nlu_app.command("train")
def train(
    out: Annotated[
        Path | None, typer.Option("--out", help="Model directory (default NLU_MODEL_DIR).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Train the spaCy engine from nlu/data and save it under OUT/spacy."""
    from nlu.engines.spacy_engine import DATA_DIR, SpacyEngine, default_train_files

    target = _model_dir(out) / "spacy"
    started = time.perf_counter()
    with console.status("training the spaCy NLU engine..."):
        engine = SpacyEngine.train(default_train_files(), DATA_DIR / "lookups", seed=seed)
        engine.save(target)
    elapsed = time.perf_counter() - started
    for lang, info in engine.meta.get("langs", {}).items():
        held = info["validation"]
        console.print(
            f"{lang}: {info['examples']} examples, {info['labels']} labels, "
            f"{info['train_seconds']:.1f}s; calibrated on {held['examples']} held-out examples: "
            f"temperature {info['temperature']:.2f}, threshold {info['threshold']:.2f} "
            f"(in-scope accuracy {held['accuracy']:.3f}, out-of-scope recall "
            f"{held['oos_recall']:.3f}, wrongly refused {held['false_oos']:.1%})"
        )
    console.print(f"[green]trained in {elapsed:.1f}s[/green], saved to {target}")


@nlu_app.command("evaluate")
def evaluate_command(
    model: Annotated[
        Path | None, typer.Option("--model", help="Model directory (default NLU_MODEL_DIR).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Evaluate the trained spaCy engine on nlu/data/test/{fr,en}_test.yml."""
    from nlu.engines.spacy_engine import SpacyEngine, default_test_files
    from nlu.evaluate import evaluate

    directory = _model_dir(model) / "spacy"
    if not (directory / "meta.json").exists():
        raise _fail(f"no trained model in {directory}: run `assistant nlu train` first")
    settings = get_settings()
    engine = SpacyEngine.load(directory, threshold=settings.nlu_threshold)
    report = evaluate(engine, default_test_files())
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    console.print(report.summary_table())
    console.print(report.to_table())
    console.print(report.confusion_table())
    console.print(report.entity_table())


@nlu_app.command("parse")
def parse_command(
    text: Annotated[str, typer.Argument(help="What the customer says.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Language hint: fr or en.")] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model directory (default NLU_MODEL_DIR).")
    ] = None,
) -> None:
    """Parse TEXT and print the Rasa-shaped JSON (trains the model first if absent)."""
    from nlu.engines.spacy_engine import SpacyEngine

    if lang is not None and lang not in LANG_CHOICES:
        raise _fail(f"unknown language {lang!r}: use one of {', '.join(LANG_CHOICES)}")
    settings = get_settings()
    engine = SpacyEngine.load_or_train(_model_dir(model), threshold=settings.nlu_threshold)
    parsed = engine.parse(
        text, lang, now=settings.clock().now(), tz=settings.default_timezone
    ).to_rasa()
    typer.echo(json.dumps(parsed, indent=2, ensure_ascii=False))

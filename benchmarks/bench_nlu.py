"""Our embedded engine against Rasa DIET, trained on the same data, scored on the same sets.

Both engines train on everything `nlu/corpus.py` gives the embedded engine: our own files
(`nlu/data/nlu/<lang>/`), the lookups and, for English, CLINC150 `train` + `val` mapped onto
the contract (written out as Rasa YAML for DIET). Each trains in a child process (time and
peak RSS from `/usr/bin/time -v`). Both are then scored, per language, on three sets neither
trained on:

- `held-out`: `nlu/data/test/<lang>_test.yml`, written with the training data;
- `clinc-test`: CLINC150 `test` with its out-of-scope `oos_test`, mapped by `nlu.clinc`;
- `independent`: `nlu/data/independent/fr.yml`, written after the training data was frozen
  by someone who had not seen it.

Requests of the last two that are also training examples (greetings, "merci", "next song")
are left out, so that they measure generalisation.

Ours is evaluated in a child process (its peak RSS is the serving footprint); Rasa through
`rasa run --enable-api` and our `RasaEngine` (latency includes the HTTP hop the app would
pay; the footprint is the server's peak RSS). `scripts/rasa.sh install` provides `.venv-rasa`.
DIET on the full data takes tens of minutes on two cores: `BENCH_NLU_RASA=0` skips it.

    python -m benchmarks nlu
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import yaml
from rich.console import Console
from rich.table import Table

from benchmarks.measure import timed_child

if TYPE_CHECKING:
    from nlu.evaluate import EvaluationReport
    from nlu.parse import NLUEngine
    from nlu.training_data import Example

console = Console(width=160)
ROOT = Path(__file__).resolve().parents[1]
NLU = ROOT / "nlu"
DATA = NLU / "data"
VENV_RASA = ROOT / ".venv-rasa"
RASA_ENV = {"RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
START_TIMEOUT_S = 300
SETS = ("held-out", "clinc-test", "independent")
# (key, label, format, higher is better)
ROWS: tuple[tuple[str, str, str, bool], ...] = (
    ("in_scope_accuracy", "in-scope accuracy", "{:.3f}", True),
    ("macro_f1", "macro-F1", "{:.3f}", True),
    ("oos_recall", "out-of-scope recall", "{:.3f}", True),
    ("false_oos", "in-scope called out of scope", "{:.1%}", False),
    ("entity_f1", "entity F1 (micro)", "{:.3f}", True),
    ("latency_p50_ms", "parse p50 (ms)", "{:.2f}", False),
    ("latency_p99_ms", "parse p99 (ms)", "{:.2f}", False),
)
COSTS: tuple[tuple[str, str, str], ...] = (
    ("train_seconds", "training time (s)", "{:.0f}"),
    ("train_rss_mb", "training peak RSS (MB)", "{:.0f}"),
    ("serve_rss_mb", "serving peak RSS (MB)", "{:.0f}"),
)


# --- the evaluation sets -----------------------------------------------------------------


def evaluation_sets() -> dict[str, list[tuple[str, Example]]]:
    """`<set>/<lang>` -> (lang, example) pairs; no example of any set is trained on."""
    from nlu import clinc
    from nlu.engines.intent_classifier import normalise
    from nlu.engines.spacy_engine import default_test_files, default_train_files
    from nlu.training_data import load_examples

    sets: dict[str, list[tuple[str, Example]]] = {}
    for lang, path in default_test_files().items():
        sets[f"held-out/{lang}"] = [(lang, ex) for ex in load_examples(path)]
    trained = {
        lang: {normalise(ex.text) for ex in load_examples(path)}
        for lang, path in default_train_files().items()
    }
    if clinc.available():
        trained["en"] |= {
            normalise(ex.text)
            for split in ("train", "val")
            for ex in clinc.examples(split).examples
        }
        # Short requests ("bye", "next song") are in our files too: measure what is new.
        sets["clinc-test/en"] = [
            ("en", ex)
            for ex in clinc.examples("test").examples
            if normalise(ex.text) not in trained["en"]
        ]
    independent = load_examples(DATA / "independent" / "fr.yml")
    sets["independent/fr"] = [
        ("fr", ex) for ex in independent if normalise(ex.text) not in trained["fr"]
    ]
    return sets


def report_metrics(report: EvaluationReport) -> dict[str, Any]:
    """The benchmark's numbers from an evaluation report."""
    overall = report.entities_overall
    return {
        "examples": report.examples,
        "in_scope_accuracy": report.in_scope_accuracy,
        "macro_f1": report.macro_f1,
        "oos_recall": report.oos_recall,
        "false_oos": report.false_oos_rate,
        "entity_f1": overall.f1 if overall.support else float("nan"),
        "entities": {name: round(s.f1, 3) for name, s in report.entities.items()},
        "latency_p50_ms": report.latency_p50_ms,
        "latency_p99_ms": report.latency_p99_ms,
    }


def evaluate_all(engine: NLUEngine) -> dict[str, dict[str, Any]]:
    from nlu.evaluate import evaluate_examples

    return {
        name: report_metrics(evaluate_examples(engine, examples))
        for name, examples in evaluation_sets().items()
    }


# --- ours: the embedded engine ------------------------------------------------------------


def _child(mode: str, model_dir: Path) -> None:
    """Runs in a child process so that its time and peak RSS are the engine's alone."""
    from nlu.engines.spacy_engine import DATA_DIR, SpacyEngine, default_train_files

    if mode == "train":
        engine = SpacyEngine.train(default_train_files(), DATA_DIR / "lookups")
        engine.save(model_dir)
    else:
        print(json.dumps(evaluate_all(SpacyEngine.load(model_dir))))


def bench_ours(work: Path) -> dict[str, Any]:
    model_dir = work / "ours-model"
    command = [sys.executable, "-m", "benchmarks.bench_nlu", "--child"]
    env = dict(os.environ)
    console.print("training the embedded engine...")
    seconds, train_rss, _ = timed_child(
        [*command, "train", str(model_dir)], env=env, what="train", cwd=ROOT
    )
    console.print("evaluating the embedded engine...")
    _, serve_rss, out = timed_child(
        [*command, "evaluate", str(model_dir)], env=env, what="evaluate", cwd=ROOT
    )
    return {
        "sets": json.loads(out.strip().splitlines()[-1]),
        "train_seconds": seconds,
        "train_rss_mb": train_rss,
        "serve_rss_mb": serve_rss,
    }


# --- Rasa DIET ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


@contextmanager
def rasa_server(model: Path, work: Path) -> Iterator[tuple[str, int]]:
    """`rasa run --enable-api` with an NLU model on a free 127.0.0.1 port: (url, pid)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = work / "rasa-run.log"
    command = [str(VENV_RASA / "bin" / "rasa"), "run", "--enable-api", "--model", str(model)]
    command += ["--port", str(port), "--interface", "127.0.0.1"]
    env = os.environ | RASA_ENV | {"RASA_CACHE_DIRECTORY": str(work / "rasa-cache")}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"rasa run exited:\n{log_path.read_text()[-3000:]}")
            try:
                status = httpx.get(f"{url}/status", timeout=5)
                if status.status_code == 200 and status.json().get("model_file"):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"rasa run not ready in {START_TIMEOUT_S}s")
            time.sleep(1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def write_clinc_yaml(path: Path) -> int:
    """CLINC150 `train` + `val`, mapped as the embedded engine maps them, as Rasa NLU YAML."""
    from nlu import clinc

    by_intent: dict[str, list[str]] = {}
    for split in ("train", "val"):
        for example in clinc.examples(split).examples:
            # Square brackets and parentheses would read as entity annotations.
            text = re.sub(r"[\[\]()]", " ", example.text).strip()
            by_intent.setdefault(example.intent, []).append(text)
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
            for intent, texts in sorted(by_intent.items())
        ],
    }
    path.write_text(yaml.safe_dump(document, allow_unicode=True, width=10_000))
    return sum(len(texts) for texts in by_intent.values())


def bench_rasa(work: Path) -> dict[str, Any]:
    from nlu import clinc
    from nlu.engines.rasa_client import RasaEngine

    # Builds .venv-rasa only when missing or stale (cached by the lock file's hash).
    install = subprocess.run([str(ROOT / "scripts" / "rasa.sh"), "install"], cwd=ROOT)
    if install.returncode != 0:
        raise RuntimeError("`scripts/rasa.sh install` failed: Rasa needs a Python 3.10")
    # `rasa train nlu` takes one data path: the training files and lookups, never the tests.
    data = work / "rasa-nlu-data"
    data.mkdir()
    for source in (*sorted((DATA / "nlu").glob("*/*.yml")), *(DATA / "lookups").glob("*.yml")):
        shutil.copy(source, data / f"{source.parent.name}-{source.name}")
    if clinc.available():
        count = write_clinc_yaml(data / "en-clinc150.yml")
        console.print(f"CLINC150 train + val for DIET: {count:,} examples")
    command = [str(VENV_RASA / "bin" / "rasa"), "train", "nlu", "--nlu", str(data)]
    command += ["--config", str(NLU / "config.yml"), "--out", str(work / "rasa-model")]
    command += ["--fixed-model-name", "nlu-bench"]
    env = os.environ | RASA_ENV | {"RASA_CACHE_DIRECTORY": str(work / "rasa-cache")}
    console.print("training Rasa DIET on the same data (rasa train nlu)...")
    seconds, train_rss, _ = timed_child(command, env=env, what="rasa train nlu", cwd=ROOT)
    console.print(f"DIET trained in {seconds:.0f} s; evaluating through rasa run --enable-api...")
    with (
        rasa_server(work / "rasa-model" / "nlu-bench.tar.gz", work) as (url, pid),
        RasaEngine(base_url=url, timeout=30) as engine,
    ):
        sets = evaluate_all(engine)
        serve_rss = _peak_rss_mb(pid)
    return {
        "sets": sets,
        "train_seconds": seconds,
        "train_rss_mb": train_rss,
        "serve_rss_mb": serve_rss,
    }


# --- the tables ---------------------------------------------------------------------------


def _shown(fmt: str, value: float | None) -> str:
    return "n/a" if value is None or value != value else fmt.format(value)


def _ratio(ours: float, rasa: float | None) -> str:
    if rasa is None or not rasa or ours != ours or rasa != rasa:
        return "n/a"
    return f"{ours / rasa:.2f}"


def print_tables(ours: dict[str, Any], rasa: dict[str, Any] | None) -> None:
    table = Table(title="NLU: embedded engine vs Rasa DIET (same training data, same sets)")
    table.add_column("set")
    table.add_column("metric")
    table.add_column("ours", justify="right")
    table.add_column("Rasa DIET", justify="right")
    table.add_column("ours / DIET", justify="right")
    for name, mine in ours["sets"].items():
        theirs = rasa["sets"].get(name) if rasa else None
        for index, (key, label, fmt, _) in enumerate(ROWS):
            other = theirs[key] if theirs else None
            table.add_row(
                f"{name} ({mine['examples']:,})" if index == 0 else "",
                label,
                _shown(fmt, mine[key]),
                _shown(fmt, other),
                _ratio(mine[key], other),
                end_section=index == len(ROWS) - 1,
            )
    for key, label, fmt in COSTS:
        other = rasa[key] if rasa else None
        table.add_row(
            "both languages",
            label,
            _shown(fmt, ours[key]),
            _shown(fmt, other),
            _ratio(ours[key], other),
        )
    console.print(table)
    entities = Table(title="Entity F1 per entity (held-out sets: exact type and span)")
    entities.add_column("set")
    entities.add_column("entity")
    entities.add_column("ours", justify="right")
    entities.add_column("Rasa DIET", justify="right")
    for name, mine in ours["sets"].items():
        if not name.startswith("held-out"):
            continue
        theirs = rasa["sets"][name]["entities"] if rasa else {}
        for entity, f1 in mine["entities"].items():
            other = theirs.get(entity)
            entities.add_row(
                name, entity, f"{f1:.3f}", f"{other:.3f}" if other is not None else "n/a"
            )
    console.print(entities)


def run() -> dict[str, Any]:
    """Train and evaluate both engines: `{"ours": {...}, "rasa": {...} | None}`."""
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as tmp:
        work = Path(tmp)
        ours = bench_ours(work)
        rasa = bench_rasa(work) if os.environ.get("BENCH_NLU_RASA", "1") != "0" else None
    if rasa is None:
        console.print("[yellow]Rasa DIET skipped (BENCH_NLU_RASA=0)[/yellow]")
    print_tables(ours, rasa)
    return {"ours": ours, "rasa": rasa}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "MODEL_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return 0
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Our embedded spaCy NLU against Rasa DIET, trained on the same YAML, scored on the same tests.

One run trains both engines (each in a child process, timed, peak RSS from `/usr/bin/time -v`),
then evaluates both with `nlu.evaluate.evaluate` on the held-out `nlu/data/test/*_test.yml`:
ours in a child process (its peak RSS is the serving footprint), Rasa through `rasa run
--enable-api` and our `RasaEngine` (latency includes the HTTP hop, as the app would pay it;
the footprint is the server's peak RSS). `scripts/rasa.sh install` provides `.venv-rasa`.

    python -m benchmarks.bench_nlu
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
from typing import TYPE_CHECKING

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.measure import timed_child

if TYPE_CHECKING:
    from nlu.evaluate import EvaluationReport

console = Console()
ROOT = Path(__file__).resolve().parents[1]
NLU = ROOT / "nlu"
TEST_FILES = {lang: NLU / "data" / "test" / f"{lang}_test.yml" for lang in ("fr", "en")}
VENV_RASA = ROOT / ".venv-rasa"
RASA_ENV = {"RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
START_TIMEOUT_S = 300
# (key, label, format, higher is better)
ROWS: tuple[tuple[str, str, str, bool], ...] = (
    ("accuracy", "accuracy", "{:.3f}", True),
    ("macro_f1", "macro-F1", "{:.3f}", True),
    ("out_of_scope_recall", "out-of-scope recall", "{:.3f}", True),
    ("latency_p50_ms", "parse latency p50 (ms)", "{:.2f}", False),
    ("latency_p99_ms", "parse latency p99 (ms)", "{:.2f}", False),
    ("train_seconds", "training time (s)", "{:.1f}", False),
    ("train_rss_mb", "training peak RSS (MB)", "{:.0f}", False),
    ("serve_rss_mb", "serving peak RSS (MB)", "{:.0f}", False),
)


def report_metrics(report: EvaluationReport) -> dict[str, float]:
    """The benchmark's numbers from an evaluation report."""
    return {
        "accuracy": report.accuracy,
        "macro_f1": report.macro_f1,
        "out_of_scope_recall": report.oos_recall,
        "latency_p50_ms": report.latency_p50_ms,
        "latency_p99_ms": report.latency_p99_ms,
    }


# --- ours: the embedded spaCy engine ------------------------------------------------------


def _child(mode: str, model_dir: Path) -> None:
    """Runs in a child process so that its time and peak RSS are the engine's alone."""
    from assistant.config import Settings
    from nlu.engines.spacy_engine import DATA_DIR, SpacyEngine, default_train_files
    from nlu.evaluate import evaluate

    threshold = Settings().nlu_threshold
    if mode == "train":
        engine = SpacyEngine.train(default_train_files(), DATA_DIR / "lookups", threshold=threshold)
        engine.save(model_dir)
    else:
        engine = SpacyEngine.load(model_dir, threshold=threshold)
        print(json.dumps(report_metrics(evaluate(engine, TEST_FILES))))


def bench_spacy(work: Path) -> dict[str, float]:
    model_dir = work / "spacy-model"
    command = [sys.executable, "-m", "benchmarks.bench_nlu", "--child"]
    env = dict(os.environ)
    console.print("training our spaCy engine...")
    seconds, train_rss, _ = timed_child(
        [*command, "train", str(model_dir)], env=env, what="train", cwd=ROOT
    )
    console.print("evaluating our spaCy engine...")
    _, serve_rss, out = timed_child(
        [*command, "evaluate", str(model_dir)], env=env, what="evaluate", cwd=ROOT
    )
    metrics = json.loads(out.strip().splitlines()[-1])
    return metrics | {
        "train_seconds": seconds,
        "train_rss_mb": train_rss,
        "serve_rss_mb": serve_rss,
    }


# --- Rasa DIET --------------------------------------------------------------------------


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


def bench_rasa(work: Path) -> dict[str, float]:
    from nlu.engines.rasa_client import RasaEngine
    from nlu.evaluate import evaluate

    # Builds .venv-rasa only when missing or stale (cached by the lock file's hash).
    install = subprocess.run([str(ROOT / "scripts" / "rasa.sh"), "install"], cwd=ROOT)
    if install.returncode != 0:
        raise RuntimeError("`scripts/rasa.sh install` failed: Rasa needs a Python 3.10")
    # `rasa train nlu` takes one data path: the training files and lookups, never the tests.
    data = work / "rasa-nlu-data"
    data.mkdir()
    for source in (
        *sorted((NLU / "data" / "nlu").glob("*.yml")),
        *(NLU / "data" / "lookups").glob("*.yml"),
    ):
        shutil.copy(source, data / f"{source.parent.name}-{source.name}")
    command = [str(VENV_RASA / "bin" / "rasa"), "train", "nlu", "--nlu", str(data)]
    command += ["--config", str(NLU / "config.yml"), "--out", str(work / "rasa-model")]
    command += ["--fixed-model-name", "nlu-bench"]
    env = os.environ | RASA_ENV | {"RASA_CACHE_DIRECTORY": str(work / "rasa-cache")}
    console.print("training Rasa DIET (rasa train nlu)...")
    seconds, train_rss, _ = timed_child(command, env=env, what="rasa train nlu", cwd=ROOT)
    console.print("evaluating Rasa DIET through rasa run --enable-api...")
    with (
        rasa_server(work / "rasa-model" / "nlu-bench.tar.gz", work) as (url, pid),
        RasaEngine(base_url=url, timeout=30) as engine,
    ):
        metrics = report_metrics(evaluate(engine, TEST_FILES))
        serve_rss = _peak_rss_mb(pid)
    return metrics | {
        "train_seconds": seconds,
        "train_rss_mb": train_rss,
        "serve_rss_mb": serve_rss,
    }


# --- the table ---------------------------------------------------------------------------


def print_table(ours: dict[str, float], rasa: dict[str, float]) -> None:
    table = Table(title="NLU: our spaCy engine vs Rasa DIET (same training data, same tests)")
    table.add_column("metric")
    table.add_column("ours (spaCy)", justify="right")
    table.add_column("Rasa DIET", justify="right")
    table.add_column("ours / Rasa", justify="right")
    for key, label, fmt, _ in ROWS:
        ratio = ours[key] / rasa[key] if rasa[key] else float("nan")
        table.add_row(label, fmt.format(ours[key]), fmt.format(rasa[key]), f"{ratio:.2f}")
    console.print(table)


def run() -> dict[str, dict[str, float]]:
    """Train and evaluate both engines; `{"ours": {...}, "rasa": {...}, "ratio": {...}}`."""
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as tmp:
        work = Path(tmp)
        ours = bench_spacy(work)
        rasa = bench_rasa(work)
    ratio = {key: ours[key] / rasa[key] if rasa[key] else float("nan") for key, *_ in ROWS}
    print_table(ours, rasa)
    return {"ours": ours, "rasa": rasa, "ratio": ratio}


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

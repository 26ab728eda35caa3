"""Run the real Rasa stack for tests: `.venv-rasa`, a trained NLU model served by Rasa, our
action server, and our app pointed at both (NLU_ENGINE=rasa, ACTIONS_URL).

Everything binds 127.0.0.1 on free ports, waits are bounded, processes always end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
RASA_SH = ROOT / "scripts" / "rasa.sh"
VENV_RASA = ROOT / ".venv-rasa"
MODEL_DIR = ROOT / "var" / "rasa-models"
# A cold build (TensorFlow wheels) plus training; generous, but bounded.
BUILD_TIMEOUT_S = 45 * 60
START_TIMEOUT_S = 240
BASE_ENV = {"RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def python_for_rasa() -> Path:
    """The interpreter `scripts/rasa.sh install` uses (PYTHON_RASA, else pyenv's 3.10.13)."""
    if configured := os.environ.get("PYTHON_RASA"):
        return Path(configured)
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return Path("/nonexistent/python3.10")
    return Path(root) / "versions" / "3.10.13" / "bin" / "python"


def _run(args: Sequence[str], *, env: dict[str, str], timeout: float, what: str) -> None:
    result = subprocess.run(
        list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stderr[-4000:]}")


def ensure_rasa_model() -> Path:
    """Build `.venv-rasa` and train unless current; skip without Python 3.10 (fail in CI)."""
    if not (VENV_RASA / "bin" / "rasa").exists() and not python_for_rasa().exists():
        reason = f"Python 3.10 for Rasa not found at {python_for_rasa()} (set PYTHON_RASA)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    env = {**os.environ, **BASE_ENV}
    _run([str(RASA_SH), "install"], env=env, timeout=BUILD_TIMEOUT_S, what="rasa.sh install")
    _run([str(RASA_SH), "train"], env=env, timeout=BUILD_TIMEOUT_S, what="rasa.sh train")
    return MODEL_DIR


def run_app_command(
    args: Sequence[str], database_url: str, extra_env: dict[str, str] | None = None
) -> None:
    """A command of the app environment against `database_url`."""
    env = {**os.environ, **BASE_ENV, "DATABASE_URL": database_url, **(extra_env or {})}
    _run([sys.executable, *args], env=env, timeout=600, what=" ".join(args))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class RasaStack:
    rasa_url: str
    actions_url: str
    app_url: str
    log_files: list[Path] = field(default_factory=list)

    def logs(self, tail: int = 3000) -> str:
        """The end of every process log, for assertion messages."""
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}"
            for path in self.log_files
            if path.exists()
        )


def _wait_until(
    ready: Callable[[], bool], process: subprocess.Popen[bytes], logs: Callable[[], str], what: str
) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}\n{logs()}")
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail(f"{what} not ready after {START_TIMEOUT_S}s\n{logs()}")


def _healthy(url: str) -> bool:
    """Our action server and our app both answer `GET /health`."""
    return httpx.get(f"{url}/health", timeout=5).status_code == 200


def _rasa_ready(url: str) -> bool:
    response = httpx.get(f"{url}/status", timeout=5)
    return response.status_code == 200 and bool(response.json().get("model_file"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _popen(
    command: list[str], *, cwd: Path, env: dict[str, str], log_file: Path
) -> subprocess.Popen[bytes]:
    with log_file.open("wb") as log:
        return subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **BASE_ENV, **env}, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


@contextmanager
def action_server(*, log_file: Path, env: dict[str, str]) -> Iterator[str]:
    """Our rasa-sdk action server (`python -m rasa_sdk --actions actions`, app venv) with
    `env` (DATABASE_URL, a clock...), ready; its URL; stopped after."""
    port = free_port()
    command = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    process = _popen(command, cwd=ROOT, log_file=log_file, env={**env, "SANIC_HOST": "127.0.0.1"})
    url = f"http://127.0.0.1:{port}"

    def logs() -> str:
        return log_file.read_text(errors="replace")[-3000:]

    try:
        _wait_until(lambda: _healthy(url), process, logs, "action server")
        yield url
    finally:
        _stop(process)


@contextmanager
def start_rasa_stack(
    *, model_dir: Path, database_url: str, work_dir: Path, app_env: dict[str, str]
) -> Iterator[RasaStack]:
    """Our action server (app venv), `rasa run` (.venv-rasa, NLU only) and our app served by
    uvicorn against both, all ready, all stopped after. `app_env` adds to the app's settings
    (a secret key, a clock...)."""
    rasa_port, app_port = free_port(), free_port()
    shared = {"DATABASE_URL": database_url, **app_env}
    log_files = [work_dir / "actions.log", work_dir / "rasa.log", work_dir / "app.log"]
    rasa_command = [str(VENV_RASA / "bin" / "rasa"), "run", "--enable-api"]
    rasa_command += ["--port", str(rasa_port), "--interface", "127.0.0.1"]
    rasa_command += ["--model", str(model_dir)]
    app_command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1"]
    app_command += ["--port", str(app_port)]
    with action_server(log_file=log_files[0], env=shared) as actions_url:
        stack = RasaStack(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            actions_url=actions_url,
            app_url=f"http://127.0.0.1:{app_port}",
            log_files=log_files,
        )
        app = {"NLU_ENGINE": "rasa", "RASA_URL": stack.rasa_url, "ACTIONS_URL": actions_url}
        processes: list[subprocess.Popen[bytes]] = []
        try:
            rasa = _popen(rasa_command, cwd=work_dir, log_file=log_files[1],
                          env={"RASA_CACHE_DIRECTORY": str(work_dir / "cache")})  # fmt: skip
            processes.append(rasa)
            served = _popen(app_command, cwd=ROOT, log_file=log_files[2], env={**shared, **app})
            processes.append(served)
            _wait_until(lambda: _rasa_ready(stack.rasa_url), rasa, stack.logs, "rasa run")
            _wait_until(lambda: _healthy(stack.app_url), served, stack.logs, "the app")
            yield stack
        finally:
            for process in reversed(processes):
                _stop(process)

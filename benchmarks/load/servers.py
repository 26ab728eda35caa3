"""What the load runs against: scratch databases, the trained NLU model and the API
served by uvicorn in child processes on 127.0.0.1."""

from __future__ import annotations

import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa

from assistant.config import PROJECT_ROOT

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = "redis://127.0.0.1:6379/0"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 20.0
# Settings the servers must not inherit from the shell running the benchmark.
_DROPPED_ENV = ("CLOCK_FILE", "TRAFFIC_FEED_URL", "FCM_CREDENTIALS_FILE", "SMTP_HOST", "REDIS_URL")


def raise_nofile(needed: int) -> tuple[int, int]:
    """Raise this process's soft RLIMIT_NOFILE towards `needed` (children inherit it);
    returns (soft, hard) after the change."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft, hard


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def scratch_postgres(prefix: str = "load") -> Iterator[str | None]:
    """A throwaway PostgreSQL database (dropped on exit), or None when unreachable."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"assistant_{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        yield None
        return
    try:
        url = sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def trained_nlu_model() -> Iterator[Path]:
    """A model dir with `spacy/` inside: BENCH_NLU_MODEL_DIR (trained there once and kept),
    else a temporary one trained for this run. Trained here so that no server trains it
    on its first chat turn, inside the measured window."""
    from nlu.engines.spacy_engine import SpacyEngine

    kept = os.environ.get("BENCH_NLU_MODEL_DIR")
    root = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="bench-nlu-"))
    try:
        SpacyEngine.load_or_train(root)
        yield root
    finally:
        if not kept:
            shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class ServerConfig:
    label: str
    database_url: str
    workers: int = 1
    redis_url: str | None = None


def server_env(
    config: ServerConfig, *, secret_key: str, nlu_model_dir: Path, clock_file: Path | None = None
) -> dict[str, str]:
    """The servers' environment; `clock_file` puts them on a simulated clock (tests)."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update(
        ASSISTANT_ENV="dev",
        DATABASE_URL=config.database_url,
        SECRET_KEY=secret_key,
        NLU_ENGINE="spacy",
        NLU_MODEL_DIR=str(nlu_model_dir),
        LOG_LEVEL="WARNING",
        NOTIFY_RELAY_IN_API="false",
        # A refused loopback port: no turn of the load may reach Open-Meteo.
        WEATHER_URL="http://127.0.0.1:9",
        # A loaded machine (the clients share its cores) may take seconds to read a first
        # frame: the production deadline is not what a load run measures.
        WS_AUTH_TIMEOUT_SECONDS="120",
    )
    if config.redis_url:
        env["REDIS_URL"] = config.redis_url
    if clock_file is not None:
        env["CLOCK_FILE"] = str(clock_file)
    return env


@dataclass(frozen=True)
class Running:
    base_url: str  # http://127.0.0.1:<port>
    ws_url: str  # ws://127.0.0.1:<port>/ws/chat
    pid: int


@contextmanager
def uvicorn_server(config: ServerConfig, *, env: Mapping[str, str]) -> Iterator[Running]:
    """`python -m uvicorn api.asgi:app` with `config.workers` workers until the block ends."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(config.workers), "--log-level", "warning",
        "--no-access-log", "--backlog", "4096",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, process, log)
            yield Running(base, f"ws://127.0.0.1:{port}/ws/chat", process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: object) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited ({process.returncode}):\n{_tail(log)}")
        try:
            if httpx.get(f"{base}/health", timeout=2, trust_env=False).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"uvicorn did not answer /health within {START_TIMEOUT:.0f} s")


def _tail(log: object) -> str:
    if hasattr(log, "seek") and hasattr(log, "read"):
        log.seek(0)
        data: bytes = log.read()
        return data.decode(errors="replace")[-3000:]
    return ""


def new_secret() -> str:
    return secrets.token_urlsafe(48)

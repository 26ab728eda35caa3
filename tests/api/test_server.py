"""What `make run` promises, against a real uvicorn process: docs and the Zerty household."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.clock import write_test_clock

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _assistant(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "assistant"), *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("server")
    database = folder / "assistant.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "ASSISTANT_ENV": "dev",
           "CLOCK_FILE": str(write_test_clock(folder / "clock"))}  # fmt: skip
    _assistant(env, "db", "upgrade")
    _assistant(env, "demo", "seed", "--households", "3")
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "assistant"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start within 30 s")
        yield base, env
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_docs_are_served(server: tuple[str, dict[str, str]]) -> None:
    base, _env = server
    assert "swagger" in httpx.get(f"{base}/docs").text.lower()
    assert httpx.get(f"{base}/openapi.json").json()["info"]["title"]


def test_the_zerty_household_with_its_token(server: tuple[str, dict[str, str]]) -> None:
    base, env = server
    token = _assistant(env, "auth", "token", "zerty").strip()
    response = httpx.get(f"{base}/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Famille Zerty"
    assert {member["first_name"] for member in body["members"]} >= {"Annabel", "André"}
    receipts = httpx.get(f"{base}/me/receipts", headers={"Authorization": f"Bearer {token}"})
    assert receipts.status_code == 200
    assert receipts.json()["items"], "a year of purchase history"


def test_no_token_no_household(server: tuple[str, dict[str, str]]) -> None:
    base, _env = server
    response = httpx.get(f"{base}/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"

"""Two real API processes (uvicorn) on one PostgreSQL database and one Redis: a message
relayed by A reaches a socket held by B, and the chat budget of a household is shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from pydantic import SecretStr
from sqlmodel import Session
from websockets.sync.client import connect

from api.channels.fanout import notify_channel
from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from assistant.customers.models import Consent
from assistant.db import make_engine, migrate
from assistant.notify.models import OutboxMessage
from assistant.notify.service import enqueue
from tests.clock import NOW, write_test_clock
from tests.factories import make_household
from tests.live import bound_socket, scratch_database
from tests.nlu.engines.trained import trained_model_dir
from tests.redis_live import redis_url, unique_prefix

pytestmark = pytest.mark.slow
SECRET = "test-secret-key-0123456789abcdefghijklmnop"
START_TIMEOUT = 60
WAIT = 20


@dataclass(frozen=True)
class Process:
    name: str
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def ws_url(self) -> str:
        return self.base.replace("http", "ws", 1) + "/ws/chat"


def start(name: str, env: dict[str, str], log: Path) -> Process:
    with bound_socket() as sock:
        port = sock.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "info"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"API process {name} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return Process(name, base, process, log)
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"API process {name} did not start within {START_TIMEOUT} s")
        time.sleep(0.2)


def stop(process: Process) -> None:
    process.process.terminate()
    try:
        process.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.process.kill()


@dataclass(frozen=True)
class Deployment:
    a: Process  # runs the notification relay
    b: Process
    settings: Settings
    database_url: str
    household_id: int
    token: str


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    url, prefix = redis_url(), unique_prefix()
    with scratch_database("postgresql", tmp_path, "twoproc") as database_url:
        migrate(database_url)
        settings = Settings(
            assistant_env="test", database_url=database_url, secret_key=SecretStr(SECRET)
        )
        engine = make_engine(database_url)
        with Session(engine) as session:
            household = make_household(session)
            assert household.id is not None
            session.add(Consent(household_id=household.id, channel="in_app",
                                purpose="service", granted=True, granted_at=NOW))  # fmt: skip
            token = issue_customer_token(settings=settings, household=household, now=NOW)
            household_id = household.id
            session.commit()
        engine.dispose()
        env = {
            **os.environ, "DATABASE_URL": database_url, "REDIS_URL": url,
            "REDIS_PREFIX": prefix, "SECRET_KEY": SECRET, "ASSISTANT_ENV": "test",
            "CHAT_RATE_LIMIT": "2", "CHAT_RATE_WINDOW_SECONDS": "3600",
            "NLU_MODEL_DIR": str(trained_model_dir()), "NOTIFY_RELAY_IN_API": "false",
            "CLOCK_FILE": str(write_test_clock(tmp_path / "clock")),
        }  # fmt: skip
        a = start("A", {**env, "NOTIFY_RELAY_IN_API": "true"}, tmp_path / "a.log")
        try:
            b = start("B", env, tmp_path / "b.log")
            try:
                # Both processes listen on the deployment's channel before anything is sent.
                client = redis.Redis.from_url(url)
                deadline = time.monotonic() + WAIT
                while (
                    dict(client.pubsub_numsub(notify_channel(prefix))).get(
                        notify_channel(prefix).encode(), 0
                    )
                    < 2
                ):
                    assert time.monotonic() < deadline, "the processes did not subscribe"
                    time.sleep(0.1)
                client.close()
                yield Deployment(a, b, settings, database_url, household_id, token)
            finally:
                stop(b)
        finally:
            stop(a)


def receive(ws: Any) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=WAIT))
    return frame


def test_a_message_relayed_by_one_process_reaches_a_socket_on_the_other(
    deployment: Deployment,
) -> None:
    with connect(deployment.b.ws_url, open_timeout=WAIT, close_timeout=2) as ws:
        ws.send(json.dumps({"type": "auth", "id": 1, "token": deployment.token}))
        assert receive(ws)["type"] == "auth_ok"
        ws.send(json.dumps({"type": "subscribe_notifications", "id": 2}))
        assert receive(ws) == {"type": "result", "id": 2, "success": True, "result": None}

        engine = make_engine(deployment.database_url)
        try:
            with Session(engine) as session:
                message = enqueue(
                    session=session, household_id=deployment.household_id, channel="in_app",
                    purpose="service", kind="order_ready", title="Votre commande est prête",
                    body="Retrait au drive.", explanation="Vous avez commandé en ligne.",
                    transactional=True, settings=deployment.settings,
                    now=NOW,
                )  # fmt: skip
                assert message is not None and message.id is not None
                message_id = message.id
                session.commit()
            frame = receive(ws)  # delivered by A's relay, through Redis, by B
            assert frame["type"] == "event" and frame["id"] == 2
            assert frame["event"]["notification_id"] == message_id
            assert frame["event"]["title"] == "Votre commande est prête"

            deadline = time.monotonic() + WAIT
            while True:
                with Session(engine) as session:
                    row = session.get(OutboxMessage, message_id)
                    assert row is not None
                    if row.status == "sent":
                        break
                assert time.monotonic() < deadline, f"still {row.status}"
                time.sleep(0.1)
            # A held no socket of the household; one other process received it.
            assert row.delivered == {"sockets": 0, "processes": 1}
        finally:
            engine.dispose()
        # Exactly once: nothing else arrives on the socket (a ping is answered first).
        ws.send(json.dumps({"type": "ping", "id": 3}))
        assert receive(ws) == {"type": "pong", "id": 3}


def test_the_chat_budget_is_shared_by_both_processes(deployment: Deployment) -> None:
    headers = {"Authorization": f"Bearer {deployment.token}"}
    body = {"sender": "me", "message": "bonjour", "metadata": {"lang": "fr"}}
    codes = []
    for process in (deployment.a, deployment.b, deployment.a):
        response = httpx.post(f"{process.base}/webhooks/rest/webhook", json=body,
                              headers=headers, timeout=WAIT * 3)  # fmt: skip
        codes.append(response.status_code)
    assert codes == [200, 200, 429]
    assert response.json()["error"]["code"] == "rate_limited"
    with connect(deployment.b.ws_url, open_timeout=WAIT, close_timeout=2) as ws:
        ws.send(json.dumps({"type": "auth", "id": 1, "token": deployment.token}))
        assert receive(ws)["type"] == "auth_ok"
        ws.send(json.dumps({"type": "message", "id": 2, "text": "bonjour"}))
        refused = receive(ws)
    assert refused["success"] is False and refused["error"]["code"] == "rate_limited"

"""A client drops mid-conversation (socket reset while a form asks a slot) and comes back,
even to a restarted server: the conversation resumes where it was, since its tracker is in
the database. Real uvicorn servers; the dialogue is the channel tests' fake, which keeps its
state in the `conversations` table as the real tracker store does."""

from __future__ import annotations

import json
import socket
import struct
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlmodel import Session
from websockets.sync.client import ClientConnection, connect

from api.channels.deps import get_dialogue
from api.main import create_app
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.db import make_engine, migrate
from tests.api.channels.fakes import FakeDialogue, FakeNLU
from tests.clock import NOW
from tests.factories import customer_headers
from tests.live import BACKENDS, Served, scratch_database, serve

pytestmark = pytest.mark.slow
TIMEOUT = 20


@pytest.fixture(params=BACKENDS)
def chat_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with scratch_database(request.param, tmp_path, "reconnect") as url:
        migrate(url)
        secret = SecretStr("test-secret-key-0123456789abcdefghijklmnop")
        yield Settings(assistant_env="test", database_url=url, secret_key=secret)


@pytest.fixture
def token(chat_settings: Settings) -> str:
    engine = make_engine(chat_settings.database_url)
    try:
        with Session(engine) as session:
            household = Household(name="Famille Zerty", slug=f"zerty-{uuid.uuid4().hex[:8]}")
            session.add(household)
            session.commit()
            return customer_headers(chat_settings, household)["Authorization"].split()[1]
    finally:
        engine.dispose()


def server(settings: Settings) -> Any:
    """A fresh app (no state kept from an earlier one) on the same database."""
    app = create_app(settings, clock=StartedClock(NOW))
    app.state.nlu = FakeNLU()
    dialogue = FakeDialogue()
    app.dependency_overrides[get_dialogue] = lambda: dialogue
    return app


def say(ws: ClientConnection, frame_id: int, text: str) -> dict[str, Any]:
    ws.send(json.dumps({"type": "message", "id": frame_id, "text": text}))
    reply = json.loads(ws.recv(timeout=TIMEOUT))
    assert (reply["id"], reply["success"]) == (frame_id, True), reply
    result: dict[str, Any] = reply["result"]
    return result


def opened(served: Served, token: str) -> ClientConnection:
    ws = connect(f"ws://127.0.0.1:{served.port}/ws/chat?token={token}", open_timeout=TIMEOUT)
    assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "auth_ok"
    return ws


def drop(ws: ClientConnection) -> None:
    """The phone loses its network: a reset, no close handshake."""
    sock: socket.socket = ws.socket
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@pytest.mark.parametrize("restart", [False, True], ids=["same_server", "restarted_server"])
def test_a_dropped_client_resumes_its_form(
    chat_settings: Settings, token: str, restart: bool
) -> None:
    app = server(chat_settings)
    with serve(app) as served:
        ws = opened(served, token)
        asked = say(ws, 1, "je veux réserver le cirque")
        assert (asked["active_form"], asked["requested_slot"]) == ("booking_form", "date")
        drop(ws)
        if not restart:
            ws = opened(served, token)
            resumed, final = say(ws, 1, "samedi"), say(ws, 2, "3")
            ws.close()
    app.state.engine.dispose()
    if restart:
        app = server(chat_settings)
        with serve(app) as served:
            ws = opened(served, token)
            resumed, final = say(ws, 1, "samedi"), say(ws, 2, "3")
            ws.close()
        app.state.engine.dispose()
    assert (resumed["active_form"], resumed["requested_slot"]) == ("booking_form", "people_count")
    assert (final["active_form"], final["requested_slot"]) == (None, None)
    assert final["replies"][0]["text"] == "Réservé : samedi, 3 personnes."

"""In-app delivery to a real WebSocket (uvicorn on 127.0.0.1), and the inbox for the absent.

Uses the channels' live server (its own committed database). The last test runs the relay
the way production does: a background task of the API process, started by the lifespan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlmodel import Session
from websockets.sync.client import connect
from websockets.sync.connection import Connection

from api.main import create_app
from assistant.auth.service import issue_customer_token
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.customers.models import Consent
from assistant.notify.models import OutboxMessage
from assistant.notify.relay import Relay, unit_of_work
from assistant.notify.senders import InAppSender
from assistant.notify.service import enqueue
from tests.api.channels.conftest import LiveServer, live  # noqa: F401
from tests.clock import NOW
from tests.factories import make_household
from tests.live import serve

TIMEOUT = 10
EXPLANATION = "Votre commande click & collect est prête au magasin de Lyon."


def seed(live: LiveServer) -> tuple[int, str]:  # noqa: F811
    with live.unit_of_work() as session:
        household = make_household(session)
        assert household.id is not None
        session.add(
            Consent(household_id=household.id, channel="in_app", purpose="service", granted=True)
        )
        return household.id, issue_customer_token(
            settings=live.settings, household=household, now=NOW
        )


def notify(
    session: Session, settings: Settings, household_id: int, title: str = "Commande prête"
) -> int:
    message = enqueue(
        session=session,
        household_id=household_id,
        channel="in_app",
        purpose="service",
        kind="order_ready",
        title=title,
        body="Retrait possible jusqu'à 20 h.",
        explanation=EXPLANATION,
        transactional=True,
        settings=settings,
        now=NOW,
    )
    assert message is not None and message.id is not None
    return message.id


def receive(ws: Connection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=TIMEOUT))
    return frame


def subscribe(ws: Connection, token: str) -> None:
    ws.send(json.dumps({"type": "auth", "id": 1, "token": token}))
    assert receive(ws)["type"] == "auth_ok"
    ws.send(json.dumps({"type": "subscribe_notifications", "id": 2}))
    assert receive(ws) == {"type": "result", "id": 2, "success": True, "result": None}


def relay_for(live: LiveServer) -> Relay:  # noqa: F811
    return Relay(
        sessions=unit_of_work(live.engine),
        settings=live.settings,
        senders=[InAppSender(live.hub.publish)],
    )


def inbox(base_url: str, token: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{base_url}/me/notifications",
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()
    return items


def test_a_connected_household_gets_the_message_on_its_socket(live: LiveServer) -> None:  # noqa: F811
    household_id, token = seed(live)
    with connect(live.ws_url, open_timeout=TIMEOUT, close_timeout=2) as ws:
        subscribe(ws, token)
        with live.unit_of_work() as session:
            message_id = notify(session, live.settings, household_id)
        stats = live.run(relay_for(live).run_once(now=NOW))
        assert stats.sent >= 1
        frame = receive(ws)
    assert frame["type"] == "event" and frame["id"] == 2
    event = frame["event"]
    assert (event["kind"], event["title"], event["explanation"]) == (
        "order_ready",
        "Commande prête",
        EXPLANATION,
    )
    assert event["notification_id"] == message_id
    assert event["idempotency_key"] == f"outbox-{message_id}"
    with live.unit_of_work() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None and stored.status == "sent"
        assert stored.delivered == {"sockets": 1}


def test_nobody_connected_keeps_it_in_the_inbox(live: LiveServer) -> None:  # noqa: F811
    household_id, token = seed(live)
    with live.unit_of_work() as session:
        message_id = notify(session, live.settings, household_id)
    live.run(relay_for(live).run_once(now=NOW))
    with live.unit_of_work() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None and stored.status == "sent" and stored.delivered == {"sockets": 0}
    (item,) = inbox(f"http://127.0.0.1:{live.port}", token)
    assert (item["id"], item["explanation"], item["read_at"]) == (message_id, EXPLANATION, None)


@pytest.fixture
def api_with_relay(live: LiveServer) -> Iterator[str]:  # noqa: F811
    """A second API process on the same database, its relay enabled (lifespan on)."""
    settings = live.settings.model_copy(update={"notify_relay_in_api": True})
    app = create_app(settings, clock=StartedClock(NOW))
    try:
        with serve(app, lifespan="on") as served:
            yield f"127.0.0.1:{served.port}"
    finally:
        app.state.engine.dispose()


def test_the_api_process_runs_the_relay(live: LiveServer, api_with_relay: str) -> None:  # noqa: F811
    household_id, token = seed(live)
    with connect(f"ws://{api_with_relay}/ws/chat", open_timeout=TIMEOUT, close_timeout=2) as ws:
        subscribe(ws, token)
        # Written by "another process" (this test): the API's relay picks it up by itself.
        with live.unit_of_work() as session:
            message_id = notify(session, live.settings, household_id, title="Réservation confirmée")
        frame = receive(ws)
    assert frame["event"]["notification_id"] == message_id
    assert frame["event"]["title"] == "Réservation confirmée"

"""The WebSocket chat against a real uvicorn server and a real WebSocket client.

The dialogue is the fake one (its state lives in the `conversations` table of the server's
database, so a reconnect resumes it); the protocol, the auth, the hub and the transport are
the real ones.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect
from websockets.sync.connection import Connection

from api.channels.deps import get_dialogue
from api.channels.ws import WSLimits, get_ws_limits
from assistant.auth.service import issue_customer_token
from assistant.customers.models import Household
from assistant.outings.models import Event
from tests.api.channels.conftest import LiveServer
from tests.api.channels.fakes import BrokenDialogue, add_points
from tests.clock import NOW
from tests.factories import make_household

TIMEOUT = 10


def seed(live: LiveServer, *, name: str = "Famille Zerty", points: int = 48) -> tuple[int, str]:
    with live.unit_of_work() as session:
        household = make_household(session, name=name)
        add_points(session, household, points)
        token = issue_customer_token(settings=live.settings, household=household, now=NOW)
        assert household.id is not None
        return household.id, token


def send(ws: Connection, frame: dict[str, Any] | str) -> None:
    ws.send(frame if isinstance(frame, str) else json.dumps(frame))


def receive(ws: Connection) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(ws.recv(timeout=TIMEOUT))
    return frame


def call(ws: Connection, frame: dict[str, Any] | str) -> dict[str, Any]:
    send(ws, frame)
    return receive(ws)


def close_code(ws: Connection) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=TIMEOUT)
    return closed.value.rcvd.code if closed.value.rcvd else None


@contextmanager
def chat(live: LiveServer, token: str) -> Iterator[Connection]:
    with connect(live.ws_url, open_timeout=TIMEOUT, close_timeout=2) as ws:
        assert call(ws, {"type": "auth", "id": 1, "token": token})["type"] == "auth_ok"
        yield ws


def test_auth_with_a_frame(live: LiveServer) -> None:
    household_id, token = seed(live)
    with connect(live.ws_url, open_timeout=TIMEOUT) as ws:
        answer = call(ws, {"type": "auth", "id": 1, "token": token})
    assert answer == {"type": "auth_ok", "id": 1, "household_id": household_id}


def test_auth_with_the_query_token(live: LiveServer) -> None:
    household_id, token = seed(live)
    with connect(f"{live.ws_url}?token={token}", open_timeout=TIMEOUT) as ws:
        assert receive(ws) == {"type": "auth_ok", "id": None, "household_id": household_id}
        assert call(ws, {"type": "ping", "id": 1}) == {"type": "pong", "id": 1}


def _bad_token(live: LiveServer, kind: str) -> tuple[str, str]:
    with live.unit_of_work() as session:
        household = make_household(session)
        if kind == "garbage":
            return "not-a-jwt", "invalid_token"
        if kind == "expired":
            ttl = dt.timedelta(seconds=-5)
            return issue_customer_token(
                settings=live.settings, household=household, ttl=ttl, now=NOW
            ), "token_expired"
        token = issue_customer_token(settings=live.settings, household=household, now=NOW)
        household.token_version += 1  # sign-out everywhere
        session.add(household)
        return token, "token_revoked"


@pytest.mark.parametrize("kind", ["garbage", "expired", "revoked"])
def test_an_invalid_token_is_refused_and_the_socket_closed(live: LiveServer, kind: str) -> None:
    token, code = _bad_token(live, kind)
    with connect(live.ws_url, open_timeout=TIMEOUT) as ws:
        answer = call(ws, {"type": "auth", "id": 1, "token": token})
        assert answer["type"] == "auth_invalid"
        assert answer["id"] == 1
        assert answer["error"]["code"] == code
        assert close_code(ws) == 1008


def test_a_command_before_auth_is_refused(live: LiveServer) -> None:
    with connect(live.ws_url, open_timeout=TIMEOUT) as ws:
        answer = call(ws, {"type": "message", "id": 1, "text": "bonjour"})
        assert answer["success"] is False
        assert answer["error"]["code"] == "not_authenticated"
        assert close_code(ws) == 1008


@pytest.mark.parametrize(
    ("text", "lang", "reply", "intent", "spoken_lang"),
    [
        ("Bonjour !", None, "Bonjour Famille Zerty !", "greet", "fr"),
        ("Hello there", None, "Hello Famille Zerty!", "greet", "en"),
        ("combien de points ?", None, "Vous avez 48 points.", "loyalty_balance", "fr"),
        ("points", "en", "You have 48 points.", "loyalty_balance", "en"),
    ],
)
def test_a_message_round_trip_in_french_and_english(
    live: LiveServer, text: str, lang: str | None, reply: str, intent: str, spoken_lang: str
) -> None:
    household_id, token = seed(live)
    frame: dict[str, Any] = {"type": "message", "id": 2, "text": text}
    if lang:
        frame["lang"] = lang
    with chat(live, token) as ws:
        answer = call(ws, frame)
    assert answer["type"] == "result" and answer["id"] == 2 and answer["success"] is True
    result = answer["result"]
    assert result["replies"] == [{"text": reply, "buttons": [], "custom": None}]
    assert result["intent"]["name"] == intent
    assert result["lang"] == spoken_lang
    assert result["active_form"] is None
    assert live.dialogue.calls[-1]["sender_id"] == f"app:{household_id}"


@pytest.mark.parametrize(
    ("frame", "code", "echoed_id"),
    [
        ("this is not json", "invalid_format", None),
        ("[1, 2, 3]", "invalid_format", None),
        ('{"id": 5}', "invalid_format", 5),
        ('{"type": 3, "id": 5}', "invalid_format", 5),
        ('{"type": "message", "text": "bonjour"}', "invalid_format", None),
        ('{"type": "message", "id": "7", "text": "bonjour"}', "invalid_format", None),
        ('{"type": "message", "id": true, "text": "bonjour"}', "invalid_format", None),
        ('{"type": "message", "id": -1, "text": "bonjour"}', "invalid_format", None),
        ('{"type": "message", "id": 7, "text": 42}', "invalid_format", 7),
        ('{"type": "message", "id": 7, "text": ""}', "invalid_format", 7),
        ('{"type": "message", "id": 7, "text": "hi", "lang": "de"}', "invalid_format", 7),
        ('{"type": "message", "id": 7, "text": "hi", "extra": 1}', "invalid_format", 7),
        ('{"type": "unsubscribe", "id": 7}', "invalid_format", 7),
        (json.dumps({"type": "message", "id": 7, "text": "a" * 2001}), "text_too_long", 7),
        (json.dumps({"type": "message", "id": 7, "text": "a" * 200_000}), "text_too_long", 7),
        ('{"type": "dance", "id": 7}', "unknown_type", 7),
    ],
)
def test_malformed_frames_get_an_error_and_the_socket_stays_usable(
    live: LiveServer, frame: str, code: str, echoed_id: int | None
) -> None:
    _household_id, token = seed(live)
    with chat(live, token) as ws:
        answer = call(ws, frame)
        assert answer["type"] == "result" and answer["success"] is False
        assert answer["error"]["code"] == code
        assert answer["error"]["message"]
        assert answer["id"] == echoed_id
        assert call(ws, {"type": "ping", "id": 100}) == {"type": "pong", "id": 100}


def test_ids_must_increase(live: LiveServer) -> None:
    _household_id, token = seed(live)
    with chat(live, token) as ws:
        assert call(ws, {"type": "ping", "id": 5}) == {"type": "pong", "id": 5}
        for reused in (5, 3, 1):
            answer = call(ws, {"type": "ping", "id": reused})
            assert (answer["id"], answer["error"]["code"]) == (reused, "id_reused")
        assert call(ws, {"type": "ping", "id": 6}) == {"type": "pong", "id": 6}


def test_a_published_event_reaches_the_subscribed_socket(live: LiveServer) -> None:
    household_id, token = seed(live)
    other_id, _other_token = seed(live, name="Famille Autre")
    event = {
        "kind": "order_ready",
        "title": "Commande prête",
        "body": "Votre commande vous attend au retrait.",
        "explanation": "Vous avez commandé hier.",
        "order_id": 12,
    }
    with chat(live, token) as ws:
        assert call(ws, {"type": "subscribe_notifications", "id": 2}) == {
            "type": "result",
            "id": 2,
            "success": True,
            "result": None,
        }
        assert live.run(live.hub.publish(household_id, event)) == 1
        assert receive(ws) == {"type": "event", "id": 2, "event": event}
        # Another household's event never reaches this socket.
        assert live.run(live.hub.publish(other_id, {**event, "title": "Autre"})) == 0
        assert call(ws, {"type": "unsubscribe", "id": 3, "subscription": 2})["success"] is True
        assert live.run(live.hub.publish(household_id, event)) == 0
        assert call(ws, {"type": "ping", "id": 4}) == {"type": "pong", "id": 4}
        unknown = call(ws, {"type": "unsubscribe", "id": 5, "subscription": 2})
        assert unknown["error"]["code"] == "not_found"
    # A closed socket leaves the hub.
    assert live.hub.subscribers(household_id) == 0


def test_a_reconnect_continues_the_conversation(live: LiveServer) -> None:
    _household_id, token = seed(live)
    with chat(live, token) as ws:
        first = call(ws, {"type": "message", "id": 2, "text": "je veux réserver"})["result"]
        assert (first["active_form"], first["requested_slot"]) == ("booking_form", "date")
        assert first["replies"][0]["buttons"][0] == {"title": "samedi", "payload": "/inform"}
    with chat(live, token) as ws:
        second = call(ws, {"type": "message", "id": 2, "text": "samedi"})["result"]
        assert (second["active_form"], second["requested_slot"]) == (
            "booking_form",
            "people_count",
        )
        third = call(ws, {"type": "message", "id": 3, "text": "3"})["result"]
    assert third["replies"][0]["text"] == "Réservé : samedi, 3 personnes."
    assert third["active_form"] is None


def test_frames_of_one_socket_are_answered_in_order(live: LiveServer) -> None:
    _household_id, token = seed(live)
    with chat(live, token) as ws:
        for frame_id, text in [(2, "je veux réserver"), (3, "dimanche"), (4, "2")]:
            send(ws, {"type": "message", "id": frame_id, "text": text})
        send(ws, {"type": "ping", "id": 5})
        answers = [receive(ws) for _ in range(4)]
    assert [answer["id"] for answer in answers] == [2, 3, 4, 5]
    assert answers[2]["result"]["replies"][0]["text"] == "Réservé : dimanche, 2 personnes."


def test_a_failing_turn_is_an_internal_error(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(live.app.dependency_overrides, get_dialogue, BrokenDialogue)
    _household_id, token = seed(live)
    with chat(live, token) as ws:
        answer = call(ws, {"type": "message", "id": 2, "text": "boom"})
        assert (answer["success"], answer["error"]["code"]) == (False, "internal_error")
        assert call(ws, {"type": "message", "id": 3, "text": "bonjour"})["success"] is True


def test_a_token_revoked_mid_conversation_ends_the_socket(live: LiveServer) -> None:
    household_id, token = seed(live)
    with chat(live, token) as ws:
        with live.unit_of_work() as session:
            household = session.get(Household, household_id)
            assert household is not None
            household.token_version += 1
            session.add(household)
        answer = call(ws, {"type": "message", "id": 2, "text": "bonjour"})
        assert answer["error"]["code"] == "not_authenticated"
        assert close_code(ws) == 1008


def test_a_socket_that_does_not_authenticate_in_time_is_closed(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The deadline is a setting (WS_AUTH_TIMEOUT_SECONDS): 10 s in production, short here.
    monkeypatch.setattr(live.settings, "ws_auth_timeout_seconds", 0.3)
    with connect(live.ws_url) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1008, "auth_timeout")


def test_an_idle_socket_is_closed(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        live.app.dependency_overrides, get_ws_limits, lambda: WSLimits(idle_timeout=0.3)
    )
    _household_id, token = seed(live)
    with chat(live, token) as ws, pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1000, "idle_timeout")


def test_the_real_dialogue_keeps_its_form_across_a_reconnect(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("assistant.dialogue.service")
    monkeypatch.delitem(live.app.dependency_overrides, get_dialogue)
    _household_id, token = seed(live)
    with live.unit_of_work() as session:
        starts_at = NOW + dt.timedelta(days=3)
        session.add(Event(kind="circus", title="Cirque", starts_at=starts_at, capacity=50))
    with chat(live, token) as ws:
        first = call(ws, {"type": "message", "id": 2, "text": "je veux réserver"})["result"]
    assert (first["active_form"], first["requested_slot"]) == ("booking_form", "event_type")
    with chat(live, token) as ws:
        second = call(ws, {"type": "message", "id": 2, "text": "le cirque"})["result"]
    assert (second["active_form"], second["requested_slot"]) == ("booking_form", "date")

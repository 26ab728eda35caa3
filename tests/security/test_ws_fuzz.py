"""Fuzzed frames on /ws/chat: every bad frame gets a coded error, never a crash; after
authentication the socket stays usable (the protocol answers and goes on), before it the
server says `auth_invalid` or `not_authenticated` and closes with 1008."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.channels.protocol import MAX_TEXT_CHARS
from assistant.config import Settings
from assistant.customers.models import Household
from tests.factories import customer_headers

POLICY_VIOLATION = 1008
DEEP = 10_000


def token_for(settings: Settings, household: Household) -> str:
    return customer_headers(settings, household)["Authorization"].removeprefix("Bearer ")


def deep_frame(depth: int) -> str:
    return '{"type": "message", "id": 2, "text": ' + "[" * depth + "]" * depth + "}"


# (frame to send, expected error code); sent after a successful auth with id 1.
BAD_FRAMES: list[tuple[str, str | bytes, str]] = [
    ("binary_garbage", b"\xff\xfe\x00\x01", "invalid_format"),
    ("not_json", "hello there", "invalid_format"),
    ("truncated_json", '{"type": "ping", "id": 2', "invalid_format"),
    ("empty", "", "invalid_format"),
    ("json_array", "[1, 2, 3]", "invalid_format"),
    ("json_string", '"ping"', "invalid_format"),
    ("json_null", "null", "invalid_format"),
    ("no_type", '{"id": 2}', "invalid_format"),
    ("type_not_a_string", '{"type": 7, "id": 2}', "invalid_format"),
    ("unknown_type", '{"type": "sudo", "id": 2}', "unknown_type"),
    ("id_a_string", '{"type": "ping", "id": "2"}', "invalid_format"),
    ("id_a_float", '{"type": "ping", "id": 2.0}', "invalid_format"),
    ("id_negative", '{"type": "ping", "id": -2}', "invalid_format"),
    ("id_huge", '{"type": "ping", "id": 1e400}', "invalid_format"),
    ("id_bool", '{"type": "ping", "id": true}', "invalid_format"),
    ("text_a_list", '{"type": "message", "id": 2, "text": ["hi"]}', "invalid_format"),
    ("text_empty", '{"type": "message", "id": 2, "text": ""}', "invalid_format"),
    ("lang_unknown", '{"type": "message", "id": 2, "text": "hi", "lang": "xx"}', "invalid_format"),
    ("extra_field", '{"type": "ping", "id": 2, "admin": true}', "invalid_format"),
    ("text_too_long", json.dumps({"type": "message", "id": 2, "text": "a" * (MAX_TEXT_CHARS + 1)}),
     "text_too_long"),
    ("huge_frame", json.dumps({"type": "message", "id": 2, "text": "a" * 2_000_000}),
     "text_too_long"),
    ("huge_unknown", json.dumps({"type": "x" * 1_000_000, "id": 2}), "unknown_type"),
    ("deeply_nested", deep_frame(DEEP), "invalid_format"),
    ("deeply_nested_object", '{"a":' * DEEP + "1" + "}" * DEEP, "invalid_format"),
    ("location_wrong_types", '{"type": "location", "id": 2, "pings": [{"lat": "north"}]}',
     "invalid_format"),
    ("location_empty", '{"type": "location", "id": 2, "pings": []}', "invalid_format"),
    ("unsubscribe_unknown", '{"type": "unsubscribe", "id": 2, "subscription": 99}', "not_found"),
    ("auth_again", '{"type": "auth", "id": 2, "token": "x"}', "invalid_format"),
    ("id_reused", '{"type": "ping", "id": 1}', "id_reused"),
    ("id_missing", '{"type": "ping"}', "invalid_format"),
    ("lone_surrogate", '{"type": "message", "id": 2, "text": "\\ud800"}', "invalid_format"),
]  # fmt: skip


def send(ws: Any, frame: str | bytes) -> None:
    if isinstance(frame, bytes):
        ws.send_bytes(frame)
    else:
        ws.send_text(frame)


def authenticate(ws: Any, token: str) -> None:
    ws.send_json({"type": "auth", "id": 1, "token": token})
    reply = ws.receive_json()
    assert reply["type"] == "auth_ok", reply


def assert_coded_error(reply: dict[str, Any], code: str) -> None:
    assert reply["type"] == "result" and reply["success"] is False, reply
    assert reply["error"]["code"] == code, reply
    assert isinstance(reply["error"]["message"], str) and reply["error"]["message"]


@pytest.mark.parametrize(("frame", "code"), [(f, c) for _, f, c in BAD_FRAMES],
                         ids=[name for name, _, _ in BAD_FRAMES])  # fmt: skip
def test_a_bad_frame_gets_a_coded_error_and_the_socket_goes_on(
    chat_client: TestClient, settings: Settings, household: Household, frame: str | bytes, code: str
) -> None:
    with chat_client.websocket_connect("/ws/chat") as ws:
        authenticate(ws, token_for(settings, household))
        send(ws, frame)
        assert_coded_error(ws.receive_json(), code)
        ws.send_json({"type": "ping", "id": 3})
        assert ws.receive_json() == {"type": "pong", "id": 3}


def test_a_burst_of_bad_frames_then_a_chat_turn(
    chat_client: TestClient, settings: Settings, household: Household
) -> None:
    with chat_client.websocket_connect("/ws/chat") as ws:
        authenticate(ws, token_for(settings, household))
        # A frame that is dispatched uses its id up: the burst holds one of them, at its end.
        burst = [(f, c) for name, f, c in BAD_FRAMES if name not in {"unsubscribe_unknown"}]
        for frame, _code in burst:
            send(ws, frame)
        codes = [ws.receive_json()["error"]["code"] for _ in burst]
        assert codes == [code for _, code in burst]
        ws.send_json({"type": "message", "id": 5, "text": "bonjour"})
        reply = ws.receive_json()
        assert reply["id"] == 5 and reply["success"] is True, reply
        assert reply["result"]["replies"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_binary_frame_holding_json_is_a_frame(
    chat_client: TestClient, settings: Settings, household: Household, encoding: str
) -> None:
    with chat_client.websocket_connect("/ws/chat") as ws:
        authenticate(ws, token_for(settings, household))
        ws.send_bytes(json.dumps({"type": "ping", "id": 2}).encode(encoding))
        assert ws.receive_json() == {"type": "pong", "id": 2}


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"\xff\xfe", "invalid_format"),
        ("not json", "invalid_format"),
        (deep_frame(200), "invalid_format"),
        ('{"type": "auth", "id": 1, "token": ""}', "invalid_format"),
        ('{"type": "auth", "id": 1, "token": "not-a-jwt"}', "invalid_token"),
        ('{"type": "hello", "id": 1}', "unknown_type"),
    ],
)
def test_a_bad_first_frame_is_auth_invalid_and_closes(
    chat_client: TestClient, frame: str | bytes, code: str
) -> None:
    with chat_client.websocket_connect("/ws/chat") as ws:
        send(ws, frame)
        reply = ws.receive_json()
        assert reply["type"] == "auth_invalid" and reply["error"]["code"] == code, reply
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == POLICY_VIOLATION


def test_a_first_frame_too_big_for_an_auth_frame_closes_the_socket(
    chat_client: TestClient,
) -> None:
    """An auth frame is a token and an id: 20,000 nested brackets before authentication are
    not a client's first words (1009, message too big)."""
    with chat_client.websocket_connect("/ws/chat") as ws:
        send(ws, deep_frame(DEEP))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (1009, "auth_frame_too_big")


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "message", "id": 1, "text": "montre les tickets du foyer 2"},
        {"type": "ping", "id": 1},
        {"type": "subscribe_notifications", "id": 1},
    ],
)
def test_commands_before_auth_are_refused_and_close(
    chat_client: TestClient, frame: dict[str, Any]
) -> None:
    with chat_client.websocket_connect("/ws/chat") as ws:
        ws.send_json(frame)
        reply = ws.receive_json()
        assert_coded_error(reply, "not_authenticated")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == POLICY_VIOLATION

"""Oversized and deeply nested JSON bodies: coded 4xx, never a 500 (no RecursionError)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from tests.api.test_errors import assert_error

Headers = dict[str, str]
DEPTH = 10_000


def nested(depth: int, *, kind: str) -> bytes:
    if kind == "array":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize(
    ("method", "path", "wrap"),
    [
        ("POST", "/me/members", b"%s"),
        ("POST", "/me/members", b'{"first_name": %s}'),
        ("PUT", "/me/consents", b"%s"),
        ("PATCH", "/me/list", b'{"store_id": %s}'),
        ("POST", "/webhooks/rest/webhook", b'{"sender": "x", "message": "hi", "metadata": %s}'),
    ],
)
def test_deeply_nested_json_is_refused_with_a_code(
    client: TestClient, headers: Headers, method: str, path: str, wrap: bytes, kind: str
) -> None:
    body = wrap % nested(DEPTH, kind=kind)
    response = client.request(
        method, path, content=body, headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422), response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] in {"malformed_json", "bad_request", "validation_error"}


@pytest.mark.parametrize("depth", [50, 500])
def test_moderately_nested_json_is_a_validation_error(
    client: TestClient, headers: Headers, depth: int
) -> None:
    body = b'{"first_name": %s}' % nested(depth, kind="array")
    response = client.post(
        "/me/members", content=body, headers={**headers, "Content-Type": "application/json"}
    )
    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize("path", ["/me/members", "/webhooks/rest/webhook", "/receipts"])
def test_a_body_over_the_limit_is_413_before_any_auth_or_parsing(
    client: TestClient, settings: Settings, path: str
) -> None:
    body = b'{"x": "' + b"a" * settings.max_request_bytes + b'"}'
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    error = assert_error(response, 413, "payload_too_large")
    assert error["details"] == {"limit_bytes": settings.max_request_bytes}


def test_a_body_at_the_limit_is_parsed(
    client: TestClient, settings: Settings, headers: Headers
) -> None:
    filler = settings.max_request_bytes - len(b'{"first_name": ""}')
    body = b'{"first_name": "' + b"a" * filler + b'"}'
    assert len(body) == settings.max_request_bytes
    response = client.post(
        "/me/members", content=body, headers={**headers, "Content-Type": "application/json"}
    )
    # Within the byte limit: the schema's own length limit answers.
    error = assert_error(response, 422, "validation_error")
    assert any("first_name" in detail["loc"] for detail in error["details"])

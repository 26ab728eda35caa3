"""The error contract: every failure is {"error": {"code", "message", "details"}} with a
precise code and status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.auth.service import issue_customer_token
from assistant.config import Settings
from assistant.customers.models import Household
from tests.clock import NOW
from tests.factories import customer_headers, make_household

Headers = dict[str, str]


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    error: dict[str, Any] = body["error"]
    return error


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session)
    session.commit()
    return household


@pytest.fixture
def headers(settings: Settings, household: Household) -> Headers:
    return customer_headers(settings, household)


def test_malformed_json(client: TestClient, headers: Headers) -> None:
    response = client.post(
        "/me/members",
        content=b'{"first_name": "Ana",',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert_error(response, 400, "malformed_json")


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/me/members", {"first_name": "Ana", "birth_date": "yesterday"}, "birth_date"),
        ("POST", "/me/members", {"first_name": ["Ana"]}, "first_name"),
        ("POST", "/me/pets", {"species": 3}, "species"),
        ("POST", "/me/addresses", {"kind": "home", "lat": "x", "lon": 2}, "lat"),
        ("PATCH", "/me", {"timezone": 12}, "timezone"),
        (
            "PUT",
            "/me/consents",
            [{"channel": "push", "purpose": "service", "granted": "maybe"}],
            "granted",
        ),
        ("GET", "/me/members/abc", None, "member_id"),
    ],
)
def test_wrong_types_name_the_field(
    client: TestClient, headers: Headers, method: str, path: str, body: Any, field: str
) -> None:
    response = client.request(method, path, json=body, headers=headers)
    error = assert_error(response, 422, "validation_error")
    assert any(field in detail["loc"] for detail in error["details"])


def test_a_body_of_the_wrong_shape_is_a_validation_error(
    client: TestClient, headers: Headers
) -> None:
    response = client.put("/me/preferences", json={"kind": "diet"}, headers=headers)
    assert_error(response, 422, "validation_error")


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("GET", "/me/members/999999999", "member_not_found"),
        ("PATCH", "/me/members/999999999", "member_not_found"),
        ("DELETE", "/me/members/999999999", "member_not_found"),
        ("DELETE", "/me/pets/999999999", "pet_not_found"),
        ("DELETE", "/me/preferences/999999999", "preference_not_found"),
        ("DELETE", "/me/devices/999999999", "device_not_found"),
        ("DELETE", "/me/addresses/999999999", "address_not_found"),
        ("GET", "/stores/999999999", "store_not_found"),
        ("GET", "/products/0000000000000", "product_not_found"),
    ],
)
def test_unknown_ids_are_404_with_a_code(
    client: TestClient, headers: Headers, method: str, path: str, code: str
) -> None:
    body = {"first_name": "X"} if method == "PATCH" else None
    assert_error(client.request(method, path, json=body, headers=headers), 404, code)


def test_oversized_payload_with_content_length(
    client: TestClient, settings: Settings, headers: Headers
) -> None:
    payload = b'{"first_name": "' + b"a" * settings.max_request_bytes + b'"}'
    response = client.post(
        "/me/members", content=payload, headers={**headers, "Content-Type": "application/json"}
    )
    assert "content-length" in {k.lower() for k in response.request.headers}
    assert_error(response, 413, "payload_too_large")


def test_oversized_chunked_payload_without_content_length(
    client: TestClient, settings: Settings, headers: Headers
) -> None:
    chunk = b"a" * 65_536

    def body() -> Iterator[bytes]:
        yield b'{"first_name": "'
        for _ in range(settings.max_request_bytes // len(chunk) + 2):
            yield chunk
        yield b'"}'

    response = client.post(
        "/me/members", content=body(), headers={**headers, "Content-Type": "application/json"}
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_error(response, 413, "payload_too_large")


def test_expired_token(client: TestClient, settings: Settings, household: Household) -> None:
    token = issue_customer_token(
        settings=settings, household=household, ttl=dt.timedelta(minutes=-5), now=NOW
    )
    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "token_expired")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "token",
    [
        "forged",  # signed with another secret
        "not-a-jwt",
        "wrong-type",  # a valid signature on claims that are not a customer token
    ],
)
def test_invalid_token(
    client: TestClient, settings: Settings, household: Household, token: str
) -> None:
    claims = {"sub": "x", "hid": household.id, "ver": 0, "exp": 4_102_444_800, "typ": "customer"}
    raw = {
        "forged": jwt.encode(claims, "another-secret-0123456789abcdefghijkl", algorithm="HS256"),
        "not-a-jwt": "abc.def",
        "wrong-type": jwt.encode({**claims, "typ": "staff"}, settings.jwt_secret, "HS256"),
    }[token]
    response = client.get("/me", headers={"Authorization": f"Bearer {raw}"})
    assert_error(response, 401, "invalid_token")


def test_revoked_token(client: TestClient, headers: Headers) -> None:
    assert client.post("/auth/revoke", headers=headers).status_code == 204
    assert_error(client.get("/me", headers=headers), 401, "token_revoked")


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"}]
)
def test_missing_token(client: TestClient, headers: Headers) -> None:
    assert_error(client.get("/me", headers=headers), 401, "not_authenticated")


def test_unknown_route(client: TestClient) -> None:
    assert_error(client.get("/no/such/route"), 404, "not_found")


@pytest.mark.parametrize(("method", "path"), [("PUT", "/me"), ("PUT", "/me/members")])
def test_wrong_method(client: TestClient, headers: Headers, method: str, path: str) -> None:
    response = client.request(method, path, headers=headers)
    assert_error(response, 405, "method_not_allowed")


def test_openapi_documents_the_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    patch_me = spec["paths"]["/me"]["patch"]["responses"]
    assert {"401", "404", "409", "422"} <= set(patch_me)
    schema = patch_me["409"]["content"]["application/json"]["schema"]["$ref"]
    assert schema.endswith("/ErrorResponse")
    enrol = spec["paths"]["/households"]["post"]["responses"]
    assert {"201", "409", "422"} <= set(enrol)

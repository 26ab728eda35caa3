"""API-key scopes on every key route, and customer token expiry and revocation on every
customer route, both read from the app's routes."""

from __future__ import annotations

import datetime as dt
import re

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.auth.service import SCOPES, issue_customer_token
from assistant.config import Settings
from tests.clock import NOW
from tests.factories import api_key_headers, customer_headers, make_household
from tests.privacy.routes import RouteInfo, route_infos
from tests.privacy.test_isolation import PROBES, _app

INFOS = route_infos(_app())
KEY_ROUTES = sorted((r for r in INFOS if r.scopes), key=lambda r: (r.path, r.method))
TOKEN_ROUTES = sorted(
    (r for r in INFOS if r.customer and PROBES[(r.method, r.path)].kind != "chat"),
    key=lambda r: (r.path, r.method),
)


def _ids(routes: list[RouteInfo]) -> list[str]:
    return [f"{r.method} {r.path}" for r in routes]


def _fill(path: str) -> str:
    return re.sub(r"\{\w+\}", "1", path)


def test_the_routes_are_found() -> None:
    paths = {(r.method, r.path) for r in KEY_ROUTES}
    assert {("POST", "/receipts"), ("POST", "/auth/token"), ("GET", "/stores")} <= paths
    assert set().union(*(r.scopes for r in KEY_ROUTES)) == set(SCOPES)


@pytest.mark.parametrize("route", KEY_ROUTES, ids=_ids(KEY_ROUTES))
def test_a_key_without_the_scope_is_refused(
    client: TestClient, session: Session, route: RouteInfo
) -> None:
    url = _fill(route.path)
    missing = client.request(route.method, url)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] in {"api_key_required", "not_authenticated"}

    others = sorted(set(SCOPES) - route.scopes)
    refused = client.request(route.method, url, headers=api_key_headers(session, others))
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["code"] == "insufficient_scope"

    # The control: the same request with the scope passes the gate (whatever comes next).
    allowed = client.request(
        route.method, url, headers=api_key_headers(session, sorted(route.scopes))
    )
    assert allowed.status_code not in (401, 403), allowed.text
    assert allowed.status_code < 500, allowed.text


@pytest.mark.parametrize("route", TOKEN_ROUTES, ids=_ids(TOKEN_ROUTES))
def test_expired_revoked_and_forged_tokens_are_refused(
    client: TestClient, session: Session, settings: Settings, route: RouteInfo
) -> None:
    household = make_household(session)
    session.commit()
    url = _fill(route.path)
    expired = issue_customer_token(
        settings=settings, household=household, ttl=dt.timedelta(-1), now=NOW
    )
    revoked = issue_customer_token(settings=settings, household=household, now=NOW)
    household.token_version += 1
    session.add(household)
    session.commit()
    forged = jwt.encode(
        {
            "sub": f"household:{household.id}",
            "hid": household.id,
            "ver": 1,
            "typ": "customer",
            "exp": int(NOW.timestamp()) + 600,
        },
        "not-the-secret-key-0123456789abcdefghijkl",
        algorithm="HS256",
    )
    cases = {
        None: "not_authenticated",
        expired: "token_expired",
        revoked: "token_revoked",
        forged: "invalid_token",
    }
    for token, code in cases.items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.request(route.method, url, headers=headers, json={})
        assert response.status_code == 401, (token, response.text)
        assert response.json()["error"]["code"] == code


def test_revocation_refuses_every_earlier_token_at_once(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household, other = make_household(session), make_household(session)
    session.commit()
    first, second = customer_headers(settings, household), customer_headers(settings, household)
    others = customer_headers(settings, other)
    assert client.post("/auth/revoke", headers=first).status_code == 204
    for headers in (first, second):
        response = client.get("/me", headers=headers)
        assert (response.status_code, response.json()["error"]["code"]) == (401, "token_revoked")
    assert client.get("/me", headers=others).status_code == 200
    session.refresh(household)
    assert client.get("/me", headers=customer_headers(settings, household)).status_code == 200

"""The presence API: ping validation, consent, the customer's visits, the staff feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.config import Settings
from geofences.models import LocationPing, Visit
from geofences.schemas import MAX_PINGS_PER_BATCH
from tests.clock import NOW
from tests.factories import api_key_headers, customer_headers, make_household
from tests.geofences.helpers import STORE_LAT, STORE_LON, grant, make_order, montparnasse


def ping(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "lat": STORE_LAT,
        "lon": STORE_LON,
        "accuracy_m": 12.5,
        "recorded_at": (NOW - dt.timedelta(minutes=1)).isoformat(),
    }
    body.update(overrides)
    return body


@pytest.fixture
def headers(session: Session, settings: Settings) -> dict[str, str]:
    household = make_household(session)
    grant(session, household, [("push", "location")])
    return customer_headers(settings, household)


def in_future(seconds: int) -> str:
    return (NOW + dt.timedelta(seconds=seconds)).isoformat()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ([ping(lat=91)], "validation_error"),
        ([ping(lon=-180.5)], "validation_error"),
        ([ping(accuracy_m=0)], "validation_error"),
        ([ping(accuracy_m=-3)], "validation_error"),
        ([ping(recorded_at="2026-11-24T10:00:00")], "validation_error"),  # no timezone
        ([ping(extra=1)], "validation_error"),
        ([ping(ping_id="p\x001")], "validation_error"),  # PostgreSQL text cannot hold NUL
        ([], "validation_error"),
        ([ping(), ping(recorded_at=in_future(3600))], "ping_in_future"),
        (
            [ping(lat=STORE_LAT + i * 1e-5) for i in range(MAX_PINGS_PER_BATCH + 1)],
            "batch_too_large",
        ),
    ],
)
def test_bad_pings_are_refused_and_nothing_is_stored(
    client: TestClient, session: Session, headers: dict[str, str], body: Any, code: str
) -> None:
    answer = client.post("/me/location/pings", json=body, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == code
    assert session.exec(select(LocationPing)).all() == []


def test_a_little_clock_skew_is_accepted(client: TestClient, headers: dict[str, str]) -> None:
    answer = client.post(
        "/me/location/pings", json=[ping(recorded_at=in_future(30))], headers=headers
    )
    assert answer.status_code == 200
    assert answer.json()["accepted"] == 1


def test_pings_need_a_customer(client: TestClient) -> None:
    assert client.post("/me/location/pings", json=[ping()]).status_code == 401


def test_pings_need_the_location_consent(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    grant(session, household, [("push", "marketing")])
    answer = client.post(
        "/me/location/pings", json=[ping()], headers=customer_headers(settings, household)
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "location_consent_required"
    assert session.exec(select(LocationPing)).all() == []


def test_staff_feed_needs_the_staff_scope(client: TestClient, session: Session) -> None:
    store = montparnasse(session)
    url = f"/staff/stores/{store.id}/arrivals"
    staff = api_key_headers(session, ["staff:read"])
    wrong_key = api_key_headers(session, ["households:write"])
    # Successes first: an error response rolls the test's session back.
    assert client.get(url, headers=staff).json() == []
    assert client.get(url).status_code == 401
    wrong = client.get(url, headers=wrong_key)
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "insufficient_scope"
    assert client.get("/staff/stores/999999/arrivals", headers=staff).status_code == 404


def test_the_customer_tells_where_the_car_is(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, name="Famille Zerty")
    grant(session, household, [("push", "location")])
    store = montparnasse(session)
    order = make_order(session, household, store, "ready")
    headers = customer_headers(settings, household)
    entered = client.post("/me/location/pings", json=[ping()], headers=headers).json()
    (event,) = entered["events"]
    assert event["kind"] == "entry" and event["store_id"] == store.id
    (visit,) = client.get("/me/visits", headers=headers).json()
    assert visit["order_ids"] == [order.id] and visit["bring_to_car"] is True
    patched = client.patch(
        f"/me/visits/{visit['id']}", json={"vehicle": "Clio grise, rangée C"}, headers=headers
    )
    assert patched.status_code == 200
    feed = client.get(
        f"/staff/stores/{store.id}/arrivals", headers=api_key_headers(session, ["staff:read"])
    ).json()
    assert [(a["name"], a["vehicle"], [o["id"] for o in a["orders"]]) for a in feed] == [
        ("Famille Zerty", "Clio grise, rangée C", [order.id])
    ]
    other = make_household(session)
    foreign = client.patch(
        f"/me/visits/{visit['id']}",
        json={"vehicle": "x"},
        headers=customer_headers(settings, other),
    )
    assert foreign.status_code == 404
    assert session.get(Visit, visit["id"]).vehicle == "Clio grise, rangée C"  # type: ignore[union-attr]

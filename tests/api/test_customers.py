"""The customer API: enrolment, /me and the household's records, isolation between households."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.clock import FrozenClock
from assistant.config import Settings
from assistant.customers.models import Household, Member
from assistant.history.models import Receipt
from tests.clock import NOW, TODAY, local
from tests.factories import (
    api_key_headers,
    customer_headers,
    make_address,
    make_device,
    make_household,
    make_member,
    make_pet,
    make_preference,
    make_store,
    national,
    unique_phone,
)

Headers = dict[str, str]


@pytest.fixture
def household(session: Session) -> Household:
    household = make_household(session, phone=unique_phone())
    # Committed like any earlier request's data, so that a request failing (and rolling
    # back its own work) cannot take the arranged rows with it.
    session.commit()
    return household


@pytest.fixture
def headers(settings: Settings, household: Household) -> Headers:
    return customer_headers(settings, household)


# Enrolment


def test_enrol_a_household(client: TestClient, session: Session, settings: Settings) -> None:
    phone = unique_phone()
    session.add(Receipt(receipt_uid=f"enrol-{phone}", phone=phone, purchased_at=NOW))
    session.flush()
    body = {
        "name": "Zerty",
        "lang": "en",
        "timezone": "America/Montreal",
        "phone": national(phone),
        "email": "zerty@example.org",
        "members": [{"first_name": "Léa", "role": "child", "birth_date": "2015-03-02"}],
        "pets": [{"species": "dog", "name": "Rex"}],
        "consents": [{"channel": "push", "purpose": "marketing", "granted": True}],
    }
    response = client.post(
        "/households", json=body, headers=api_key_headers(session, ["households:write"])
    )
    assert response.status_code == 201, response.text
    enrolment = response.json()
    household = enrolment["household"]
    assert enrolment["claimed_receipts"] == 1
    assert household["phone"] == phone
    assert len(household["loyalty_card"]) == 13
    assert [m["first_name"] for m in household["members"]] == ["Léa"]
    assert [p["species"] for p in household["pets"]] == ["dog"]
    granted = [(c["channel"], c["purpose"]) for c in household["consents"] if c["granted"]]
    assert granted == [("push", "marketing")]
    token = enrolment["token"]
    assert token["household_id"] == household["id"]
    me = client.get("/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.json()["loyalty_card"] == household["loyalty_card"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"phone": "123"}, 422, "invalid_phone"),
        ({"preferred_store_id": 10**9}, 422, "unknown_store"),
        ({"timezone": "Mars/Olympus"}, 422, "validation_error"),
        ({"lang": "de"}, 422, "validation_error"),
        ({"nickname": "x"}, 422, "validation_error"),
        ({"email": "not-an-email"}, 422, "validation_error"),
    ],
)
def test_enrolment_errors(
    client: TestClient, session: Session, change: dict[str, Any], status: int, code: str
) -> None:
    response = client.post(
        "/households",
        json={"name": "X", **change},
        headers=api_key_headers(session, ["households:write"]),
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_enrolment_with_an_enrolled_phone_conflicts(
    client: TestClient, session: Session, household: Household
) -> None:
    assert household.phone is not None
    response = client.post(
        "/households",
        json={"name": "Again", "phone": national(household.phone)},
        headers=api_key_headers(session, ["households:write"]),
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "phone_already_enrolled"


def test_enrolment_needs_the_households_scope(client: TestClient, session: Session) -> None:
    response = client.post(
        "/households", json={"name": "X"}, headers=api_key_headers(session, ["tokens:issue"])
    )
    assert response.status_code == 403


# Profile


def test_read_me(client: TestClient, household: Household, headers: Headers) -> None:
    response = client.get("/me", headers=headers)
    assert response.status_code == 200
    profile = response.json()
    assert (profile["id"], profile["phone"]) == (household.id, household.phone)
    assert {"members", "pets", "addresses", "preferences", "consents", "devices"} <= set(profile)
    assert profile["devices"] == {"count": 0, "platforms": {}}
    assert len(profile["consents"]) == 24


def test_patch_me(
    client: TestClient, session: Session, household: Household, headers: Headers
) -> None:
    store = make_store(session)
    change = {
        "name": "Renamed",
        "lang": "en",
        "timezone": "Europe/Brussels",
        "briefing_time": "06:45",
        "preferred_store_id": store.id,
        "email": "new@example.org",
    }
    response = client.patch("/me", json=change, headers=headers)
    assert response.status_code == 200, response.text
    profile = response.json()
    assert {k: profile[k] for k in change} == change
    assert profile["claimed_receipts"] == 0
    assert client.get("/me", headers=headers).json()["briefing_time"] == "06:45"


def test_patch_phone_claims_receipts(
    client: TestClient, session: Session, household: Household, headers: Headers
) -> None:
    phone = unique_phone()
    session.add(Receipt(receipt_uid=f"patch-{phone}", phone=phone, purchased_at=NOW))
    session.flush()
    response = client.patch("/me", json={"phone": national(phone)}, headers=headers)
    assert response.status_code == 200, response.text
    assert (response.json()["phone"], response.json()["claimed_receipts"]) == (phone, 1)


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"phone": "taken"}, 409, "phone_already_enrolled"),
        ({"phone": "nope"}, 422, "invalid_phone"),
        ({"preferred_store_id": 10**9}, 422, "unknown_store"),
        ({"briefing_time": "7h30"}, 422, "validation_error"),
        ({"briefing_time": "24:00"}, 422, "validation_error"),
        ({"name": None}, 422, "validation_error"),
        ({"loyalty_card": "2000000000001"}, 422, "validation_error"),
    ],
)
def test_patch_me_errors(
    client: TestClient,
    session: Session,
    household: Household,
    headers: Headers,
    change: dict[str, Any],
    status: int,
    code: str,
) -> None:
    if change.get("phone") == "taken":
        change = {"phone": make_household(session, phone=unique_phone()).phone}
    response = client.patch("/me", json=change, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert client.get("/me", headers=headers).json()["phone"] == household.phone


# Members


def test_member_lifecycle(client: TestClient, headers: Headers) -> None:
    created = client.post(
        "/me/members",
        json={"first_name": "Ana", "birth_date": "1988-01-31", "role": "adult"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    member_id = created.json()["id"]
    assert client.get(f"/me/members/{member_id}", headers=headers).json()["first_name"] == "Ana"
    patched = client.patch(
        f"/me/members/{member_id}", json={"first_name": "Anna", "role": "child"}, headers=headers
    )
    assert (patched.json()["first_name"], patched.json()["role"]) == ("Anna", "child")
    assert patched.json()["birth_date"] == "1988-01-31"
    listed = client.get("/me/members", headers=headers).json()
    assert [m["id"] for m in listed] == [member_id]
    assert client.delete(f"/me/members/{member_id}", headers=headers).status_code == 204
    missing = client.get(f"/me/members/{member_id}", headers=headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "member_not_found")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"first_name": "Future", "birth_date": (TODAY + dt.timedelta(days=3)).isoformat()},
            "birth_date_in_future",
        ),
        ({"first_name": ""}, "validation_error"),
        ({"first_name": "X", "role": "grandparent"}, "validation_error"),
        ({"first_name": "X", "age": 3}, "validation_error"),
    ],
)
def test_invalid_members_are_refused(
    client: TestClient, headers: Headers, body: dict[str, Any], code: str
) -> None:
    response = client.post("/me/members", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_a_baby_born_today_in_the_households_zone_is_welcome(
    client: TestClient, headers: Headers, clock: FrozenClock
) -> None:
    """Half past midnight in Paris is still the day before in UTC: a baby born that day is not
    "in the future", and one born the next day is."""
    tomorrow = TODAY + dt.timedelta(days=1)
    clock.move_to(local(tomorrow, "00:30"))
    assert clock.now().date() == TODAY  # UTC is still on today
    born = client.post(
        "/me/members",
        json={"first_name": "Léo", "birth_date": tomorrow.isoformat()},
        headers=headers,
    )
    assert born.status_code == 201, born.text
    later = client.post(
        "/me/members",
        json={"first_name": "Zoé", "birth_date": (tomorrow + dt.timedelta(days=1)).isoformat()},
        headers=headers,
    )
    assert (later.status_code, later.json()["error"]["code"]) == (422, "birth_date_in_future")


# Pets


def test_pet_lifecycle(client: TestClient, headers: Headers) -> None:
    created = client.post("/me/pets", json={"species": "cat", "name": "Mistigri"}, headers=headers)
    assert created.status_code == 201
    pet_id = created.json()["id"]
    assert [p["id"] for p in client.get("/me/pets", headers=headers).json()] == [pet_id]
    assert client.delete(f"/me/pets/{pet_id}", headers=headers).status_code == 204
    assert client.get("/me/pets", headers=headers).json() == []
    assert client.post("/me/pets", json={"species": "dragon"}, headers=headers).status_code == 422


# Preferences


def test_preferences(
    client: TestClient, session: Session, household: Household, headers: Headers
) -> None:
    member = make_member(session, household)
    added = client.post(
        "/me/preferences", json={"kind": "cuisine", "value": "italian"}, headers=headers
    )
    assert added.status_code == 201
    replaced = client.put(
        "/me/preferences",
        json=[
            {"kind": "diet", "value": "vegetarian"},
            {"kind": "allergy", "value": "peanut", "member_id": member.id, "weight": 2},
        ],
        headers=headers,
    )
    assert replaced.status_code == 200, replaced.text
    listed = client.get("/me/preferences", headers=headers).json()
    assert [(p["kind"], p["value"], p["member_id"]) for p in listed] == [
        ("diet", "vegetarian", None),
        ("allergy", "peanut", member.id),
    ]
    assert client.delete(f"/me/preferences/{listed[0]['id']}", headers=headers).status_code == 204
    assert [p["kind"] for p in client.get("/me/preferences", headers=headers).json()] == ["allergy"]
    unknown_kind = client.post("/me/preferences", json={"kind": "x", "value": "y"}, headers=headers)
    assert unknown_kind.status_code == 422


def test_put_preferences_with_a_foreign_member_changes_nothing(
    client: TestClient, session: Session, headers: Headers
) -> None:
    stranger = make_member(session, make_household(session))
    client.post("/me/preferences", json={"kind": "music", "value": "jazz"}, headers=headers)
    response = client.put(
        "/me/preferences",
        json=[
            {"kind": "music", "value": "rock"},
            {"kind": "diet", "value": "x", "member_id": stranger.id},
        ],
        headers=headers,
    )
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_member")
    listed = client.get("/me/preferences", headers=headers).json()
    assert [p["value"] for p in listed] == ["jazz"]


# Consents


def test_consents(client: TestClient, headers: Headers) -> None:
    before = client.get("/me/consents", headers=headers).json()
    assert len(before) == 24 and not any(c["granted"] for c in before)
    decision = [
        {"channel": "push", "purpose": "service", "granted": True},
        {"channel": "email", "purpose": "marketing", "granted": False},
    ]
    first = client.put("/me/consents", json=decision, headers=headers)
    assert first.status_code == 200
    second = client.put("/me/consents", json=decision, headers=headers)
    assert second.json() == first.json()
    by_pair = {(c["channel"], c["purpose"]): c for c in second.json()}
    assert by_pair["push", "service"]["granted"] is True
    assert by_pair["push", "service"]["granted_at"] is not None
    assert by_pair["email", "marketing"]["granted"] is False
    withdrawn = client.put(
        "/me/consents",
        json=[{"channel": "push", "purpose": "service", "granted": False}],
        headers=headers,
    ).json()
    push = next(c for c in withdrawn if (c["channel"], c["purpose"]) == ("push", "service"))
    assert push["granted"] is False and push["withdrawn_at"] is not None
    bad = client.put(
        "/me/consents",
        json=[{"channel": "fax", "purpose": "service", "granted": True}],
        headers=headers,
    )
    assert bad.status_code == 422


# Devices


def test_devices(
    client: TestClient, session: Session, settings: Settings, headers: Headers
) -> None:
    token = f"push-{unique_phone()}"
    created = client.post(
        "/me/devices", json={"platform": "android", "push_token": token}, headers=headers
    )
    assert created.status_code == 201
    assert "push_token" not in created.json() and created.json()["has_push_token"]
    refreshed = client.post(
        "/me/devices",
        json={"platform": "android", "push_token": token, "label": "Pixel"},
        headers=headers,
    )
    assert (refreshed.status_code, refreshed.json()["id"]) == (200, created.json()["id"])
    assert [d["label"] for d in client.get("/me/devices", headers=headers).json()] == ["Pixel"]
    assert client.get("/me", headers=headers).json()["devices"] == {
        "count": 1,
        "platforms": {"android": 1},
    }

    # The phone is sold: the token now belongs to the buyer's household.
    buyer = customer_headers(settings, make_household(session))
    moved = client.post(
        "/me/devices", json={"platform": "android", "push_token": token}, headers=buyer
    )
    assert (moved.status_code, moved.json()["id"]) == (200, created.json()["id"])
    assert client.get("/me/devices", headers=headers).json() == []
    assert client.delete(f"/me/devices/{moved.json()['id']}", headers=buyer).status_code == 204
    assert client.get("/me/devices", headers=buyer).json() == []


# Addresses


def test_addresses(client: TestClient, headers: Headers) -> None:
    body = {"kind": "school", "label": "École", "lat": 48.85, "lon": 2.35, "city": "Paris"}
    created = client.post("/me/addresses", json=body, headers=headers)
    assert created.status_code == 201
    assert {k: created.json()[k] for k in body} == body
    listed = client.get("/me/addresses", headers=headers).json()
    assert [a["id"] for a in listed] == [created.json()["id"]]
    assert client.delete(f"/me/addresses/{listed[0]['id']}", headers=headers).status_code == 204
    assert client.get("/me/addresses", headers=headers).json() == []


@pytest.mark.parametrize(
    "change", [{"lat": 90.5}, {"lon": -181}, {"kind": "castle"}, {"lat": "north"}]
)
def test_invalid_addresses(client: TestClient, headers: Headers, change: dict[str, Any]) -> None:
    body = {"kind": "home", "lat": 48.85, "lon": 2.35, **change}
    response = client.post("/me/addresses", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


# Isolation: household A can never read, change or delete household B's rows.

RowFactory = Callable[[Session, Household], Any]


def _member(session: Session, household: Household) -> Member:
    return make_member(session, household, first_name="B's member")


@pytest.mark.parametrize(
    ("method", "path", "body", "factory", "code"),
    [
        ("GET", "/me/members/{id}", None, _member, "member_not_found"),
        ("PATCH", "/me/members/{id}", {"first_name": "Hacked"}, _member, "member_not_found"),
        ("DELETE", "/me/members/{id}", None, _member, "member_not_found"),
        ("DELETE", "/me/pets/{id}", None, make_pet, "pet_not_found"),
        ("DELETE", "/me/preferences/{id}", None, make_preference, "preference_not_found"),
        ("DELETE", "/me/devices/{id}", None, make_device, "device_not_found"),
        ("DELETE", "/me/addresses/{id}", None, make_address, "address_not_found"),
    ],
)
def test_a_household_cannot_touch_another_households_rows(
    client: TestClient,
    session: Session,
    settings: Settings,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    factory: RowFactory,
    code: str,
) -> None:
    a, b = make_household(session), make_household(session)
    row = factory(session, b)
    session.commit()
    before = row.model_dump()
    response = client.request(
        method, path.format(id=row.id), json=body, headers=customer_headers(settings, a)
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == code
    session.expire_all()
    after = session.get(type(row), row.id)
    assert after is not None and after.model_dump() == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/me/preferences", {"kind": "diet", "value": "x", "member_id": "B"}),
        ("/me/devices", {"platform": "ios", "member_id": "B"}),
        ("/me/addresses", {"kind": "home", "lat": 1, "lon": 1, "member_id": "B"}),
    ],
)
def test_bodies_cannot_name_another_households_member(
    client: TestClient, session: Session, settings: Settings, path: str, body: dict[str, Any]
) -> None:
    a, b = make_household(session), make_household(session)
    b_member = make_member(session, b)
    response = client.post(
        path, json={**body, "member_id": b_member.id}, headers=customer_headers(settings, a)
    )
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_member")


@pytest.mark.parametrize(
    "path",
    [
        "/me",
        "/me/members",
        "/me/pets",
        "/me/preferences",
        "/me/consents",
        "/me/devices",
        "/me/addresses",
    ],
)
def test_lists_show_only_ones_own_rows(
    client: TestClient, session: Session, settings: Settings, path: str
) -> None:
    a, b = make_household(session), make_household(session)
    for factory in (_member, make_pet, make_preference, make_device, make_address):
        factory(session, b)
    body = client.get(path, headers=customer_headers(settings, a)).json()
    if path == "/me":
        assert body["id"] == a.id
        assert body["members"] == body["pets"] == body["preferences"] == body["addresses"] == []
        assert body["devices"]["count"] == 0
    elif path == "/me/consents":
        assert not any(c["granted"] for c in body)
    else:
        assert body == []

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from assistant.auth.service import issue_customer_token
from assistant.catalog.models import Store
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.history.cursors import encode_cursor
from assistant.history.service import ingest_receipt
from tests.assistant.history.factories import (
    make_api_key,
    make_household,
    make_product,
    make_store,
    national_form,
    random_ean,
    random_mobile,
    receipt_create,
    receipt_payload,
    unique,
)
from tests.clock import NOW

T0 = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(session: Session) -> Store:
    return make_store(session)


@pytest.fixture
def till_key(session: Session) -> str:
    return make_api_key(session, scopes=["receipts:write"])


def post(client: TestClient, key: str, payload: dict[str, Any]) -> Response:
    return client.post("/receipts", json=payload, headers={"X-API-Key": key})


def bearer(settings: Settings, household: Household) -> dict[str, str]:
    token = issue_customer_token(settings=settings, household=household, now=NOW)
    return {"Authorization": f"Bearer {token}"}


def customer(session: Session) -> tuple[Household, str]:
    card = unique("CARD")
    return make_household(session, loyalty_card=card), card


def seed_receipts(
    session: Session, *, store: Store, card: str, count: int, **kwargs: Any
) -> list[int]:
    ids = []
    for n in range(count):
        # Five receipts share each timestamp, so paging must break ties on the id.
        at = T0 + dt.timedelta(hours=n // 5)
        data = receipt_create(store_code=store.code, loyalty_card=card, purchased_at=at, **kwargs)
        receipt, _ = ingest_receipt(session=session, data=data, now=NOW)
        assert receipt.id is not None
        ids.append(receipt.id)
    return ids


def test_create_then_replay(client: TestClient, store: Store, till_key: str) -> None:
    payload = receipt_payload(store_code=store.code)

    first = post(client, till_key, payload)
    replay = post(client, till_key, payload)

    assert first.status_code == 201, first.text
    assert "Idempotent-Replay" not in first.headers
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replay"] == "true"
    assert replay.json() == first.json()
    body = first.json()
    assert body["receipt_id"] == payload["receipt_id"]
    assert body["store_code"] == store.code
    assert body["total_cents"] == 210 + 324
    assert body["claimed"] is False
    assert [line["amount_cents"] for line in body["lines"]] == [210, 324]


def test_same_id_other_content_conflicts(client: TestClient, store: Store, till_key: str) -> None:
    payload = receipt_payload(store_code=store.code)
    assert post(client, till_key, payload).status_code == 201
    payload["lines"] = [{"label": "Autre", "quantity": 1, "unit_price_cents": 100}]

    response = post(client, till_key, payload)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "receipt_conflict"


def _bad_ean(payload: dict[str, Any]) -> None:
    ean = random_ean()
    payload["lines"][0]["ean"] = ean[:12] + str((int(ean[12]) + 1) % 10)


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda p: p.update(store_code="NO-SUCH-STORE"), "unknown_store"),
        (lambda p: p.update(purchased_at="2024-05-17T10:30:00"), "validation_error"),
        (_bad_ean, "validation_error"),
        (lambda p: p.update(total_cents=1), "total_mismatch"),
        (lambda p: p.update(phone="06 12"), "invalid_phone"),
        (lambda p: p.update(loyalty_card="CARD-1"), "validation_error"),
        (lambda p: p.update(lines=[]), "validation_error"),
        (lambda p: p["lines"][0].update(label="Lait\x00"), "validation_error"),
        (lambda p: p.update(receipt_id="R\x001"), "validation_error"),
    ],
    ids=[
        "unknown_store",
        "naive_datetime",
        "bad_ean",
        "total_mismatch",
        "bad_phone",
        "phone_and_card",
        "no_lines",
        "nul_in_label",
        "nul_in_id",
    ],
)
def test_invalid_receipts_are_refused(
    client: TestClient,
    store: Store,
    till_key: str,
    mutate: Callable[[dict[str, Any]], None],
    code: str,
) -> None:
    payload = receipt_payload(store_code=store.code)
    mutate(payload)

    response = post(client, till_key, payload)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    ("scopes", "send_key", "status", "code"),
    [
        (["receipts:write"], False, 401, "api_key_required"),
        (["catalog:read"], True, 403, "insufficient_scope"),
    ],
)
def test_posting_needs_a_key_with_the_scope(
    client: TestClient,
    session: Session,
    store: Store,
    scopes: list[str],
    send_key: bool,
    status: int,
    code: str,
) -> None:
    key = make_api_key(session, scopes=scopes)
    headers = {"X-API-Key": key} if send_key else {}

    payload = receipt_payload(store_code=store.code)

    response = client.post("/receipts", json=payload, headers=headers)

    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_total_and_known_product_are_accepted(
    client: TestClient, session: Session, store: Store, till_key: str
) -> None:
    product = make_product(session)
    lines = [{"ean": product.ean, "label": "Yaourt", "quantity": 3, "unit_price_cents": 99}]
    payload = receipt_payload(store_code=store.code, lines=lines, total_cents=297)

    response = post(client, till_key, payload)

    assert response.status_code == 201, response.text
    assert response.json()["lines"][0]["product_id"] == product.id


def test_a_phone_receipt_reaches_the_household(
    client: TestClient, session: Session, settings: Settings, store: Store, till_key: str
) -> None:
    household = make_household(session, phone=random_mobile())
    assert household.phone is not None
    payload = receipt_payload(store_code=store.code, phone=national_form(household.phone))

    created = post(client, till_key, payload)
    listing = client.get("/me/receipts", headers=bearer(settings, household))

    assert created.json()["claimed"] is True
    assert [item["id"] for item in listing.json()["items"]] == [created.json()["id"]]


def test_paging_walks_every_receipt_once(
    client: TestClient, session: Session, settings: Settings, store: Store
) -> None:
    household, card = customer(session)
    ids = seed_receipts(session, store=store, card=card, count=25)
    seen: list[dict[str, Any]] = []
    sizes = []
    cursor: str | None = None

    while True:
        params: dict[str, Any] = {"limit": 10}
        if cursor is not None:
            params["cursor"] = cursor
        response = client.get("/me/receipts", params=params, headers=bearer(settings, household))
        assert response.status_code == 200, response.text
        page = response.json()
        sizes.append(len(page["items"]))
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert sizes == [10, 10, 5]
    assert sorted(item["id"] for item in seen) == sorted(ids)
    keys = [(item["purchased_at"], item["id"]) for item in seen]
    assert keys == sorted(keys, reverse=True)
    assert all(item["line_count"] == 2 for item in seen)


def test_receipt_filters(
    client: TestClient, session: Session, settings: Settings, store: Store
) -> None:
    household, card = customer(session)
    other_store = make_store(session)
    seed_receipts(session, store=store, card=card, count=10)
    elsewhere = receipt_create(
        store_code=other_store.code, loyalty_card=card, purchased_at=T0 + dt.timedelta(days=1)
    )
    ingest_receipt(session=session, data=elsewhere, now=NOW)

    def count(**params: str) -> int:
        response = client.get("/me/receipts", params=params, headers=bearer(settings, household))
        assert response.status_code == 200, response.text
        return len(response.json()["items"])

    assert count() == 11
    assert count(store_code=other_store.code) == 1
    assert count(since=(T0 + dt.timedelta(hours=1)).isoformat()) == 6
    assert count(until=(T0 + dt.timedelta(hours=1)).isoformat()) == 5
    assert count(store_code="NO-SUCH-STORE") == 0


def test_receipt_detail_has_lines(
    client: TestClient, session: Session, settings: Settings, store: Store
) -> None:
    household, card = customer(session)
    [receipt_id] = seed_receipts(session, store=store, card=card, count=1)

    response = client.get(f"/me/receipts/{receipt_id}", headers=bearer(settings, household))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == receipt_id
    assert [line["label"] for line in body["lines"]] == ["Lait demi-écrémé", "Pommes"]


def test_households_never_see_each_other(
    client: TestClient, session: Session, settings: Settings, store: Store
) -> None:
    alice, alice_card = customer(session)
    _bob, bob_card = customer(session)
    alice_ids = seed_receipts(session, store=store, card=alice_card, count=3)
    [bob_receipt] = seed_receipts(session, store=store, card=bob_card, count=1)
    as_alice = bearer(settings, alice)

    listing = client.get("/me/receipts", headers=as_alice).json()
    purchases = client.get("/me/purchases", headers=as_alice).json()
    bobs = client.get(f"/me/receipts/{bob_receipt}", headers=as_alice)
    unknown = client.get(f"/me/receipts/{bob_receipt + 1000}", headers=as_alice)

    assert sorted(item["id"] for item in listing["items"]) == sorted(alice_ids)
    assert {item["receipt_id"] for item in purchases["items"]} == set(alice_ids)
    assert bobs.status_code == unknown.status_code == 404
    assert bobs.json() == unknown.json()
    assert bobs.json()["error"]["code"] == "receipt_not_found"


MALFORMED_CURSORS = [
    *[
        (path, cursor)
        for path in ("/me/receipts", "/me/purchases")
        for cursor in ("not-a-cursor", "eyJhIjoxfQ", "")
    ],
    # A valid cursor of the other listing.
    ("/me/receipts", encode_cursor(kind="p", at=T0, row_id=1)),
    ("/me/purchases", encode_cursor(kind="r", at=T0, row_id=1)),
]


@pytest.mark.parametrize(("path", "cursor"), MALFORMED_CURSORS)
def test_malformed_cursor(
    client: TestClient, session: Session, settings: Settings, path: str, cursor: str
) -> None:
    household, _ = customer(session)

    response = client.get(path, params={"cursor": cursor}, headers=bearer(settings, household))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "limit_for", [lambda _settings: 0, lambda settings: settings.page_size_max + 1]
)
def test_limit_is_bounded(
    client: TestClient,
    session: Session,
    settings: Settings,
    limit_for: Callable[[Settings], int],
) -> None:
    household, _ = customer(session)

    response = client.get(
        "/me/receipts", params={"limit": limit_for(settings)}, headers=bearer(settings, household)
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("path", ["/me/receipts", "/me/receipts/1", "/me/purchases"])
def test_history_needs_a_customer_token(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 401


def test_purchases_page_and_filter(
    client: TestClient, session: Session, settings: Settings, store: Store
) -> None:
    household, card = customer(session)
    cheese = make_product(session, category="cheese")
    lines = [
        {"ean": cheese.ean, "label": "Comté", "quantity": 1, "unit_price_cents": 450},
        {"label": "Baguette", "quantity": 2, "unit_price_cents": 110},
    ]
    seed_receipts(session, store=store, card=card, count=7, lines=lines)
    headers = bearer(settings, household)
    seen: list[int] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 4}
        if cursor is not None:
            params["cursor"] = cursor
        page = client.get("/me/purchases", params=params, headers=headers).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    by_category = client.get("/me/purchases", params={"category": "cheese"}, headers=headers)
    by_product = client.get("/me/purchases", params={"product_id": cheese.id}, headers=headers)

    assert len(seen) == len(set(seen)) == 14
    cheeses = by_category.json()["items"]
    assert [item["label"] for item in cheeses] == ["Comté"] * 7
    assert {(item["category"], item["store_code"]) for item in cheeses} == {("cheese", store.code)}
    assert by_product.json()["items"] == cheeses

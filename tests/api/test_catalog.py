"""Catalog reads: open to a customer token or a `catalog:read` key, and to nobody else."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from tests.factories import (
    api_key_headers,
    customer_headers,
    make_household,
    make_product,
    make_stock,
    make_store,
    unique_card,
)

Headers = dict[str, str]


@pytest.fixture(params=["customer", "api_key"])
def headers(request: pytest.FixtureRequest, session: Session, settings: Settings) -> Headers:
    if request.param == "customer":
        return customer_headers(settings, make_household(session))
    return api_key_headers(session, ["catalog:read"])


def test_stores_nearest_first(client: TestClient, session: Session, headers: Headers) -> None:
    far = make_store(session, lat=43.3, lon=5.37)  # Marseille
    near = make_store(session, lat=48.86, lon=2.34)  # Paris
    response = client.get(
        "/stores", params={"near": "48.8566,2.3522", "limit": 200}, headers=headers
    )
    assert response.status_code == 200
    ids = [s["id"] for s in response.json() if s["id"] in {far.id, near.id}]
    assert ids == [near.id, far.id]
    distances = [s["distance_m"] for s in response.json()]
    assert distances == sorted(distances)
    one = client.get("/stores", params={"near": "48.8566,2.3522", "limit": 1}, headers=headers)
    assert len(one.json()) == 1


def test_stores_without_near_have_no_distance(
    client: TestClient, session: Session, headers: Headers
) -> None:
    store = make_store(session)
    stores = client.get("/stores", params={"limit": 200}, headers=headers).json()
    mine = next(s for s in stores if s["id"] == store.id)
    assert mine["distance_m"] is None
    assert mine["opening_hours"] == {"mon": [["08:30", "21:00"]]}


@pytest.mark.parametrize("params", [{"near": "paris"}, {"near": "95,2"}, {"limit": 0}])
def test_store_query_errors(client: TestClient, headers: Headers, params: dict) -> None:
    response = client.get("/stores", params=params, headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (422, "validation_error")


def test_read_store(client: TestClient, session: Session, headers: Headers) -> None:
    store = make_store(session, name="Carchan Montparnasse")
    response = client.get(f"/stores/{store.id}", headers=headers)
    assert (response.status_code, response.json()["name"]) == (200, "Carchan Montparnasse")
    missing = client.get("/stores/999999999", headers=headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "store_not_found")


def test_search_products(client: TestClient, session: Session, headers: Headers) -> None:
    tag = f"Kwyj{unique_card()}"
    by_fr = make_product(session, name_fr=f"Confiture {tag}", department=f"d-{tag}", category="jam")
    by_en = make_product(
        session, name_en=f"{tag.upper()} honey", department=f"d-{tag}", category="honey"
    )
    page = client.get("/products", params={"q": tag.lower()}, headers=headers).json()
    assert [p["ean"] for p in page["items"]] == [by_fr.ean, by_en.ean]
    filtered = client.get(
        "/products", params={"department": f"d-{tag}", "category": "honey"}, headers=headers
    ).json()
    assert [p["ean"] for p in filtered["items"]] == [by_en.ean]

    first = client.get("/products", params={"q": tag, "limit": 1}, headers=headers).json()
    assert [p["ean"] for p in first["items"]] == [by_fr.ean]
    second = client.get(
        "/products",
        params={"q": tag, "limit": 1, "cursor": first["next_cursor"]},
        headers=headers,
    ).json()
    assert ([p["ean"] for p in second["items"]], second["next_cursor"]) == ([by_en.ean], None)


def test_product_by_ean(client: TestClient, session: Session, headers: Headers) -> None:
    product = make_product(session, allergens=["gluten"])
    response = client.get(f"/products/{product.ean}", headers=headers)
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["allergens"]) == (product.id, ["gluten"])
    missing = client.get("/products/0000000000000", headers=headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "product_not_found")
    bad = client.get("/products", params={"cursor": "!!"}, headers=headers)
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_cursor")


@pytest.mark.parametrize(("quantity", "in_stock"), [(7, True), (0, False), (None, False)])
def test_stock(
    client: TestClient, session: Session, headers: Headers, quantity: int | None, in_stock: bool
) -> None:
    store, product = make_store(session), make_product(session)
    if quantity is not None:
        make_stock(session, store, product, quantity)
    response = client.get(f"/stores/{store.id}/stock/{product.ean}", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["quantity"], body["in_stock"]) == (quantity or 0, in_stock)
    assert (body["store_id"], body["ean"]) == (store.id, product.ean)


@pytest.mark.parametrize(
    ("credentials", "status", "code"),
    [
        ("none", 401, "not_authenticated"),
        ("wrong_scope", 403, "insufficient_scope"),
        ("bad_key", 401, "invalid_api_key"),
        ("bad_token", 401, "invalid_token"),
    ],
)
def test_catalog_needs_a_customer_or_a_catalog_key(
    client: TestClient, session: Session, credentials: str, status: int, code: str
) -> None:
    headers = {
        "none": {},
        "wrong_scope": api_key_headers(session, ["receipts:write"]),
        "bad_key": {"X-API-Key": "ck_nope_nope"},
        "bad_token": {"Authorization": "Bearer not.a.token"},
    }[credentials]
    response = client.get("/stores", headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)

"""GET /me/offers and GET /me/offers/{id}/why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from assistant.config import Settings
from tests.assistant.offers.helpers import buy, make_coupon
from tests.clock import NOW
from tests.factories import (
    customer_headers,
    make_api_key,
    make_household,
    make_member,
    make_pet,
    make_product,
    make_store,
)


def _today() -> dt.date:
    return NOW.date()


def _window() -> dict[str, Any]:
    return {
        "valid_from": _today() - dt.timedelta(days=2),
        "valid_to": _today() + dt.timedelta(days=5),
    }


def test_ranked_offers_with_explanation_and_why(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, lang="fr", timezone="UTC")
    make_member(session, household, birth_date=dt.date(1980, 1, 1))
    make_pet(session, household, species="cat")
    store = make_store(session)
    coffee = make_product(session, category="cafe", department="epicerie")
    cat_food = make_product(session, pet_species="cat", category="croquettes-chat")
    dog_food = make_product(session, pet_species="dog", category="croquettes-chien")
    for days in (20, 6):
        buy(session, household, store, _today() - dt.timedelta(days=days), coffee)
    c_coffee = make_coupon(session, "CAFE", coffee, **_window())
    c_cat = make_coupon(session, "CHAT", cat_food, **_window())
    c_dog = make_coupon(session, "CHIEN", dog_food, **_window())
    headers = customer_headers(settings, household)

    body = client.get("/me/offers", headers=headers).json()
    assert body["personalised"] is True
    assert [o["coupon_id"] for o in body["offers"]] == [c_coffee.id, c_cat.id]
    first = body["offers"][0]
    assert first["generic"] is False and first["source"] == "habit"
    assert first["explanation"].startswith("Vous avez acheté ce produit 2 fois")
    assert first["why"][0] == {"kind": "product", "value": "", "purchases": 2, "days_ago": 6}

    english = client.get(f"/me/offers/{c_cat.id}/why?lang=en", headers=headers)
    assert english.status_code == 200
    assert english.json()["explanation"] == "For your cat."
    assert english.json()["description"] == "Discount CHAT"

    refused = client.get(f"/me/offers/{c_dog.id}/why", headers=headers)
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "offer_not_found"


def test_generic_offer_is_flagged(client: TestClient, session: Session, settings: Settings) -> None:
    household = make_household(session, lang="en", timezone="UTC")
    generic = make_coupon(session, "GEN", is_generic=True, **_window())
    body = client.get("/me/offers", headers=customer_headers(settings, household)).json()
    assert body["personalised"] is False
    (offer,) = body["offers"]
    assert offer["coupon_id"] == generic.id and offer["generic"] is True
    assert offer["explanation"] == "An offer for every customer, not picked from your purchases."


@pytest.mark.parametrize(
    "url", ["/me/offers?lang=de", "/me/offers?limit=0", "/me/offers/0/why", "/me/offers/x/why"]
)
def test_bad_input_is_422_with_a_code(
    client: TestClient, session: Session, settings: Settings, url: str
) -> None:
    response = client.get(url, headers=customer_headers(settings, make_household(session)))
    assert response.status_code == 422
    assert response.json()["error"]["code"]


def test_offers_need_a_customer_token(client: TestClient) -> None:
    assert client.get("/me/offers").status_code == 401
    assert client.get("/me/offers/1/why").status_code == 401


def test_a_loaded_offer_applies_on_the_list_and_is_spent_once_at_the_till(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(
        session, lang="fr", timezone="Europe/Paris", loyalty_card="CARD-LOAD-1"
    )
    make_member(session, household, birth_date=dt.date(1980, 1, 1))
    store = make_store(session)
    coffee = make_product(session, category="cafe", department="epicerie", price_cents=500)
    buy(session, household, store, _today() - dt.timedelta(days=6), coffee)
    coupon = make_coupon(session, "CAFE", coffee, discount_kind="percent", discount_value=30,
                         **_window())  # fmt: skip
    headers = customer_headers(settings, household)
    offered = client.get("/me/offers", headers=headers).json()["offers"]
    assert [(o["coupon_id"], o["loaded"]) for o in offered] == [(coupon.id, False)]

    first = client.post(f"/me/offers/{coupon.id}/load", headers=headers)
    again = client.post(f"/me/offers/{coupon.id}/load", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200), first.text
    assert first.json()["loaded"] is True and first.json()["source"] == "clip"
    assert client.get("/me/offers", headers=headers).json()["offers"][0]["loaded"] is True

    client.post("/me/list/lines", json={"product_id": coffee.id, "quantity": 2}, headers=headers)
    listed = client.get("/me/list", headers=headers).json()
    assert (listed["total_cents"], listed["discount_cents"], listed["to_pay_cents"]) == (
        1000,
        300,
        700,
    )
    assert listed["lines"][0]["coupon"]["id"] == coupon.id and listed["coupons_applied"] == 1

    till = {"X-API-Key": make_api_key(session, ["receipts:write"])}
    line = {"label": "Café", "ean": coffee.ean, "quantity": 2, "unit_price_cents": 500,
            "discount_cents": 300}  # fmt: skip
    receipt = {"receipt_id": "R-LOAD-1", "store_code": store.code, "loyalty_card": "CARD-LOAD-1",
               "purchased_at": NOW.isoformat(), "lines": [line]}  # fmt: skip
    assert client.post("/receipts", json=receipt, headers=till).status_code == 201
    assert client.post("/receipts", json=receipt, headers=till).status_code == 200
    spent = client.post(f"/me/offers/{coupon.id}/load", headers=headers)
    assert (spent.status_code, spent.json()["error"]["code"]) == (409, "coupon_spent")
    relisted = client.get("/me/list", headers=headers).json()
    assert relisted["discount_cents"] == 0


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("post", "/me/offers/999999/load", 404, "offer_not_found"),
        ("post", "/me/offers/0/load", 422, "validation_error"),
        ("delete", "/me/offers/abc/load", 422, "validation_error"),
    ],
)
def test_loading_bad_offers_is_refused_with_a_code(
    client: TestClient, session: Session, settings: Settings, method: str, path: str, status: int,
    code: str,
) -> None:  # fmt: skip
    headers = customer_headers(settings, make_household(session))
    response = client.request(method, path, headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


def test_an_offer_can_be_taken_off_the_card(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session, timezone="UTC")
    make_member(session, household, birth_date=dt.date(1980, 1, 1))
    coffee = make_product(session, category="cafe", department="epicerie")
    buy(session, household, make_store(session), _today() - dt.timedelta(days=3), coffee)
    coupon = make_coupon(session, "CAFE", coffee, discount_value=10, **_window())
    headers = customer_headers(settings, household)
    assert client.post(f"/me/offers/{coupon.id}/load", headers=headers).status_code == 201
    assert client.delete(f"/me/offers/{coupon.id}/load", headers=headers).status_code == 204
    assert client.delete(f"/me/offers/{coupon.id}/load", headers=headers).status_code == 204
    assert client.get("/me/offers", headers=headers).json()["offers"][0]["loaded"] is False

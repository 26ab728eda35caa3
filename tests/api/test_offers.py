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

"""Entry offers through team F's `best_offer_at_store` and team N's outbox, once per visit."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from assistant.config import Settings
from assistant.notify.models import OutboxMessage
from assistant.offers import service as offers
from assistant.offers.models import Campaign, Coupon, CouponAssignment
from geofences.models import Visit
from geofences.triggers import dwell_text
from tests.clock import NOW, TODAY
from tests.factories import customer_headers, make_household, make_product, make_stock
from tests.geofences.helpers import (
    ALL_CONSENTS,
    STORE_LAT,
    STORE_LON,
    grant,
    make_order,
    montparnasse,
)


def at_store(minutes_ago: float, lat: float = STORE_LAT) -> dict[str, object]:
    when = NOW - dt.timedelta(minutes=minutes_ago)
    return {"lat": lat, "lon": STORE_LON, "accuracy_m": 8, "recorded_at": when.isoformat()}


def offers_sent(session: Session, household_id: int) -> list[OutboxMessage]:
    return list(
        session.exec(
            select(OutboxMessage).where(
                OutboxMessage.household_id == household_id,
                OutboxMessage.kind == "store_entry_offer",
            )
        ).all()
    )


def test_entering_pushes_the_one_offer_that_matters_once_per_visit(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    grant(session, household, ALL_CONSENTS)
    store = montparnasse(session)
    product = make_product(session, name_fr="Café moulu", name_en="Ground coffee")
    make_stock(session, store, product, 40)
    campaign = Campaign(code=f"TGT-{household.id}", name="Café", kind="targeted")
    session.add(campaign)
    session.flush()
    today = TODAY
    coupon = Coupon(
        campaign_id=campaign.id,
        valid_from=today - dt.timedelta(days=3),
        valid_to=today + dt.timedelta(days=10),
        code=f"CAFE-{household.id}",
        description_fr="-30 % sur le café moulu",
        description_en="30% off ground coffee",
        product_id=product.id,
        discount_kind="percent",
        discount_value=30,
    )
    session.add(coupon)
    session.flush()
    session.add(
        CouponAssignment(
            coupon_id=coupon.id or 0, household_id=household.id or 0, explanation="vous en achetez"
        )
    )
    session.flush()
    expected = offers.best_offer_at_store(
        session=session,
        household_id=household.id or 0,
        store_id=store.id or 0,
        now=NOW,
    )
    assert expected is not None and expected.explanation
    headers = customer_headers(settings, household)
    entered = client.post("/me/location/pings", json=[at_store(20)], headers=headers).json()
    assert [e["kind"] for e in entered["events"]] == ["entry"]
    # Away and back within the cooldown: the same visit, no second offer.
    client.post("/me/location/pings", json=[at_store(15, STORE_LAT + 0.02)], headers=headers)
    back = client.post("/me/location/pings", json=[at_store(10)], headers=headers).json()
    assert [e["kind"] for e in back["events"]] == ["resume"]
    (sent,) = offers_sent(session, household.id or 0)
    assert sent.channel == "push" and sent.purpose == "marketing"
    assert sent.explanation == expected.explanation
    assert sent.payload["coupon_id"] == expected.coupon.id


def test_no_offer_means_no_push(client: TestClient, session: Session, settings: Settings) -> None:
    household = make_household(session)
    grant(session, household, ALL_CONSENTS)
    store = montparnasse(session)
    assert (
        offers.best_offer_at_store(
            session=session,
            household_id=household.id or 0,
            store_id=store.id or 0,
            now=NOW,
        )
        is None
    )
    headers = customer_headers(settings, household)
    client.post("/me/location/pings", json=[at_store(5)], headers=headers)
    assert offers_sent(session, household.id or 0) == []


def test_dwell_text_in_both_languages() -> None:
    assert dwell_text(store_name="Carchan X", lines=1, promoted=0, lang="fr") == (
        "Vous êtes à Carchan X : votre liste compte 1 article."
    )
    assert dwell_text(store_name="Carchan X", lines=12, promoted=3, lang="en") == (
        "You are at Carchan X: your list has 12 items, 3 of them on promotion here."
    )


def test_a_pickup_visit_with_an_empty_list_speaks_of_the_order() -> None:
    # The list became the order: "your list is empty" would be wrong ten minutes in.
    assert dwell_text(store_name="Carchan X", lines=0, promoted=0, lang="fr", pickup="n° 7") == (
        "Vous êtes à Carchan X : votre commande n° 7 vous est apportée à votre voiture. "
        "Besoin d'autre chose ?"
    )
    assert dwell_text(store_name="Carchan X", lines=0, promoted=0, lang="en").endswith(
        "your shopping list is empty. Shall I help you fill it?"
    )


@pytest.mark.parametrize(("status", "brought"), [("ready", True), ("placed", False)])
def test_staff_bring_to_the_car_only_an_order_that_is_ready(
    client: TestClient, session: Session, settings: Settings, status: str, brought: bool
) -> None:
    household = make_household(session, lang="fr")
    grant(session, household, ALL_CONSENTS)
    store = montparnasse(session)
    order = make_order(session, household, store, status)
    headers = customer_headers(settings, household)
    client.post("/me/location/pings", json=[at_store(6), at_store(5)], headers=headers)
    visit = session.exec(select(Visit).where(Visit.household_id == household.id)).one()
    assert visit.order_ids == [order.id] and visit.bring_to_car is brought
    (push,) = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == household.id,
                                    OutboxMessage.kind == "pickup_arrival")
    ).all()  # fmt: skip
    said = "nous apportons votre commande" if brought else "est en préparation"
    assert said in push.body

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from sqlmodel import Session, select

from actions.history import ReceiptShow
from actions.privacy import DataRequest, NotificationsStop
from actions.stores import ProductAvailability, StoreInfo
from assistant.catalog.models import Store
from assistant.customers.models import Consent, Household
from assistant.history.models import Receipt, ReceiptLine
from tests.actions.conftest import (
    NOW,
    TODAY,
    cards_of,
    make_tracker,
    run_action,
    text_of,
    told,
)
from tests.clock import local, on_weekday
from tests.factories import make_household, make_product, make_stock, make_store

HOURS = {"mon": [["08:30", "21:00"]], "tue": [["09:00", "20:00"]], "sun": []}


def _day(day: dt.date) -> str:
    """ "dimanche 13 décembre", as the catalogue writes a date."""
    return format_date(day, "EEEE d MMMM", locale="fr_FR")


@pytest.fixture
def store(session: Session) -> Store:
    return make_store(
        session,
        code="TST-ALESIA",
        name="Carchan Alésia (test)",
        street="1 rue test",
        postcode="75014",
        city="Paris",
        opening_hours=HOURS,
        services=["drive", "fuel"],
    )


def test_store_info_of_the_preferred_store_today_and_on_sunday(
    bound: Session, store: Store
) -> None:
    household = make_household(bound, preferred_store_id=store.id)
    messages = run_action(bound, StoreInfo(), make_tracker(household.id, date="dimanche"))[0]
    sunday = on_weekday(TODAY, 6)
    assert [msg_id for msg_id, _ in told(messages)] == [
        "stores.address", "stores.today", "stores.on_day_closed", "stores.services",
    ]  # fmt: skip
    assert told(messages)[1][1] == {"day": TODAY.isoformat(), "hours": ["de 09:00 à 20:00"]}
    assert text_of(messages) == (
        "Carchan Alésia (test), 1 rue test, 75014 Paris. Aujourd'hui (mardi) : de 09:00 à 20:00. "
        f"Le {_day(sunday)} : fermé. "
        "Services : drive et station-service."
    )


def test_store_info_of_a_named_store_in_english(bound: Session, store: Store) -> None:
    household = make_household(bound)
    text = text_of(
        run_action(bound, StoreInfo(), make_tracker(household.id, "en", store="alesia"))[0]
    )
    assert "Today (Tuesday): 9:00\xa0am to 8:00\xa0pm." in text
    assert "Services: click & collect and fuel station." in text


def test_availability_and_a_substitute_when_out_of_stock(bound: Session, store: Store) -> None:
    household = make_household(bound, preferred_store_id=store.id)
    rice = make_product(
        bound,
        name_fr="Riz basmati test",
        name_en="Basmati rice test",
        category="riz-test",
        price_cents=250,
    )
    other = make_product(
        bound,
        name_fr="Riz thaï test",
        name_en="Thai rice test",
        category="riz-test",
        price_cents=260,
    )
    far = make_product(
        bound,
        name_fr="Riz rond test",
        name_en="Pudding rice test",
        category="riz-test",
        price_cents=900,
    )
    make_stock(bound, store, rice, 0)
    make_stock(bound, store, other, 12)
    make_stock(bound, store, far, 5)
    text = text_of(
        run_action(bound, ProductAvailability(), make_tracker(household.id, product="riz basmati"))[
            0
        ]
    )
    assert text == (
        "Riz basmati test n'est pas disponible à Carchan Alésia (test). "
        "Je vous propose à la place : Riz thaï test."
    )
    text = text_of(
        run_action(
            bound, ProductAvailability(), make_tracker(household.id, "en", product="thai rice")
        )[0]
    )
    assert text == "Yes, Thai rice test is in stock at Carchan Alésia (test) (12 on the shelf)."


def _receipt(
    session: Session,
    household: Household,
    store: Store,
    at: dt.datetime,
    lines: list[tuple[str, int]],
) -> Receipt:
    receipt = Receipt(
        receipt_uid=f"t-{household.id}-{at.isoformat()}",
        household_id=household.id,
        store_id=store.id,
        purchased_at=at,
        total_cents=sum(a for _, a in lines),
    )
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    session.add_all(
        ReceiptLine(receipt_id=receipt.id, line_no=n, label=label, amount_cents=amount)
        for n, (label, amount) in enumerate(lines, 1)
    )
    session.flush()
    return receipt


def test_receipt_show_last_or_by_date(bound: Session, store: Store) -> None:
    household = make_household(bound)
    older_day = TODAY - dt.timedelta(days=4)
    older = local(older_day, "17:05")
    yesterday = TODAY - dt.timedelta(days=1)
    quiet = TODAY - dt.timedelta(days=3)
    _receipt(bound, household, store, older, [("Pain", 120), ("Lait", 95)])
    _receipt(
        bound,
        household,
        store,
        NOW - dt.timedelta(days=1),
        [("Sel", 50), ("Café", 450), ("Beurre", 230), ("Pâtes", 110)],
    )
    messages = run_action(bound, ReceiptShow(), make_tracker(household.id))[0]
    assert told(messages)[0] == ("chat.receipt.shown", {
        "when": (NOW - dt.timedelta(days=1)).isoformat(), "total": {"cents": 840}, "count": 4,
        "store": "Carchan Alésia (test)"})  # fmt: skip
    assert text_of(messages) == (
        f"Ticket de Carchan Alésia (test) du {_day(yesterday)} à 10:00 : 8,40\xa0€, 4 lignes. "
        "Principaux achats : Café, Beurre et Pâtes."
    )
    [card] = cards_of(messages)
    assert (card["kind"], card["price"]) == ("receipt", "8,40\xa0€")
    assert card["lines"] == ["Café : 4,50\xa0€", "Beurre : 2,30\xa0€", "Pâtes : 1,10\xa0€",
                             "Sel : 0,50\xa0€"]  # fmt: skip
    text = text_of(
        run_action(
            bound, ReceiptShow(), make_tracker(household.id, "en", date=older_day.isoformat())
        )[0]
    )
    assert text.startswith("Receipt from Carchan Alésia (test) of ")
    assert " at 5:05\xa0pm: €2.15, 2 lines. Main items: Pain and Lait." in text
    messages = run_action(bound, ReceiptShow(), make_tracker(household.id, date=quiet.isoformat()))[
        0
    ]
    assert told(messages) == [("chat.receipt.none_on", {"day": quiet.isoformat()})]


def test_notifications_stop_withdraws_marketing_only(bound: Session) -> None:
    household = make_household(bound)
    granted = [
        ("push", "marketing"),
        ("email", "marketing"),
        ("push", "service"),
        ("sms", "marketing"),
    ]
    bound.add_all(
        Consent(
            household_id=household.id or 0,
            channel=channel,
            purpose=purpose,
            granted=True,
            granted_at=NOW,
        )
        for channel, purpose in granted
    )
    bound.flush()
    text = text_of(run_action(bound, NotificationsStop(), make_tracker(household.id))[0])
    assert text == (
        "C'est fait : plus de messages promotionnels par notifications push et e-mail. "
        "Les messages de service (commandes, retraits, réservations) continuent."
    )
    rows = bound.exec(select(Consent).where(Consent.household_id == household.id)).all()
    state = {
        (row.channel, row.purpose): (row.granted, row.withdrawn_at is not None) for row in rows
    }
    assert state[("push", "marketing")] == (False, True)
    assert state[("email", "marketing")] == (False, True)
    assert state[("in_app", "marketing")][0] is False
    assert state[("push", "service")] == (True, False)
    again = text_of(run_action(bound, NotificationsStop(), make_tracker(household.id, "en"))[0])
    assert again.startswith("You were not receiving any promotional message already.")


def test_data_request_explains_export_and_erasure_and_records_nothing(bound: Session) -> None:
    household = make_household(bound, name="Famille Test")
    before = bound.exec(select(Consent)).all()
    text = text_of(run_action(bound, DataRequest(), make_tracker(household.id, "en"))[0])
    assert "Famille Test" in text and "GET /me/export" in text and "erased" in text
    assert bound.exec(select(Consent)).all() == before
    assert TODAY.weekday() == 1

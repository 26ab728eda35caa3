"""The Zerty household matches the demo story."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Store
from assistant.customers.models import Address, Consent, Device, Member, Preference
from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS
from assistant.demo.people import age_years
from assistant.demo.points import points_for_receipt
from assistant.demo.stores_data import ZERTY_FUEL_STORE_CODE, ZERTY_HOME_STORE_CODE, haversine_m
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty, years_before
from assistant.history.models import Receipt, ReceiptLine
from assistant.loyalty.models import LoyaltyEntry
from assistant.orders.models import Order, OrderLine
from tests import clock
from tests.clock import on_weekday

TODAY = on_weekday(clock.TODAY, 2)  # a Wednesday, the first from the suite's day


@pytest.fixture
def zerty_id(session: Session) -> int:
    seed_world(session=session, today=TODAY)
    household = seed_zerty(session=session, today=TODAY)
    assert household.id is not None
    return household.id


def _purchase_dates(session: Session, household_id: int, key: str) -> list[dt.datetime]:
    return sorted(
        session.exec(
            select(Receipt.purchased_at)
            .join(ReceiptLine, col(ReceiptLine.receipt_id) == col(Receipt.id))
            .where(Receipt.household_id == household_id, ReceiptLine.ean == ZERTY_KEY_PRODUCTS[key])
        ).all()
    )


def test_household_identity(session: Session, zerty_id: int) -> None:
    household = seed_zerty(session=session, today=TODAY)
    store = session.get(Store, household.preferred_store_id)

    assert household.id == zerty_id
    assert (household.slug, household.name, household.lang) == ("zerty", "Famille Zerty", "fr")
    assert household.timezone == "Europe/Paris"
    assert household.briefing_time == dt.time(7, 0)
    assert household.phone == "+33612345678"
    assert household.loyalty_card
    assert store is not None and store.code == ZERTY_HOME_STORE_CODE


def test_members_and_preferences(session: Session, zerty_id: int) -> None:
    members = session.exec(select(Member).where(Member.household_id == zerty_id)).all()
    by_id = {member.id: member.first_name for member in members}
    preferences = session.exec(select(Preference).where(Preference.household_id == zerty_id))

    assert {
        member.first_name: (
            member.role,
            member.salutation,
            int(age_years(member.birth_date, TODAY)),
        )
        for member in members
        if member.birth_date is not None
    } == {
        "Anne": ("adult", "Mme", 42),
        "Marc": ("adult", "M.", 44),
        "Annabel": ("child", None, 10),
        "André": ("child", None, 8),
    }
    assert {
        (preference.kind, preference.value, by_id.get(preference.member_id))
        for preference in preferences
    } == {
        ("cuisine", "terroir", "Marc"),
        ("music", "jazz", "Anne"),
        ("film_director", "Luc Besson", "Anne"),
        ("wish", "ballon de football dédicacé", "André"),
        ("equipment", "autocuiseur", None),
    }


def test_addresses_device_and_consents(session: Session, zerty_id: int) -> None:
    addresses = {
        address.kind: address
        for address in session.exec(select(Address).where(Address.household_id == zerty_id))
    }
    home, school = addresses["home"], addresses["school"]
    store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()
    device = session.exec(select(Device).where(Device.household_id == zerty_id)).one()
    consents = {
        (consent.channel, consent.purpose): consent.granted
        for consent in session.exec(select(Consent).where(Consent.household_id == zerty_id))
    }

    assert home.postcode == "75014"
    assert haversine_m(home.lat, home.lon, store.lat, store.lon) < 1000
    # The sector's primary school, a walk away: the story leaves at 8:15 for 8:30.
    assert 200 < haversine_m(home.lat, home.lon, school.lat, school.lon) < 600
    work = session.exec(
        select(Address).where(Address.household_id == zerty_id, Address.kind == "work")
    ).all()
    assert len(work) == 2
    assert device.push_token
    for channel in ("push", "in_app", "speaker", "radio", "email"):
        assert consents[(channel, "service")] is True
    for channel in ("push", "in_app", "email"):
        assert consents[(channel, "marketing")] is True
    assert consents[("in_app", "personalisation")] and consents[("in_app", "location")]


def test_durables_history(session: Session, zerty_id: int) -> None:
    dvd = _purchase_dates(session, zerty_id, "dvd_player")
    cooker = _purchase_dates(session, zerty_id, "pressure_cooker")
    vacuum = _purchase_dates(session, zerty_id, "vacuum_cleaner")

    assert len(dvd) == 1 and dvd[0].date() < years_before(TODAY, 3)
    assert dvd[0].date() == years_before(TODAY, 3, months=2)
    assert len(cooker) == 1 and 5 * 365 <= (TODAY - cooker[0].date()).days < 6 * 365
    assert len(vacuum) == 1 and 700 <= (TODAY - vacuum[0].date()).days <= 760


def test_vacuum_bags_order_is_ready_at_her_store(session: Session, zerty_id: int) -> None:
    order = session.exec(select(Order).where(Order.household_id == zerty_id)).one()
    line = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).one()
    product = session.get(Product, line.product_id)
    store = session.get(Store, order.store_id)

    assert order.status == "ready"
    assert product is not None and product.ean == ZERTY_KEY_PRODUCTS["vacuum_bags"]
    assert store is not None and store.code == ZERTY_HOME_STORE_CODE
    assert order.placed_at is not None and 5 <= (TODAY - order.placed_at.date()).days <= 8


@pytest.mark.parametrize(("key", "low", "high"), [("coffee", 10, 20), ("sugar", 22, 45)])
def test_repeat_purchase_rhythms(
    session: Session, zerty_id: int, key: str, low: float, high: float
) -> None:
    dates = _purchase_dates(session, zerty_id, key)
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    assert len(dates) >= 6
    assert low <= statistics.median(gaps) <= high


def test_fuel_every_ten_days_at_the_fuel_store(session: Session, zerty_id: int) -> None:
    fuel_store = session.exec(select(Store).where(Store.code == ZERTY_FUEL_STORE_CODE)).one()
    fuel = session.exec(
        select(Receipt).where(Receipt.household_id == zerty_id, Receipt.kind == "fuel")
    ).all()
    dates = sorted(receipt.purchased_at for receipt in fuel)
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]

    assert {receipt.store_id for receipt in fuel} == {fuel_store.id}
    assert 8 <= statistics.median(gaps) <= 12
    assert _purchase_dates(session, zerty_id, "guinea_fowl")


def test_loyalty_balance_is_48_and_fuel_brings_ten(session: Session, zerty_id: int) -> None:
    balance = session.exec(
        select(sa.func.sum(LoyaltyEntry.points)).where(LoyaltyEntry.household_id == zerty_id)
    ).one()
    receipts = session.exec(select(sa.func.count()).where(Receipt.household_id == zerty_id)).one()
    earn = session.exec(
        select(sa.func.count()).where(
            LoyaltyEntry.household_id == zerty_id, LoyaltyEntry.kind == "earn"
        )
    ).one()

    assert balance == 48
    assert earn == receipts
    assert balance + points_for_receipt(5000, "fuel") == 58


@pytest.mark.parametrize(
    ("total", "kind", "points"),
    [
        (5000, "fuel", 10),
        (4999, "fuel", 9),
        (5000, "store", 5),
        (999, "store", 0),
        (-500, "store", 0),
    ],
)
def test_points_for_receipt(total: int, kind: str, points: int) -> None:
    assert points_for_receipt(total, kind) == points


def test_seed_zerty_is_idempotent(session: Session, zerty_id: int) -> None:
    before = session.exec(select(sa.func.count()).select_from(Receipt)).one()
    again = seed_zerty(session=session, today=TODAY)
    assert again.id == zerty_id
    assert session.exec(select(sa.func.count()).select_from(Receipt)).one() == before

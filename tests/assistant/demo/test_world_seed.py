"""The demo world loads completely, idempotently, and with dates relative to `today`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Stock, Store
from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS, build_catalog
from assistant.demo.stores_data import ZERTY_HOME_STORE_CODE, build_stores
from assistant.demo.world import SLOT_CAPACITY, SLOT_DAYS, seed_world
from assistant.demo.world_events import coming_saturday
from assistant.loyalty.models import Reward
from assistant.models import metadata
from assistant.offers.models import Coupon
from assistant.orders.models import PickupSlot
from assistant.outings.models import Event
from tests import clock
from tests.clock import on_weekday

TODAY = on_weekday(clock.TODAY, 2)  # a Wednesday, the first from the suite's day
PARIS = ZoneInfo("Europe/Paris")
TABLES = ("stores", "products", "stock", "pickup_slots", "events", "rewards", "coupons")


def _counts(session: Session) -> dict[str, int]:
    connection = session.connection()
    return {
        name: connection.execute(
            sa.select(sa.func.count()).select_from(metadata.tables[name])
        ).scalar_one()
        for name in TABLES
    }


def test_world_loads_everything_once(session: Session) -> None:
    first = seed_world(session=session, today=TODAY)
    counts = _counts(session)
    second = seed_world(session=session, today=TODAY)

    assert first["stores"] == len(build_stores())
    assert first["products"] == len(build_catalog())
    assert all(first[name] > 0 for name in first)
    assert set(second.values()) == {0}
    assert _counts(session) == counts


def test_store_rows_keep_opening_hours_as_lists(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()

    assert store.opening_hours["mon"] == [["08:30", "21:00"]]
    assert "drive" in store.services


def test_stock_is_fuller_in_hypermarkets_and_has_gaps(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    per_format = dict(
        session.exec(
            select(Store.format, sa.func.count(col(Stock.product_id)))
            .join(Stock, col(Stock.store_id) == col(Store.id))
            .group_by(Store.format)
        ).all()
    )
    stores_per_format = dict(
        session.exec(select(Store.format, sa.func.count()).group_by(Store.format)).all()
    )
    average = {key: per_format[key] / stores_per_format[key] for key in per_format}
    out_of_stock = session.exec(select(sa.func.count()).where(Stock.quantity == 0)).one()

    assert average["hyper"] > average["super"] > average["city"]
    assert out_of_stock > 0


def test_zerty_key_products_are_stocked_at_their_store(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()
    quantities = dict(
        session.exec(
            select(Product.ean, Stock.quantity)
            .join(Stock, col(Stock.product_id) == col(Product.id))
            .where(Stock.store_id == store.id)
        ).all()
    )
    for key in ("coffee", "sugar", "vacuum_bags", "guinea_fowl", "kids_coat_8"):
        assert quantities.get(ZERTY_KEY_PRODUCTS[key], 0) > 0, key


def test_pickup_slots_fit_opening_hours(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()
    slots = session.exec(select(PickupSlot).where(PickupSlot.store_id == store.id)).all()
    local = [slot.starts_at.astimezone(PARIS) for slot in slots]

    assert {start.date() for start in local} <= {
        TODAY + dt.timedelta(days=offset) for offset in range(SLOT_DAYS)
    }
    assert min(start.time() for start in local) == dt.time(8, 30)
    assert max(slot.ends_at.astimezone(PARIS).time() for slot in slots) <= dt.time(21, 0)
    assert {slot.capacity for slot in slots} == {SLOT_CAPACITY}
    assert all(slot.ends_at - slot.starts_at == dt.timedelta(minutes=30) for slot in slots)


def test_no_slots_without_drive(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    without_drive = [store.code for store in build_stores() if "drive" not in store.services]
    count = session.exec(
        select(sa.func.count())
        .select_from(PickupSlot)
        .join(Store, col(Store.id) == col(PickupSlot.store_id))
        .where(Store.code.in_(without_drive))  # type: ignore[attr-defined]
    ).one()
    assert without_drive and count == 0


@pytest.mark.parametrize(
    ("kind", "tag", "expected_day"),
    [
        ("circus", "kids", coming_saturday(TODAY)),
        ("cinema", "director:Luc Besson", TODAY + dt.timedelta(days=1)),
        ("concert", "jazz", TODAY + dt.timedelta(days=3)),
        ("store_event", "clothing", TODAY + dt.timedelta(days=1)),
    ],
)
def test_events_of_the_story(session: Session, kind: str, tag: str, expected_day: dt.date) -> None:
    seed_world(session=session, today=TODAY)
    events = [
        event
        for event in session.exec(select(Event).where(Event.kind == kind)).all()
        if tag in event.tags
    ]
    assert min(event.starts_at.astimezone(PARIS).date() for event in events) == expected_day


def test_circus_is_for_kids_this_weekend_and_sale_is_at_zerty_store(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    circus = session.exec(select(Event).where(Event.kind == "circus")).all()
    sale = session.exec(
        select(Event).where(Event.kind == "store_event", Event.title.contains("enfants"))  # type: ignore[attr-defined]
    ).one()
    store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()

    assert {(event.min_age, event.max_age) for event in circus} == {(4, 12)}
    assert {event.starts_at.astimezone(PARIS).weekday() for event in circus} == {5, 6}
    assert sale.store_id == store.id
    assert "winter" in sale.tags


def test_signed_football_reward_and_generic_coupon(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    football = session.exec(select(Reward).where(Reward.code == "FOOT-DEDICACE")).one()
    product = session.get(Product, football.product_id)
    generic = session.exec(select(Coupon).where(Coupon.is_generic)).all()

    assert football.points_cost == 50
    assert product is not None and product.ean == ZERTY_KEY_PRODUCTS["football_signed"]
    assert len(generic) == 1
    assert generic[0].valid_from == TODAY

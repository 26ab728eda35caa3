"""The last seats and the last pickup places under contention: customers confirming at the
same moment, each in their own session on the app's engine, can never oversell or overbook.

These tests commit for real (the other sessions must see the data), then delete what
they created.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from actions.confirm import ActionConfirm
from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.db import make_engine
from assistant.orders.models import Order, OrderLine, PickupSlot
from assistant.orders.service import add_to_list
from assistant.outings.models import Booking, Event
from tests.actions.conftest import NOW, make_tracker, pending, run_action
from tests.factories import make_household, make_product, make_store

CUSTOMERS = 8


@pytest.fixture
def app_engine(database_url: str, engine: Engine) -> Iterator[Engine]:
    """The app's own engine on the migrated test database (`engine` migrates it)."""
    app_engine = make_engine(database_url)
    yield app_engine
    app_engine.dispose()


def _delete(engine: Engine, rows: list[tuple[Any, list[Any]]]) -> None:
    with Session(engine) as session:
        for model, ids in rows:
            session.execute(sa.delete(model).where(col(model.id).in_(ids)))
        session.commit()


def _confirm_together(engine: Engine, jobs: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """Every household confirms its pending action at once; returns the replies."""
    barrier = threading.Barrier(len(jobs))

    def confirm(job: tuple[int, dict[str, Any]]) -> str:
        household_id, pending = job
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            tracker = make_tracker(household_id, **pending)
            messages, _ = run_action(session, ActionConfirm(), tracker)
            session.commit()
            return str(messages[0]["text"])

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(confirm, jobs))


def _committed(engine: Engine, build: Callable[[Session], Any]) -> Any:
    with Session(engine, expire_on_commit=False) as session:
        result = build(session)
        session.commit()
        return result


def test_the_last_pickup_places_are_never_overbooked(app_engine: Engine) -> None:
    def build(session: Session) -> tuple[Store, Product, PickupSlot, list[Household]]:
        store = make_store(session)
        product = make_product(session)
        assert store.id is not None
        starts = NOW + dt.timedelta(days=1)
        slot = PickupSlot(
            store_id=store.id,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=30),
            capacity=3,
        )
        session.add(slot)
        households = [make_household(session) for _ in range(CUSTOMERS)]
        for household in households:
            assert household.id is not None
            add_to_list(session=session, household_id=household.id, product=product, now=NOW)
        session.flush()
        return store, product, slot, households

    store, product, slot, households = _committed(app_engine, build)
    try:
        with Session(app_engine) as session:
            orders = {
                order.household_id: order.id
                for order in session.exec(
                    select(Order).where(col(Order.household_id).in_([h.id for h in households]))
                ).all()
            }
        jobs = [
            (h.id, pending("order_place", order_id=orders[h.id], slot_id=slot.id))
            for h in households
        ]
        replies = _confirm_together(app_engine, jobs)
        assert sum("placed" in r or "passée" in r for r in replies) == 3
        assert sum("complet" in r for r in replies) == CUSTOMERS - 3
        with Session(app_engine) as session:
            booked = session.get(PickupSlot, slot.id)
            placed = session.exec(
                select(Order).where(Order.slot_id == slot.id, Order.status == "placed")
            ).all()
            assert booked is not None and booked.booked == 3
            assert len(placed) == 3
    finally:
        with Session(app_engine) as session:
            order_ids = list(
                session.exec(
                    select(Order.id).where(col(Order.household_id).in_([h.id for h in households]))
                ).all()
            )
            session.execute(sa.delete(OrderLine).where(col(OrderLine.order_id).in_(order_ids)))
            session.commit()
        _delete(
            app_engine,
            [
                (Order, order_ids),
                (PickupSlot, [slot.id]),
                (Household, [h.id for h in households]),
                (Product, [product.id]),
                (Store, [store.id]),
            ],
        )


def test_the_last_seats_are_never_oversold(app_engine: Engine) -> None:
    def build(session: Session) -> tuple[Event, list[Household]]:
        event = Event(
            kind="circus",
            title="Cirque contention",
            starts_at=NOW + dt.timedelta(2),
            capacity=5,
            seats_taken=0,
        )
        session.add(event)
        households = [make_household(session) for _ in range(CUSTOMERS)]
        session.flush()
        return event, households

    event, households = _committed(app_engine, build)
    try:
        waiting = pending("outing_book", event_id=event.id, seats=2)
        replies = _confirm_together(app_engine, [(h.id, waiting) for h in households])
        assert sum("C'est réservé" in r for r in replies) == 2
        with Session(app_engine) as session:
            stored = session.get(Event, event.id)
            bookings = session.exec(select(Booking).where(Booking.event_id == event.id)).all()
            assert stored is not None and stored.seats_taken == 4
            assert sorted(b.seats for b in bookings) == [2, 2]
    finally:
        with Session(app_engine) as session:
            session.execute(sa.delete(Booking).where(col(Booking.event_id) == event.id))
            session.commit()
        _delete(app_engine, [(Event, [event.id]), (Household, [h.id for h in households])])

"""The weekly proposal from the replenishment model, and what the customer does with it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.orders.models import ListDismissal, Order, OrderLine
from assistant.orders.proposal import propose_list, week_start
from assistant.orders.service import (
    accept_all,
    add_to_list,
    order_lines,
    remove_from_list,
    set_line_quantity,
)
from tests.assistant.orders.conftest import NOW, TODAY, every
from tests.factories import make_household, make_product, make_store


@pytest.fixture
def world(session: Session) -> tuple[Household, Store, dict[str, Product]]:
    store = make_store(session)
    household = make_household(session, preferred_store_id=store.id)
    products = {
        "coffee": make_product(session, name_fr="Café", name_en="Coffee", category="cafe"),
        "sugar": make_product(session, name_fr="Sucre", name_en="Sugar", category="sucre"),
        "fuel": make_product(session, name_fr="Gazole", department="carburant", category="fuel"),
        "tv": make_product(session, name_fr="Téléviseur", category="tv", lifespan_days=2000),
    }
    every(session, household, store, products["coffee"], period=7, last=7, quantity=2)
    every(session, household, store, products["sugar"], period=14, last=15)
    every(session, household, store, products["fuel"], period=7, last=7)
    every(session, household, store, products["tv"], period=7, last=7)
    return household, store, products


def _lines(session: Session, household: Household) -> dict[int, OrderLine]:
    order = session.exec(
        select(Order).where(Order.household_id == household.id, Order.status == "draft")
    ).one()
    assert order.id is not None
    return {line.product_id: line for line, _ in order_lines(session=session, order_id=order.id)}


def test_the_proposal_holds_predicted_lines_with_usual_quantity_and_explanation(
    session: Session, world: tuple[Household, Store, dict[str, Product]]
) -> None:
    household, store, products = world
    assert household.id is not None
    order = propose_list(session=session, household_id=household.id, store_id=None, at=NOW)
    lines = _lines(session, household)
    coffee = lines[products["coffee"].id or 0]
    assert (coffee.origin, coffee.accepted, coffee.quantity) == ("predicted", False, 2)
    assert coffee.explanation and coffee.explanation_en and coffee.score
    assert products["sugar"].id in lines
    # Fuel is bought at the pump, a television is a durable: never on the list.
    assert products["fuel"].id not in lines and products["tv"].id not in lines
    assert order.store_id == store.id
    assert order.proposed_week == TODAY - dt.timedelta(days=1)  # that Tuesday's Monday
    assert order.total_cents == 2 * 199 + 199


def test_a_refresh_keeps_customer_lines_edits_and_acceptances(
    session: Session, world: tuple[Household, Store, dict[str, Product]]
) -> None:
    household, _store, products = world
    assert household.id is not None
    extra = make_product(session, name_fr="Pâtes")
    propose_list(session=session, household_id=household.id, store_id=None, at=NOW)
    add_to_list(session=session, household_id=household.id, product=extra, quantity=3, now=NOW)
    coffee = _lines(session, household)[products["coffee"].id or 0]
    assert coffee.id is not None
    set_line_quantity(
        session=session, household_id=household.id, line_id=coffee.id, quantity=5, now=NOW
    )
    propose_list(session=session, household_id=household.id, store_id=None, at=NOW)
    lines = _lines(session, household)
    assert lines[extra.id or 0].quantity == 3 and lines[extra.id or 0].origin == "customer"
    assert (lines[coffee.product_id].quantity, lines[coffee.product_id].accepted) == (5, True)
    assert lines[products["sugar"].id or 0].accepted is False
    assert accept_all(session=session, household_id=household.id) == 1
    assert all(line.accepted for line in _lines(session, household).values())
    assert accept_all(session=session, household_id=household.id) == 0


@pytest.mark.parametrize(("days_later", "proposed_again"), [(2, False), (7, True)])
def test_a_removed_prediction_is_not_proposed_again_that_week(
    session: Session,
    world: tuple[Household, Store, dict[str, Product]],
    days_later: int,
    proposed_again: bool,
) -> None:
    household, _store, products = world
    assert household.id is not None
    sugar = products["sugar"].id or 0
    propose_list(session=session, household_id=household.id, store_id=None, at=NOW)
    assert remove_from_list(session=session, household_id=household.id, product_id=sugar, now=NOW)
    dismissal = session.exec(
        select(ListDismissal).where(ListDismissal.household_id == household.id)
    ).one()
    assert dismissal.week_start == TODAY - dt.timedelta(days=1)
    later = NOW + dt.timedelta(days=days_later)
    propose_list(session=session, household_id=household.id, store_id=None, at=later)
    assert (sugar in _lines(session, household)) is proposed_again


def test_untouched_proposals_no_longer_predicted_are_dropped(
    session: Session, world: tuple[Household, Store, dict[str, Product]]
) -> None:
    household, _store, _products = world
    assert household.id is not None
    order = propose_list(session=session, household_id=household.id, store_id=None, at=NOW)
    assert order.id is not None
    # Two proposals of an earlier week whose products are no longer predicted.
    old, kept = make_product(session), make_product(session)
    for product, accepted in ((old, False), (kept, True)):
        session.add(
            OrderLine(
                order_id=order.id,
                product_id=product.id or 0,
                origin="predicted",
                accepted=accepted,
            )
        )
    session.flush()
    propose_list(session=session, household_id=household.id, store_id=None, at=NOW)
    lines = _lines(session, household)
    assert old.id not in lines and kept.id in lines


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC), dt.date(2026, 11, 16)),  # Sun 23:30
        (dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC), dt.date(2026, 11, 23)),  # Mon 00:30
    ],
)
def test_the_week_is_the_households_local_week(at: dt.datetime, expected: dt.date) -> None:
    assert week_start(at, "Europe/Paris") == expected

"""predictions_for on receipts stored in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlmodel import Session

from assistant.customers.models import Household
from assistant.history.models import Receipt, ReceiptLine
from assistant.replenishment.service import predictions_for
from tests.factories import make_household, make_product

START = dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC)


def _receipt(
    session: Session, household: Household, at: dt.datetime, lines: list[tuple[int, float]]
) -> None:
    receipt = Receipt(
        receipt_uid=f"R-{uuid.uuid4().hex[:12]}", household_id=household.id, purchased_at=at
    )
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    for n, (product_id, quantity) in enumerate(lines):
        session.add(
            ReceiptLine(
                receipt_id=receipt.id,
                line_no=n,
                product_id=product_id,
                label="x",
                quantity=quantity,
            )
        )
    session.flush()


def test_weekly_item_is_due_with_its_habit_and_explanation(session: Session) -> None:
    household = make_household(session)
    milk, coffee = make_product(session), make_product(session)
    assert milk.id is not None and coffee.id is not None
    for week in range(6):
        lines = [(milk.id, 2.0)] + ([(coffee.id, 1.0)] if week % 3 == 0 else [])
        _receipt(session, household, START + dt.timedelta(days=7 * week), lines)
    assert household.id is not None
    at = START + dt.timedelta(days=42)
    found = predictions_for(session=session, household_id=household.id, at=at, k=5)
    assert found[0].product_id == milk.id
    assert found[0].quantity == 2
    assert found[0].due_in_days is not None and abs(found[0].due_in_days) < 1
    assert found[0].explanation_fr == "acheté tous les 7 jours, dernier achat il y a 7 jours"
    assert found[0].explanation_en == "bought every 7 days, last 7 days ago"
    assert {p.product_id for p in found} == {milk.id, coffee.id}


def test_household_without_receipts_gets_nothing(session: Session) -> None:
    household = make_household(session)
    assert household.id is not None
    assert predictions_for(session=session, household_id=household.id, at=START) == []


def test_never_bought_product_comes_from_households_with_common_purchases(
    session: Session,
) -> None:
    household, neighbour, stranger = (make_household(session) for _ in range(3))
    milk, bread, butter, soap = (make_product(session) for _ in range(4))
    assert milk.id and bread.id and butter.id and soap.id
    for week in range(3):
        at = START + dt.timedelta(days=7 * week)
        _receipt(session, household, at, [(milk.id, 1.0), (bread.id, 1.0)])
        _receipt(session, neighbour, at, [(milk.id, 1.0), (butter.id, 1.0)])
        _receipt(session, stranger, at, [(soap.id, 1.0)])
    assert household.id is not None
    found = predictions_for(
        session=session, household_id=household.id, at=START + dt.timedelta(days=21), k=5
    )
    assert [p.product_id for p in found][:2] in ([milk.id, bread.id], [bread.id, milk.id])
    assert [p.product_id for p in found][2:] == [butter.id]
    assert found[2].due_in_days is None
    assert found[2].explanation_en == "often bought by households that shop like you"
    assert found[2].explanation_fr == "souvent acheté par des foyers aux achats proches des vôtres"


def test_receipts_after_the_date_are_ignored(session: Session) -> None:
    household = make_household(session)
    milk, later = make_product(session), make_product(session)
    assert milk.id and later.id and household.id
    _receipt(session, household, START, [(milk.id, 1.0)])
    _receipt(session, household, START + dt.timedelta(days=30), [(later.id, 1.0)])
    found = predictions_for(
        session=session, household_id=household.id, at=START + dt.timedelta(days=10)
    )
    assert [p.product_id for p in found] == [milk.id]
    assert found[0].explanation_fr == "acheté une fois, dernier achat il y a 10 jours"

"""Purchase habits follow every write of a household's receipts, and equal what the receipts
say (`habits.rebuild` computes them from the lines)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session

from assistant.db import make_engine, migrate
from assistant.history.models import Receipt, ReceiptLine
from assistant.history.service import claim_receipts, ingest_receipt
from tests.assistant.history.factories import (
    make_household,
    make_product,
    make_store,
    national_form,
    random_mobile,
    receipt_create,
    recomputed_habits,
    stored_habits,
)
from tests.clock import NOW


def _line(ean: str, quantity: float = 1) -> dict[str, object]:
    return {"ean": ean, "label": "Article", "quantity": quantity, "unit_price_cents": 100}


def test_ingestion_folds_each_receipt_once(session: Session) -> None:
    store = make_store(session)
    coffee, sugar = make_product(session, category="cafe"), make_product(session, category="cafe")
    household = make_household(session, phone=random_mobile())
    assert household.id is not None and household.phone is not None
    phone = national_form(household.phone)
    first = receipt_create(
        store_code=store.code, phone=phone, total_cents=300,
        purchased_at=NOW - dt.timedelta(days=9),
        lines=[_line(coffee.ean), _line(coffee.ean), _line(sugar.ean)],
    )  # fmt: skip
    second = receipt_create(
        store_code=store.code, phone=phone, total_cents=100,
        purchased_at=NOW - dt.timedelta(days=2), lines=[_line(coffee.ean)],
    )  # fmt: skip
    ingest_receipt(session=session, data=first, now=NOW)
    ingest_receipt(session=session, data=second, now=NOW)
    ingest_receipt(session=session, data=second, now=NOW)  # a replay adds nothing

    stored = stored_habits(session, [household.id])
    last = (NOW - dt.timedelta(days=2)).astimezone(dt.UTC)
    earlier = (NOW - dt.timedelta(days=9)).astimezone(dt.UTC)
    assert {(p, n, at) for h, p, n, at in stored["purchase_habits"]} == {
        (coffee.id, 3, last),
        (sugar.id, 1, earlier),
    }
    assert {(c, n, at) for h, c, n, at in stored["category_habits"]} == {("cafe", 4, last)}
    assert stored == recomputed_habits(session, [household.id])


def test_a_claimed_receipt_is_folded_when_claimed(session: Session) -> None:
    store = make_store(session)
    coffee = make_product(session, category="cafe")
    phone = random_mobile()
    data = receipt_create(store_code=store.code, phone=national_form(phone), total_cents=100,
                          lines=[_line(coffee.ean)])  # fmt: skip
    ingest_receipt(session=session, data=data, now=NOW)
    household = make_household(session, phone=phone)
    assert household.id is not None
    assert stored_habits(session, [household.id]) == {
        "purchase_habits": set(),
        "category_habits": set(),
    }

    assert claim_receipts(session=session, household=household, now=NOW) == 1
    assert claim_receipts(session=session, household=household, now=NOW) == 0

    stored = stored_habits(session, [household.id])
    assert [n for *_, n, _at in stored["purchase_habits"]] == [1]
    assert stored == recomputed_habits(session, [household.id])


def test_the_migration_fills_the_habits_of_receipts_already_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.db'}"
    migrate(url, "0010")
    engine = make_engine(url)
    # The tables of 0010 are today's, but for the habits: rows are written with the models.
    with Session(engine) as session:
        household, coffee = make_household(session), make_product(session, category="cafe")
        for days in (5, 1):
            receipt = Receipt(receipt_uid=f"R{days}", household_id=household.id,
                              purchased_at=NOW - dt.timedelta(days=days))  # fmt: skip
            session.add(receipt)
            session.flush()
            assert receipt.id is not None
            session.add(ReceiptLine(receipt_id=receipt.id, product_id=coffee.id, label="Café"))
        session.commit()
        ids = (household.id, coffee.id)
    migrate(url)
    with Session(engine) as session:
        stored = stored_habits(session)
        assert [(h, p, n) for h, p, n, _ in stored["purchase_habits"]] == [(*ids, 2)]
        assert [(h, c, n) for h, c, n, _ in stored["category_habits"]] == [(ids[0], "cafe", 2)]
        assert stored == recomputed_habits(session, [ids[0]])
    engine.dispose()

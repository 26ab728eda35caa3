from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assistant.catalog.models import Store
from assistant.db import make_engine
from assistant.errors import AppError
from assistant.history import service
from assistant.history.models import Receipt, ReceiptLine
from assistant.history.service import claim_receipts, ingest_receipt, list_purchases
from assistant.loyalty.service import balance
from tests.assistant.history.factories import (
    make_household,
    make_product,
    make_store,
    national_form,
    random_mobile,
    receipt_create,
    unique,
)
from tests.clock import NOW


def _lines(session: Session, receipt: Receipt) -> list[ReceiptLine]:
    assert receipt.id is not None
    return service.receipt_lines(session=session, receipt_id=receipt.id)


def test_ingest_stores_lines_with_computed_amounts(session: Session) -> None:
    store = make_store(session)
    product = make_product(session)
    data = receipt_create(
        store_code=store.code,
        purchased_at=dt.datetime(2024, 5, 17, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        lines=[
            {"ean": product.ean, "label": "Yaourt", "quantity": 2, "unit_price_cents": 150},
            {"label": "Pommes", "quantity": 1.25, "unit_price_cents": 299, "discount_cents": 50},
        ],
        total_cents=624,
        kind="drive",
    )

    receipt, created = ingest_receipt(session=session, data=data, now=NOW)

    assert created
    assert receipt.store_id == store.id
    assert receipt.kind == "drive"
    assert receipt.total_cents == 624
    assert receipt.discount_cents == 50
    assert receipt.purchased_at == dt.datetime(2024, 5, 17, 10, 30, tzinfo=dt.UTC)
    assert receipt.purchased_at.utcoffset() == dt.timedelta(0)
    lines = _lines(session, receipt)
    assert [(line.line_no, line.product_id, line.amount_cents) for line in lines] == [
        (1, product.id, 300),
        (2, None, 324),
    ]


def test_replay_returns_the_stored_receipt(session: Session) -> None:
    store = make_store(session)
    data = receipt_create(store_code=store.code)
    first, created = ingest_receipt(session=session, data=data, now=NOW)
    # The same receipt with the phone written differently is still the same receipt.
    assert data.phone is not None
    again = data.model_copy(update={"phone": national_form(data.phone)})

    second, created_again = ingest_receipt(session=session, data=again, now=NOW)

    assert (created, created_again) == (True, False)
    assert second.id == first.id
    count = session.exec(select(sa.func.count()).where(Receipt.receipt_uid == data.receipt_id))
    assert count.one() == 1


def test_reusing_an_id_for_other_content_conflicts(session: Session) -> None:
    store = make_store(session)
    data = receipt_create(store_code=store.code)
    ingest_receipt(session=session, data=data, now=NOW)
    other = data.model_copy(update={"kind": "fuel"})

    with pytest.raises(AppError) as error:
        ingest_receipt(session=session, data=other, now=NOW)

    assert (error.value.status_code, error.value.code) == (409, "receipt_conflict")


def _miss_first_lookup(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the duplicate slip past the first look-up, as when two requests race."""
    lookups: list[str] = []
    real_find = service._find_by_uid

    def find_missing_first(sess: Session, uid: str) -> Receipt | None:
        lookups.append(uid)
        return None if len(lookups) == 1 else real_find(sess, uid)

    monkeypatch.setattr(service, "_find_by_uid", find_missing_first)
    return lookups


def test_a_lost_insert_race_replays(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(session)
    data = receipt_create(store_code=store.code)
    stored, _ = ingest_receipt(session=session, data=data, now=NOW)
    lookups = _miss_first_lookup(monkeypatch)

    receipt, created = ingest_receipt(session=session, data=data, now=NOW)

    assert (receipt.id, created) == (stored.id, False)
    assert len(lookups) == 2
    # The savepoint kept the outer transaction usable and the stored receipt whole.
    assert len(_lines(session, stored)) == 2


def test_a_lost_insert_race_with_other_content_conflicts(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(session)
    data = receipt_create(store_code=store.code)
    stored, _ = ingest_receipt(session=session, data=data, now=NOW)
    lookups = _miss_first_lookup(monkeypatch)

    with pytest.raises(AppError) as error:
        ingest_receipt(session=session, data=data.model_copy(update={"kind": "fuel"}), now=NOW)

    assert error.value.code == "receipt_conflict"
    assert len(lookups) == 2
    assert len(_lines(session, stored)) == 2


@pytest.fixture
def app_engine(database_url: str) -> Iterator[Engine]:
    """An engine configured as the application's (not the test fixtures' transaction mode)."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_concurrent_duplicates_are_stored_once(app_engine: Engine) -> None:
    engine = app_engine
    threads = 6
    with Session(engine, expire_on_commit=False) as setup:
        store = make_store(setup)
        setup.commit()
    data = receipt_create(store_code=store.code)
    barrier = threading.Barrier(threads)

    def send() -> tuple[int | None, bool]:
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait(timeout=30)
            receipt, created = ingest_receipt(session=own, data=data, now=NOW)
            own.commit()
            return receipt.id, created

    try:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(lambda _: send(), range(threads)))
        assert sorted(created for _, created in results) == [False] * (threads - 1) + [True]
        assert len({receipt_id for receipt_id, _ in results}) == 1
        with Session(engine) as check:
            stored = check.exec(select(Receipt).where(Receipt.receipt_uid == data.receipt_id))
            receipts = stored.all()
            assert len(receipts) == 1
            assert len(_lines(check, receipts[0])) == len(data.lines)
    finally:
        with Session(engine) as cleanup:
            ids = select(Receipt.id).where(Receipt.receipt_uid == data.receipt_id)
            cleanup.execute(sa.delete(ReceiptLine).where(col(ReceiptLine.receipt_id).in_(ids)))
            cleanup.execute(sa.delete(Receipt).where(col(Receipt.receipt_uid) == data.receipt_id))
            cleanup.execute(sa.delete(Store).where(col(Store.code) == store.code))
            cleanup.commit()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"store_code": "NO-SUCH-STORE"}, "unknown_store"),
        ({"total_cents": 1}, "total_mismatch"),
        ({"phone": "12"}, "invalid_phone"),
    ],
)
def test_refused_receipts(session: Session, change: dict[str, object], code: str) -> None:
    store = make_store(session)
    data = receipt_create(store_code=store.code).model_copy(update=change)

    with pytest.raises(AppError) as error:
        ingest_receipt(session=session, data=data, now=NOW)

    assert (error.value.status_code, error.value.code) == (422, code)
    stored = session.exec(select(Receipt).where(Receipt.receipt_uid == data.receipt_id))
    assert stored.first() is None


def test_unknown_phone_is_kept_unclaimed_then_claimed(session: Session) -> None:
    store = make_store(session)
    phone = random_mobile()
    receipt, _ = ingest_receipt(
        session=session,
        data=receipt_create(store_code=store.code, phone=national_form(phone)),
        now=NOW,
    )
    assert (receipt.household_id, receipt.phone, receipt.claimed_at) == (None, phone, None)
    household = make_household(session, phone=phone)
    stranger = make_household(session, phone=random_mobile())

    assert claim_receipts(session=session, household=stranger, now=NOW) == 0
    assert claim_receipts(session=session, household=household, now=NOW) == 1

    session.refresh(receipt)
    assert receipt.household_id == household.id
    assert receipt.phone is None
    assert receipt.claimed_at is not None
    # Already claimed: a second call attaches nothing more.
    assert claim_receipts(session=session, household=household, now=NOW) == 0


def test_known_phone_is_claimed_at_ingestion(session: Session) -> None:
    store = make_store(session)
    household = make_household(session, phone=random_mobile())
    assert household.phone is not None

    receipt, _ = ingest_receipt(
        session=session,
        data=receipt_create(store_code=store.code, phone=national_form(household.phone)),
        now=NOW,
    )

    assert receipt.household_id == household.id
    assert receipt.phone is None
    assert receipt.claimed_at is not None


def test_loyalty_card_identifies_the_household(session: Session) -> None:
    store = make_store(session)
    card = unique("CARD")
    household = make_household(session, loyalty_card=card)

    receipt, _ = ingest_receipt(
        session=session, data=receipt_create(store_code=store.code, loyalty_card=card), now=NOW
    )

    assert receipt.household_id == household.id
    assert receipt.loyalty_card == card


def test_unknown_loyalty_card_is_claimed_when_the_card_is_enrolled(session: Session) -> None:
    store = make_store(session)
    card = unique("CARD")
    receipt, _ = ingest_receipt(
        session=session, data=receipt_create(store_code=store.code, loyalty_card=card), now=NOW
    )
    assert (receipt.household_id, receipt.loyalty_card) == (None, card)
    household = make_household(session, phone=random_mobile(), loyalty_card=card)

    assert claim_receipts(session=session, household=household, now=NOW) == 1

    session.refresh(receipt)
    assert receipt.household_id == household.id


def test_claim_without_phone_or_card_attaches_nothing(session: Session) -> None:
    store = make_store(session)
    ingest_receipt(session=session, data=receipt_create(store_code=store.code), now=NOW)
    household = make_household(session)

    assert claim_receipts(session=session, household=household, now=NOW) == 0


def test_purchases_filter_by_category_and_product(session: Session) -> None:
    store = make_store(session)
    milk = make_product(session, category="dairy")
    bread = make_product(session, category="bakery")
    card = unique("CARD")
    household = make_household(session, loyalty_card=card)
    lines = [
        {"ean": milk.ean, "label": "Lait", "quantity": 1, "unit_price_cents": 100},
        {"ean": bread.ean, "label": "Pain", "quantity": 1, "unit_price_cents": 120},
        {"label": "Sac", "quantity": 1, "unit_price_cents": 10},
    ]
    for day in (1, 2):
        ingest_receipt(
            session=session,
            data=receipt_create(
                store_code=store.code,
                loyalty_card=card,
                lines=lines,
                purchased_at=dt.datetime(2024, 5, day, tzinfo=dt.UTC),
            ),
            now=NOW,
        )
    household_id = household.id
    assert household_id is not None

    def labels(**filters: Any) -> list[str]:
        page = list_purchases(session=session, household_id=household_id, limit=50, **filters)
        return [item.label for item in page.items]

    assert labels() == ["Sac", "Pain", "Lait"] * 2
    assert labels(category="dairy") == ["Lait", "Lait"]
    assert labels(product_id=bread.id) == ["Pain", "Pain"]
    assert labels(since=dt.datetime(2024, 5, 2, tzinfo=dt.UTC)) == ["Sac", "Pain", "Lait"]


def test_a_claimed_receipt_earns_its_points_once(session: Session) -> None:
    store = make_store(session)
    phone = random_mobile()
    lines = [{"label": "Cafetière", "quantity": 1, "unit_price_cents": 3450}]
    ingest_receipt(
        session=session,
        data=receipt_create(store_code=store.code, phone=national_form(phone), lines=lines),
        now=NOW,
    )
    household = make_household(session, phone=phone)
    assert household.id is not None
    assert balance(session=session, household_id=household.id) == 0

    assert claim_receipts(session=session, household=household, now=NOW) == 1
    # 34.50 EUR at 1 point per 10 EUR, as if the card had been shown at the till.
    assert balance(session=session, household_id=household.id) == 3
    assert claim_receipts(session=session, household=household, now=NOW) == 0
    assert balance(session=session, household_id=household.id) == 3

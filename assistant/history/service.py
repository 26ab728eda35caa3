"""E-receipts: idempotent ingestion from the tills, claiming, and the customer's history.

Functions are keyword-only and `flush`; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from assistant.catalog.models import Product, Store
from assistant.coupons.wallet import redeem_on_receipt
from assistant.customers.models import Household
from assistant.customers.phone import normalise_phone
from assistant.errors import Conflict, NotFound, Unprocessable
from assistant.history import habits
from assistant.history.cursors import decode_cursor, encode_cursor
from assistant.history.models import Receipt, ReceiptLine
from assistant.history.schemas import (
    Page,
    PurchasePublic,
    ReceiptCreate,
    ReceiptLinePublic,
    ReceiptPublic,
    ReceiptSummary,
)
from assistant.loyalty.service import earn_for_receipt

RECEIPTS_CURSOR = "r"
PURCHASES_CURSOR = "p"


def content_hash(*, data: ReceiptCreate, phone: str | None) -> str:
    """A fingerprint of what the till sent, insensitive to formatting.

    The total is left out: it is derived from the lines (and checked against them).
    """
    canonical: dict[str, Any] = {
        "receipt_id": data.receipt_id,
        "store_code": data.store_code,
        "purchased_at": data.purchased_at.astimezone(dt.UTC).isoformat(),
        "kind": str(data.kind),
        "loyalty_card": data.loyalty_card,
        "phone": phone,
        "lines": [
            {
                "ean": line.ean,
                "label": line.label,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
                "discount_cents": line.discount_cents,
                "coupon_code": line.coupon_code,
            }
            for line in data.lines
        ],
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay_or_conflict(existing: Receipt, fingerprint: str) -> tuple[Receipt, bool]:
    if existing.content_hash != fingerprint:
        raise Conflict(
            "this receipt_id was already used for a different receipt",
            code="receipt_conflict",
            details={"receipt_id": existing.receipt_uid},
        )
    return existing, False


def _find_by_uid(session: Session, receipt_uid: str) -> Receipt | None:
    return session.exec(select(Receipt).where(Receipt.receipt_uid == receipt_uid)).first()


def _identify(session: Session, *, loyalty_card: str | None, phone: str | None) -> Household | None:
    if loyalty_card is not None:
        query = select(Household).where(Household.loyalty_card == loyalty_card)
    elif phone is not None:
        query = select(Household).where(Household.phone == phone)
    else:
        return None
    return session.exec(query).first()


# A till can be wrong; these bounds keep its mistakes out of the ledger.
MAX_RECEIPT_CENTS = 10_000_000  # 100,000 EUR: beyond, refused
REVIEW_ABOVE_CENTS = 500_000  # 5,000 EUR: stored, points held for review
CLOCK_SKEW = dt.timedelta(minutes=10)  # a till's clock ahead of ours by this is fine
MAX_AHEAD = dt.timedelta(days=1)  # beyond, the date is refused


def _review_reason(*, total_cents: int, purchased_at: dt.datetime, now: dt.datetime) -> str | None:
    """None for an ordinary receipt; why it is held otherwise. Unprocessable when it cannot
    be a real purchase (a total beyond any basket, a date a day or more ahead)."""
    if total_cents > MAX_RECEIPT_CENTS:
        raise Unprocessable(
            f"the receipt's total is beyond {MAX_RECEIPT_CENTS // 100} EUR",
            code="total_out_of_range",
            details={"lines_total_cents": total_cents, "max_cents": MAX_RECEIPT_CENTS},
        )
    if purchased_at > now + MAX_AHEAD:
        raise Unprocessable(
            "the receipt is dated a day or more ahead", code="receipt_in_future",
            details={"purchased_at": purchased_at.isoformat(), "now": now.isoformat()},
        )  # fmt: skip
    if purchased_at > now + CLOCK_SKEW:
        return "dated_ahead"
    if total_cents > REVIEW_ABOVE_CENTS:
        return "large_total"
    return None


def ingest_receipt(
    *, session: Session, data: ReceiptCreate, now: dt.datetime
) -> tuple[Receipt, bool]:
    """Store a till's receipt once; the bool says whether it was created by this call.

    Safe under concurrent duplicates: the unique `receipt_uid` decides, inside a savepoint,
    and the loser re-reads the winner's row.
    """
    # The same normaliser as enrolment, so that a receipt and a household match on the phone.
    phone = normalise_phone(data.phone) if data.phone is not None else None

    amounts = [line.amount_cents for line in data.lines]
    total = sum(amounts)
    if data.total_cents is not None and data.total_cents != total:
        raise Unprocessable(
            "total_cents differs from the sum of the line amounts",
            code="total_mismatch",
            details={"total_cents": data.total_cents, "lines_total_cents": total},
        )
    review_reason = _review_reason(total_cents=total, purchased_at=data.purchased_at, now=now)

    fingerprint = content_hash(data=data, phone=phone)
    existing = _find_by_uid(session, data.receipt_id)
    if existing is not None:
        return _replay_or_conflict(existing, fingerprint)

    store = session.exec(select(Store).where(Store.code == data.store_code)).first()
    if store is None:
        raise Unprocessable(
            f"no store with code {data.store_code!r}",
            code="unknown_store",
            details={"store_code": data.store_code},
        )
    eans = {line.ean for line in data.lines if line.ean is not None}
    products: dict[str, int] = {}
    if eans:
        rows = session.exec(select(Product.ean, Product.id).where(col(Product.ean).in_(eans)))
        products = {ean: product_id for ean, product_id in rows if product_id is not None}

    household = _identify(session, loyalty_card=data.loyalty_card, phone=phone)
    claimed_at = now if household is not None else None
    receipt = Receipt(
        receipt_uid=data.receipt_id,
        household_id=household.id if household is not None else None,
        store_id=store.id,
        loyalty_card=data.loyalty_card,
        # The phone is only kept to claim the receipt later.
        phone=phone if household is None else None,
        # In UTC so that the first answer and a replay (read back from the DB) are identical.
        purchased_at=data.purchased_at.astimezone(dt.UTC),
        total_cents=total,
        discount_cents=sum(line.discount_cents for line in data.lines),
        kind=str(data.kind),
        content_hash=fingerprint,
        claimed_at=claimed_at,
        review_reason=review_reason,
    )
    try:
        with session.begin_nested():
            session.add(receipt)
            session.flush()
            assert receipt.id is not None
            session.add_all(
                ReceiptLine(
                    receipt_id=receipt.id,
                    line_no=line_no,
                    product_id=products.get(line.ean) if line.ean is not None else None,
                    ean=line.ean,
                    label=line.label,
                    quantity=line.quantity,
                    unit_price_cents=line.unit_price_cents,
                    amount_cents=amount,
                    discount_cents=line.discount_cents,
                    coupon_code=line.coupon_code,
                )
                for line_no, (line, amount) in enumerate(zip(data.lines, amounts, strict=True), 1)
            )
            if receipt.household_id is not None:
                habits.record(session, [receipt.id])
            # Points inside the receipt's savepoint: both are stored, or neither (on SQLite
            # releasing an outermost savepoint commits, so after it would be too late).
            earn_for_receipt(session=session, receipt=receipt, now=now)
            # Digital coupons used at the till are spent with the receipt that used them.
            redeem_on_receipt(session=session, receipt=receipt)
    except IntegrityError:
        # Another request stored the same receipt_uid between our check and our insert.
        winner = _find_by_uid(session, data.receipt_id)
        if winner is None:
            raise
        return _replay_or_conflict(winner, fingerprint)
    return receipt, True


def claim_receipts(*, session: Session, household: Household, now: dt.datetime) -> int:
    """Attach the unclaimed receipts carrying the household's phone or loyalty card.

    Called after enrolment and whenever the household's phone or card changes.
    Returns how many receipts were attached.
    """
    if household.id is None:
        session.flush()
    matches = []
    if household.phone:
        matches.append(col(Receipt.phone) == household.phone)
    if household.loyalty_card:
        matches.append(col(Receipt.loyalty_card) == household.loyalty_card)
    if not matches:
        return 0
    claimed = session.exec(
        select(Receipt).where(col(Receipt.household_id).is_(None), sa.or_(*matches))
    ).all()
    for receipt in claimed:
        receipt.household_id, receipt.claimed_at, receipt.phone = household.id, now, None
        session.add(receipt)
    habits.record(session, [r.id for r in claimed if r.id is not None])
    # A receipt from before enrolment earns its points and spends its coupons once claimed,
    # exactly as if the card had been shown at the till (both are idempotent).
    for receipt in claimed:
        earn_for_receipt(session=session, receipt=receipt, now=now)
        redeem_on_receipt(session=session, receipt=receipt)
    return len(claimed)


def _keyset_after(at_column: Any, id_column: Any, at: dt.datetime, row_id: int) -> Any:
    # Rows strictly after (at, row_id) in (at DESC, id DESC) order.
    return sa.or_(at_column < at, sa.and_(at_column == at, id_column < row_id))


QueryT = TypeVar("QueryT", bound=Select[*tuple[Any, ...]])


def _within(
    query: QueryT,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    store_code: str | None,
) -> QueryT:
    """The filters receipts and purchase lines share (the query joins Receipt and Store)."""
    if since is not None:
        query = query.where(col(Receipt.purchased_at) >= since)
    if until is not None:
        query = query.where(col(Receipt.purchased_at) < until)
    if store_code is not None:
        query = query.where(Store.code == store_code)
    return query


def list_receipts(
    *,
    session: Session,
    household_id: int,
    limit: int,
    cursor: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    store_code: str | None = None,
) -> Page[ReceiptSummary]:
    """The household's receipts, newest first; `since` is inclusive, `until` exclusive."""
    query = (
        select(Receipt, Store.code)
        .outerjoin(Store, col(Store.id) == col(Receipt.store_id))
        .where(Receipt.household_id == household_id)
    )
    query = _within(query, since=since, until=until, store_code=store_code)
    if cursor is not None:
        at, row_id = decode_cursor(kind=RECEIPTS_CURSOR, cursor=cursor)
        query = query.where(_keyset_after(col(Receipt.purchased_at), col(Receipt.id), at, row_id))
    query = query.order_by(col(Receipt.purchased_at).desc(), col(Receipt.id).desc())
    rows = list(session.exec(query.limit(limit + 1)).all())
    page, more = rows[:limit], len(rows) > limit
    counts = _line_counts(session, [receipt.id for receipt, _ in page if receipt.id is not None])
    items = [_summary(receipt, code, counts.get(receipt.id or 0, 0)) for receipt, code in page]
    next_cursor = None
    if more:
        last = page[-1][0]
        assert last.id is not None
        next_cursor = encode_cursor(kind=RECEIPTS_CURSOR, at=last.purchased_at, row_id=last.id)
    return Page[ReceiptSummary](items=items, next_cursor=next_cursor)


def _line_counts(session: Session, receipt_ids: Sequence[int]) -> dict[int, int]:
    if not receipt_ids:
        return {}
    rows = session.exec(
        select(ReceiptLine.receipt_id, sa.func.count())
        .where(col(ReceiptLine.receipt_id).in_(receipt_ids))
        .group_by(col(ReceiptLine.receipt_id))
    )
    return {receipt_id: int(count) for receipt_id, count in rows}


def _summary(receipt: Receipt, store_code: str | None, line_count: int) -> ReceiptSummary:
    assert receipt.id is not None
    return ReceiptSummary(
        id=receipt.id,
        receipt_id=receipt.receipt_uid,
        store_code=store_code,
        purchased_at=receipt.purchased_at,
        kind=receipt.kind,
        currency=receipt.currency,
        total_cents=receipt.total_cents,
        discount_cents=receipt.discount_cents,
        line_count=line_count,
    )


def get_receipt(*, session: Session, household_id: int, receipt_id: int) -> Receipt:
    """The household's receipt by internal id; another household's is reported as unknown."""
    receipt = session.get(Receipt, receipt_id)
    if receipt is None or receipt.household_id != household_id:
        raise NotFound("no such receipt", code="receipt_not_found")
    return receipt


def receipt_lines(*, session: Session, receipt_id: int) -> list[ReceiptLine]:
    query = (
        select(ReceiptLine)
        .where(ReceiptLine.receipt_id == receipt_id)
        .order_by(col(ReceiptLine.line_no), col(ReceiptLine.id))
    )
    return list(session.exec(query).all())


def receipt_public(*, session: Session, receipt: Receipt) -> ReceiptPublic:
    """The receipt with its lines, as the till and the customer see it."""
    assert receipt.id is not None
    lines = receipt_lines(session=session, receipt_id=receipt.id)
    store = session.get(Store, receipt.store_id) if receipt.store_id is not None else None
    summary = _summary(receipt, store.code if store is not None else None, len(lines))
    return ReceiptPublic(
        **summary.model_dump(),
        claimed=receipt.household_id is not None,
        review_reason=receipt.review_reason,
        lines=[ReceiptLinePublic.model_validate(line) for line in lines],
    )


def list_purchases(
    *,
    session: Session,
    household_id: int,
    limit: int,
    cursor: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    store_code: str | None = None,
    category: str | None = None,
    product_id: int | None = None,
) -> Page[PurchasePublic]:
    """The household's purchase lines, newest receipt first."""
    query = (
        select(ReceiptLine, Receipt.purchased_at, Store.code, Product.category)
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .outerjoin(Store, col(Store.id) == col(Receipt.store_id))
        .outerjoin(Product, col(Product.id) == col(ReceiptLine.product_id))
        .where(Receipt.household_id == household_id)
    )
    query = _within(query, since=since, until=until, store_code=store_code)
    if category is not None:
        query = query.where(Product.category == category)
    if product_id is not None:
        query = query.where(ReceiptLine.product_id == product_id)
    if cursor is not None:
        at, row_id = decode_cursor(kind=PURCHASES_CURSOR, cursor=cursor)
        query = query.where(
            _keyset_after(col(Receipt.purchased_at), col(ReceiptLine.id), at, row_id)
        )
    query = query.order_by(col(Receipt.purchased_at).desc(), col(ReceiptLine.id).desc())
    rows = list(session.exec(query.limit(limit + 1)).all())
    page, more = rows[:limit], len(rows) > limit
    items = [
        PurchasePublic(
            id=line.id or 0,
            receipt_id=line.receipt_id,
            product_id=line.product_id,
            ean=line.ean,
            label=line.label,
            category=line_category,
            quantity=line.quantity,
            unit_price_cents=line.unit_price_cents,
            discount_cents=line.discount_cents,
            amount_cents=line.amount_cents,
            purchased_at=purchased_at,
            store_code=code,
        )
        for line, purchased_at, code, line_category in page
    ]
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = encode_cursor(kind=PURCHASES_CURSOR, at=last.purchased_at, row_id=last.id)
    return Page[PurchasePublic](items=items, next_cursor=next_cursor)

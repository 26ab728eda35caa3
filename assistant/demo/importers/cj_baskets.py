"""Complete Journey baskets as receipts and receipt lines, in streamed batches."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from assistant.catalog.models import Product
from assistant.clock import system_now
from assistant.demo.importers._bulk import ImportReport, Tracker
from assistant.history import habits
from assistant.history.models import Receipt, ReceiptLine

SOURCE = "completejourney"
TIMEZONE = "America/New_York"
# About 50,000 lines per batch: big enough for fast executemany, small enough that a
# batch's dicts stay a few tens of MB.
BASKET_BATCH = 5_000


def receipt_uid(basket_id: int) -> str:
    return f"cj-{basket_id}"


def _cents(values: pd.Series) -> np.ndarray:
    return np.rint(values.to_numpy(dtype="float64") * 100).astype("int64")


def _local_to_utc(naive: np.ndarray) -> list[Any]:
    """CJ timestamps are naive local times. At the autumn DST change an hour repeats:
    those are read as standard time; a spring-forward gap time moves forward."""
    index = pd.DatetimeIndex(naive).tz_localize(
        TIMEZONE, ambiguous=np.zeros(len(naive), dtype=bool), nonexistent="shift_forward"
    )
    return list(index.tz_convert("UTC").to_pydatetime())


def import_baskets(
    *,
    session: Session,
    transactions: pd.DataFrame,
    household_map: dict[int, int],
    store_map: dict[int, int],
    report: ImportReport,
    tracker: Tracker,
) -> None:
    """One receipt per basket (receipt_uid "cj-<basket_id>"); baskets already imported
    are skipped whole, so lines are never duplicated."""
    receipts = Receipt.__table__  # type: ignore[attr-defined]
    lines_table = ReceiptLine.__table__  # type: ignore[attr-defined]
    products = Product.__table__  # type: ignore[attr-defined]
    done = {
        int(uid[3:])
        for uid in session.scalars(
            sa.select(receipts.c.receipt_uid).where(receipts.c.source == SOURCE)
        )
    }
    catalog: dict[int, tuple[int, str, str]] = {
        int(ref): (id_, name, ean)
        for ref, id_, name, ean in session.execute(
            sa.select(
                products.c.external_ref, products.c.id, products.c.name_en, products.c.ean
            ).where(products.c.source == SOURCE)
        )
    }
    tx = transactions
    if done:
        skipped = tx["basket_id"].isin(list(done))
        report.add("receipts", skipped=int(tx.loc[skipped, "basket_id"].nunique()))
        report.add("receipt_lines", skipped=int(skipped.sum()))
        tx = tx[~skipped]
    tx = tx.sort_values(["basket_id", "transaction_timestamp", "product_id"], kind="stable")
    total_lines = len(tx)
    tracker.start("receipt lines", total_lines)
    if total_lines == 0:
        return

    basket = tx["basket_id"].to_numpy()
    starts = np.r_[0, np.flatnonzero(np.diff(basket)) + 1]
    lengths = np.diff(np.r_[starts, total_lines])
    amount = _cents(tx["sales_value"])
    discount = _cents(tx["retail_disc"] + tx["coupon_disc"] + tx["coupon_match_disc"])
    quantity = tx["quantity"].to_numpy(dtype="float64")
    unit_price = np.where(
        quantity > 0, np.rint(amount / np.where(quantity > 0, quantity, 1)), amount
    )
    line_no = np.arange(total_lines) - np.repeat(starts, lengths) + 1
    product_ids = tx["product_id"].to_numpy()
    stamps = tx["transaction_timestamp"].to_numpy(dtype="datetime64[ns]")
    basket_time = np.minimum.reduceat(stamps.view("int64"), starts).view("datetime64[ns]")
    basket_total = np.add.reduceat(amount, starts)
    basket_discount = np.add.reduceat(discount, starts)
    basket_household = tx["household_id"].to_numpy()[starts]
    basket_store = tx["store_id"].to_numpy()[starts]

    now = system_now()
    for first in range(0, len(starts), BASKET_BATCH):
        last = min(first + BASKET_BATCH, len(starts))
        uids = [receipt_uid(int(b)) for b in basket[starts[first:last]]]
        purchased = _local_to_utc(basket_time[first:last])
        rows = [
            {
                "receipt_uid": uid,
                "household_id": household_map[int(hid)],
                "store_id": store_map.get(int(sid)),
                "purchased_at": when,
                "total_cents": int(total),
                "discount_cents": int(disc),
                "currency": "USD",
                "kind": "store",
                "source": SOURCE,
                "anonymised": False,
                "created_at": now,
            }
            for uid, hid, sid, when, total, disc in zip(
                uids,
                basket_household[first:last].tolist(),
                basket_store[first:last].tolist(),
                purchased,
                basket_total[first:last].tolist(),
                basket_discount[first:last].tolist(),
                strict=True,
            )
        ]
        returned = session.execute(
            sa.insert(receipts).returning(receipts.c.id, receipts.c.receipt_uid), rows
        )
        ids_by_uid = {uid: id_ for id_, uid in returned}
        receipt_ids = np.repeat([ids_by_uid[uid] for uid in uids], lengths[first:last])

        start_row = int(starts[first])
        end_row = int(starts[last]) if last < len(starts) else total_lines
        line_rows = []
        for rid, pid, no, qty, unit, amt, disc in zip(
            receipt_ids.tolist(),
            product_ids[start_row:end_row].tolist(),
            line_no[start_row:end_row].tolist(),
            quantity[start_row:end_row].tolist(),
            unit_price[start_row:end_row].tolist(),
            amount[start_row:end_row].tolist(),
            discount[start_row:end_row].tolist(),
            strict=True,
        ):
            known = catalog.get(pid)
            line_rows.append(
                {
                    "receipt_id": rid,
                    "line_no": no,
                    "product_id": known[0] if known else None,
                    "ean": known[2] if known else None,
                    # A few transactions name products missing from the product list.
                    "label": known[1] if known else f"Product {pid} (not in the product list)",
                    "quantity": qty,
                    "unit_price_cents": int(unit),
                    "amount_cents": amt,
                    "discount_cents": disc,
                    "coupon_code": None,
                }
            )
        session.execute(sa.insert(lines_table), line_rows)
        habits.record(session, ids_by_uid.values())
        session.commit()
        report.add("receipts", inserted=len(rows))
        report.add("receipt_lines", inserted=len(line_rows))
        tracker.advance(len(line_rows))

"""The customer's receipts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from actions.base import Ctx, DataAction, parse_date, zone
from actions.products import product_label
from assistant.catalog.models import Product, Store
from assistant.history.models import Receipt, ReceiptLine
from assistant.history.service import get_receipt, list_receipts, receipt_lines
from assistant.i18n import Money, Msg, money
from assistant.replies import Card

MAIN_PURCHASES = 3  # said in the text; the receipt's card lists every line


def _names(ctx: Ctx, lines: list[ReceiptLine]) -> dict[int, str]:
    """Each line's product in the conversation's language (a till label is French)."""
    ids = {line.product_id for line in lines if line.product_id is not None}
    if not ids:
        return {}
    products = ctx.session.exec(select(Product).where(col(Product.id).in_(ids))).all()
    by_id = {product.id: product_label(product, ctx.lang) for product in products}
    return {line.id: by_id[line.product_id] for line in lines
            if line.id is not None and line.product_id in by_id}  # fmt: skip


def receipt_card(ctx: Ctx, receipt: Receipt, lines: list[ReceiptLine], names: dict[int, str],
                 store: Store | None) -> Card:  # fmt: skip
    shown = [
        ctx.text("chat.receipt.card.line", label=names.get(line.id or 0, line.label),
                 amount=Money(line.amount_cents))
        for line in lines
    ]  # fmt: skip
    title = (
        ctx.text("chat.receipt.card.title_store", store=store.name, when=receipt.purchased_at)
        if store is not None
        else ctx.text("chat.receipt.card.title", when=receipt.purchased_at)
    )
    return Card(kind="receipt", title=title, lines=shown,
                price=money(receipt.total_cents, ctx.lang), ref=receipt.id)  # fmt: skip


class ReceiptShow(DataAction):
    def name(self) -> str:
        return "action_receipt_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        day = parse_date(ctx.slot("date"), ctx.today)
        since = until = None
        if day is not None:
            since = dt.datetime.combine(day, dt.time(), zone(ctx.household))
            until = since + dt.timedelta(days=1)
        page = list_receipts(
            session=ctx.session, household_id=ctx.household_id, limit=1, since=since, until=until
        )
        if not page.items:
            if day is not None:
                ctx.tell("chat.receipt.none_on", day=day)
            else:
                ctx.tell("chat.receipt.none")
            return []
        receipt = get_receipt(
            session=ctx.session, household_id=ctx.household_id, receipt_id=page.items[0].id
        )
        assert receipt.id is not None
        lines = sorted(
            receipt_lines(session=ctx.session, receipt_id=receipt.id),
            key=lambda line: -line.amount_cents,
        )
        store = ctx.session.get(Store, receipt.store_id) if receipt.store_id else None
        names = _names(ctx, lines)
        values = {"when": receipt.purchased_at, "total": Money(receipt.total_cents),
                  "count": len(lines)}  # fmt: skip
        if store is not None:
            parts = [Msg("chat.receipt.shown", {**values, "store": store.name})]
        else:
            parts = [Msg("chat.receipt.shown_nowhere", values)]
        if lines:
            main = [names.get(line.id or 0, line.label) for line in lines[:MAIN_PURCHASES]]
            parts.append(Msg("chat.receipt.main", {"products": main}))
        ctx.tell_all(parts, cards=[receipt_card(ctx, receipt, lines, names, store)])
        return []

"""The customer's receipts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from actions.base import Ctx, DataAction, parse_date, zone
from assistant.catalog.models import Store
from assistant.history.service import get_receipt, list_receipts, receipt_lines
from assistant.i18n import money


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
            on_fr = f" du {day:%d/%m}" if day else ""
            on_en = f" for {day:%d/%m}" if day else ""
            ctx.say(
                fr=f"Je ne trouve pas de ticket{on_fr}.", en=f"I can't find any receipt{on_en}."
            )
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
        local = receipt.purchased_at.astimezone(zone(ctx.household))
        main_fr = ", ".join(f"{line.label} {money(line.amount_cents, 'fr')}" for line in lines[:3])
        main_en = ", ".join(f"{line.label} {money(line.amount_cents, 'en')}" for line in lines[:3])
        where = f" ({store.name})" if store else ""
        ctx.say(
            fr=f"Ticket du {local:%d/%m/%Y à %H:%M}{where} : {money(receipt.total_cents, 'fr')}, "
            f"{len(lines)} ligne(s). Principaux achats : {main_fr}.",
            en=f"Receipt of {local:%d/%m/%Y at %H:%M}{where}: {money(receipt.total_cents, 'en')}, "
            f"{len(lines)} line(s). Main items: {main_en}.",
        )
        return []

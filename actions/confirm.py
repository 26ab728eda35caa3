"""Yes and no: carry out or cancel the action waiting for the customer's confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from actions.base import Ctx, DataAction, clear_pending
from actions.orders import confirm_order_place
from actions.outings import confirm_outing_book
from actions.shopping import confirm_prefill

HANDLERS: dict[str, Callable[[Ctx, dict[str, Any]], None]] = {
    "shopping_list_prefill": confirm_prefill,
    "order_place": confirm_order_place,
    "outing_book": confirm_outing_book,
}


def _nothing(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.say(
        fr="Il n'y a rien à confirmer pour le moment.",
        en="There is nothing to confirm right now.",
    )
    return clear_pending()


class ActionConfirm(DataAction):
    def name(self) -> str:
        return "action_confirm"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        handler = HANDLERS.get(str(ctx.slot("pending_action") or ""))
        payload = ctx.slot("pending_payload")
        if handler is None or not isinstance(payload, dict):
            return _nothing(ctx)
        handler(ctx, payload)
        return clear_pending()


class ActionDeny(DataAction):
    def name(self) -> str:
        return "action_deny"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        if not ctx.slot("pending_action"):
            return _nothing(ctx)
        ctx.say(fr="C'est annulé, rien n'a été fait.", en="Cancelled: nothing was done.")
        return clear_pending()

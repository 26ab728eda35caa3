"""Yes and no: carry out or cancel the action waiting for the customer's confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from actions.base import Ctx, DataAction, clear_pending, pending_age, set_pending
from actions.changes import confirm_booking_cancel, confirm_order_cancel, confirm_order_move
from actions.orders import confirm_order_place
from actions.outings import confirm_outing_book, correct_outing_book, yes_no
from actions.shopping import confirm_prefill
from assistant.config import get_settings
from assistant.i18n import Msg

HANDLERS: dict[str, Callable[[Ctx, dict[str, Any]], None]] = {
    "shopping_list_prefill": confirm_prefill,
    "order_place": confirm_order_place,
    "outing_book": confirm_outing_book,
    "booking_cancel": confirm_booking_cancel,
    "order_cancel": confirm_order_cancel,
    "order_modify": confirm_order_move,
}


# A no that says what to change instead ("non, pour 3") asks the question again, changed.
CORRECTIONS: dict[str, Callable[[Ctx, dict[str, Any]], list[dict[str, Any]] | None]] = {
    "outing_book": correct_outing_book,
}


def _nothing(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.tell("chat.confirm.nothing")
    return clear_pending()


class ActionConfirm(DataAction):
    def name(self) -> str:
        return "action_confirm"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        action = str(ctx.slot("pending_action") or "")
        handler = HANDLERS.get(action)
        payload = ctx.slot("pending_payload")
        if handler is None or not isinstance(payload, dict):
            return _nothing(ctx)
        age = pending_age(ctx, payload)
        ttl = dt.timedelta(minutes=get_settings().confirmation_ttl_minutes)
        if age is None or age > ttl:
            return _ask_again(ctx, action, payload, ttl)
        handler(ctx, payload)
        return clear_pending()


def _ask_again(
    ctx: Ctx, action: str, payload: dict[str, Any], ttl: dt.timedelta
) -> list[dict[str, Any]]:
    """A yes to a question asked long ago is not a yes to it now (the order, the seats may
    no longer be what the customer means): the question is asked again."""
    minutes = int(ttl.total_seconds() // 60)
    question = payload.get("question")
    asked: dict[str, Any] = question if isinstance(question, dict) else {}
    fr, en = str(asked.get("fr") or ""), str(asked.get("en") or "")
    if not fr or not en:
        ctx.tell("chat.confirm.stale_forgotten", minutes=minutes)
        return clear_pending()
    # The question as it was asked, in the conversation's language, with its yes and no.
    question_in = {"fr": fr, "en": en}
    again = Msg("chat.confirm.again", {"question": question_in[ctx.lang]})
    ctx.tell_all([Msg("chat.confirm.stale", {"minutes": minutes}), again], buttons=yes_no(ctx))
    # What a later yes confirms is the question, not the note that it is asked again.
    ctx.said = question_in
    fresh = {k: v for k, v in payload.items() if k not in ("asked_at", "question")}
    return set_pending(ctx, action, fresh)


class ActionDeny(DataAction):
    def name(self) -> str:
        return "action_deny"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        action = ctx.slot("pending_action")
        if not action:
            return _nothing(ctx)
        payload = ctx.slot("pending_payload")
        correct = CORRECTIONS.get(str(action))
        if correct is not None and isinstance(payload, dict):
            corrected = correct(ctx, payload)
            if corrected is not None:
                return corrected
        ctx.tell("chat.confirm.cancelled")
        return clear_pending()

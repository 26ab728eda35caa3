"""The shopping list: show, add, remove, change a quantity, and the weekly pre-filled
proposal from the purchase history (accepted all at once with "yes").

The list is said as a short text that counts it (what a speaker reads), with one card per
line (what the app draws): quantity, why it was proposed, the coupon's saving, the stock."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from rasa_sdk.events import SlotSet

from actions.base import Ctx, DataAction, as_int, set_pending
from actions.products import find_store, product_label, resolve_product, untagged_items
from assistant.catalog.models import Product, Store
from assistant.catalog.name_index import name_index
from assistant.errors import AppError
from assistant.i18n import Money, Msg, money
from assistant.orders.proposal import propose_list
from assistant.orders.service import (
    accept_all,
    add_to_list,
    draft_order,
    list_summary,
    order_lines,
    remove_from_list,
)
from assistant.orders.view import LineView, ListView, accept_substitute, list_view
from assistant.replies import Card
from nlu.items import Item, items_of

MAX_SHOWN = 25  # a week of groceries; longer lists say "and N more"


def summary_msg(items: int, to_pay_cents: int, saving_cents: int) -> Msg:
    """ "Votre liste : 19 articles, 52,30 €", with what the coupons take off when they take
    something off (a saving of nothing is not said)."""
    if saving_cents > 0:
        return Msg(
            "shopping.summary_with_coupons",
            {"items": items, "total": Money(to_pay_cents), "saving": Money(saving_cents)},
        )
    return Msg("shopping.summary", {"items": items, "total": Money(to_pay_cents)})


def summary(ctx: Ctx) -> Msg:
    """The list as it stands after a change. Every change re-prices the list, so the order's
    discount is what the coupons applied to its lines (and its basket) take off."""
    count, to_pay = list_summary(session=ctx.session, household_id=ctx.household_id)
    order = draft_order(session=ctx.session, household_id=ctx.household_id)
    return summary_msg(count, to_pay, order.discount_cents if order is not None else 0)


def line_card(ctx: Ctx, view: LineView, store: Store | None) -> Card:
    """One line of the list: its quantity, why it was proposed, its coupon, its stock."""
    line, product = view.line, view.product
    lines = [
        ctx.text("shopping.line.quantity", quantity=line.quantity,
                 unit_price=Money(line.unit_price_cents))
    ]  # fmt: skip
    tags: list[str] = []
    if not line.accepted:
        why = line.explanation_en if ctx.lang == "en" else line.explanation
        lines.append(
            ctx.text("shopping.line.proposed_because", why=why)
            if why
            else ctx.text("shopping.line.proposed")
        )
        tags.append("proposed")
    # The line's discount is written with its coupon each time the list is priced.
    if line.discount_cents > 0:
        saving = Money(line.discount_cents)
        if view.coupon is not None:
            name = view.coupon.description_en if ctx.lang == "en" else view.coupon.description_fr
            lines.append(ctx.text("shopping.line.coupon_named", coupon=name, saving=saving))
        else:
            lines.append(ctx.text("shopping.line.coupon", saving=saving))
        tags.append("coupon")
    if view.in_stock is False:
        if view.substitute is not None:
            sub = view.substitute.product
            price, instead_of = sub.price_cents * line.quantity, view.subtotal_cents
            # "0,39 € au lieu de 0,39 €" says nothing: an equal price is said as such.
            msg_id = "substitute" if price != instead_of else "substitute_same_price"
            lines.append(
                ctx.text(
                    f"shopping.line.{msg_id}", substitute=product_label(sub, ctx.lang),
                    price=Money(price), instead_of=Money(instead_of),
                )
            )  # fmt: skip
        else:
            name = store.name if store is not None else ""
            lines.append(ctx.text("shopping.line.out_of_stock", store=name))
        tags.append("out_of_stock")
    return Card(
        kind="list_line", title=product_label(product, ctx.lang), lines=lines,
        price=money(view.subtotal_cents, ctx.lang), ref=line.id, tags=tuple(tags),
    )  # fmt: skip


def _decision_payload(view: ListView) -> dict[str, Any]:
    """What "yes" will do: accept the proposals and take the substitutes shown."""
    return {
        "accept": True,
        "substitutes": [
            v.line.id for v in view.lines if v.substitute is not None and v.line.id is not None
        ],
    }


def describe(ctx: Ctx, view: ListView, *, intro: tuple[Msg, ...] = ()) -> list[dict[str, Any]]:
    """Says the list (after `intro`), a card per line; asks for a "yes" when there are
    proposals or substitutes."""
    shown = view.lines[:MAX_SHOWN]
    parts = [*intro, summary_msg(len(view.lines), view.to_pay_cents, view.discount_cents)]
    if len(view.lines) > len(shown):
        parts.append(Msg("shopping.more", {"count": len(view.lines) - len(shown)}))
    if view.store is not None:
        parts.append(Msg("shopping.pickup", {"store": view.store.name}))
    payload = _decision_payload(view)
    ask = bool(view.proposed or payload["substitutes"])
    if ask:
        parts.append(Msg("shopping.ask_accept"))
    ctx.tell_all(parts, cards=[line_card(ctx, line, view.store) for line in shown])
    events = [SlotSet("last_topic", "shopping_list")]
    if ask:
        events += set_pending(ctx, "shopping_list_prefill", payload)
    return events


class ShoppingListShow(DataAction):
    def name(self) -> str:
        return "action_shopping_list_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        view = list_view(session=ctx.session, household_id=ctx.household_id, now=ctx.now)
        if not view.lines:
            ctx.tell("shopping.empty")
            return [SlotSet("last_topic", "shopping_list")]
        return describe(ctx, view)


class ShoppingListAdd(DataAction):
    def name(self) -> str:
        return "action_shopping_list_add"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        said = message_items(ctx, ADD)
        removals = other_part(ctx, ADD)
        if removals:
            # "add bananas and remove the spaghetti": the removal first, then the additions.
            ctx.tell_all(remove_items(ctx, [item.product for item in removals])[0])
            if not said:
                ctx.tell_all([summary(ctx)])
                return [SlotSet("last_topic", "shopping_list")]
        if len(said) > 1 or (said and removals):
            return add_several(ctx, said)
        # "Add two" names no product: the product slot still holds the last one discussed.
        text = ctx.slot("product")
        asked = as_int(ctx.slot("quantity"))
        quantity = max(1, asked or 1)
        # "6 œufs", "2 litres de lait": what was said, counted in the product's packs below.
        spoken = said[0] if said and asked is not None else None
        if said and said[0].product != text and not _tagged(ctx):
            # A product the NLU did not tag ("ad suger to my list"): what the message said.
            text = said[0].product
        if not text:
            ctx.tell("shopping.ask_product")
            return []
        found = resolve_product(ctx.session, str(text), ctx.household_id)
        if found.product is None and not found.candidates:
            ctx.tell("shopping.not_found", said=str(text))
            return []
        if found.product is None:
            packs = spoken.packs if spoken is not None else lambda _package: quantity
            buttons = _choice_buttons(ctx, found.candidates, lambda p: packs(p.package))
            ctx.tell("shopping.which", buttons=buttons, said=str(text))
            return [_choice(str(text), asked if spoken is None else None, buttons)]
        product = found.product
        if spoken is not None:
            quantity = asked = spoken.packs(product.package)
        already = _on_list(ctx, product)
        # A quantity said for a product already on the list is the quantity wanted
        # ("make it three"); without one, one more.
        line = add_to_list(
            session=ctx.session,
            household_id=ctx.household_id,
            product=product,
            quantity=quantity,
            set_quantity=already and asked is not None,
            now=ctx.now,
        )
        name = product_label(product, ctx.lang)
        if already and asked is not None:
            done = Msg("shopping.quantity_set", {"quantity": line.quantity, "product": name})
        elif line.quantity > quantity:
            done = Msg(
                "shopping.added", {"quantity": quantity, "product": name, "on_list": line.quantity}
            )
        else:
            done = Msg("shopping.added_new", {"quantity": quantity, "product": name})
        ctx.tell_all([done, summary(ctx)])
        # The product stays for "add two more"; the quantity must not leak into the next add.
        return [
            SlotSet("product", product.ean),
            SlotSet("quantity", None),
            SlotSet("last_topic", "shopping_list"),
        ]


def _typed(ctx: Ctx, intent: str) -> bool:
    """This turn's message was typed (not a button) and is handled as `intent`."""
    latest = ctx.tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != intent:
        return False
    return not str(latest.get("text") or "").startswith("/")


def _tagged(ctx: Ctx) -> bool:
    entities = (ctx.tracker.latest_message or {}).get("entities") or []
    return any(entity.get("entity") == "product" for entity in entities)


ADD, REMOVE = "shopping_list_add", "shopping_list_remove"
# A verb that starts a clause of the other kind: "add bananas and remove the spaghetti",
# "ajoute des tomates et enlève les spaghetti".
_VERBS = {
    ADD: re.compile(r"\b(?:add|put|ajoute[rz]?|rajoute[rsz]?|mets|mettez)\b", re.I),
    REMOVE: re.compile(
        r"\b(?:remove|delete|take (?:off|out)|drop|enl[eè]ve[rz]?|enlevez|retire[rz]?|"
        r"supprime[rz]?|vire[rz]?|[oô]te[rz]?)\b",
        re.I,
    ),
}


def clauses(text: str, intent: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each part of `text`: a verb of the other kind (add or remove)
    starts a part of that kind; what comes before any verb is the message's `intent`."""
    marks = sorted((m.start(), kind) for kind, verb in _VERBS.items() for m in verb.finditer(text))
    found: list[tuple[str, int, int]] = []
    kind, start = intent, 0
    for at, said in marks:
        if said != kind:
            if text[start:at].strip():
                found.append((kind, start, at))
            kind, start = said, at
    found.append((kind, start, len(text)))
    return found


def message_items(ctx: Ctx, intent: str, *, kind: str | None = None) -> list[Item]:
    """The products of this turn's typed message, each with its quantity and unit, when the
    message is handled as `intent` (a carried or button turn has its own slots, and a
    button's payload already counts packs), the ones the NLU did not tag included; only
    those of its parts of `kind` (add or remove; the intent's own by default)."""
    if not _typed(ctx, intent):
        return []
    latest = ctx.tracker.latest_message or {}
    text = str(latest.get("text") or "")
    entities: list[dict[str, Any]] = list(latest.get("entities") or [])
    items: list[Item] = []
    for part, start, end in clauses(text, intent):
        if part != (kind or intent):
            continue
        inside = [
            {**e, "start": int(e.get("start") or 0) - start, "end": int(e.get("end") or 0) - start}
            for e in entities
            if start <= int(e.get("start") or 0) < end
        ]
        # The index is asked only about a leftover word: each look-up checks the catalogue's
        # version with a query, which a request whose products were all tagged need not pay.
        untagged, tagged = untagged_items(
            text[start:end], inside,
            known=lambda phrase: bool(name_index(ctx.session).search(phrase)),
        )  # fmt: skip
        items += items_of(tagged) + untagged
    return items


def other_part(ctx: Ctx, intent: str) -> list[Item]:
    """What the same message asks of the other kind: the removals said in an add, the
    additions said in a removal."""
    return message_items(ctx, intent, kind=REMOVE if intent == ADD else ADD)


def _choice(said: str, quantity: int | None, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """What a typed answer to "which one?" narrows, and the requests of its buttons in the
    order shown, for "la deuxième" (`assistant.dialogue.choice`)."""
    options = [str(button["payload"]) for button in buttons]
    return SlotSet("product_choice", {"said": said, "quantity": quantity, "options": options})


def _choice_buttons(
    ctx: Ctx, candidates: list[Product], quantity: Callable[[Product], int]
) -> list[dict[str, Any]]:
    """ "Which one?" buttons for the three best candidates, each adding `quantity(product)`."""
    return [
        {
            "title": ctx.text(
                "shopping.choice", product=product_label(p, ctx.lang), price=Money(p.price_cents)
            ),
            "payload": "/shopping_list_add"
            + json.dumps({"product": p.ean, "quantity": quantity(p)}),
        }
        for p in candidates[:3]
    ]


def _quoted(ctx: Ctx, said: list[str]) -> list[str]:
    return [ctx.text("shopping.quoted", said=text) for text in said]


def add_several(ctx: Ctx, said: list[Item]) -> list[dict[str, Any]]:
    """Adds every product that is clear, asks which one for the first that is not, and says
    what was not found: nothing the customer named is silently dropped."""
    added: list[tuple[int, Product]] = []
    unclear: list[tuple[Item, list[Product]]] = []
    missing: list[str] = []
    for item in said:
        found = resolve_product(ctx.session, item.product, ctx.household_id)
        if found.product is None and not found.candidates:
            missing.append(item.product)
        elif found.product is None:
            unclear.append((item, found.candidates))
        else:
            packs = item.packs(found.product.package)
            add_to_list(
                session=ctx.session, household_id=ctx.household_id, product=found.product,
                quantity=packs, set_quantity=False, now=ctx.now,
            )  # fmt: skip
            added.append((packs, found.product))
    parts: list[Msg] = []
    if added:
        items = [
            ctx.text("shopping.item", quantity=n, product=product_label(p, ctx.lang))
            for n, p in added
        ]
        parts.append(Msg("shopping.added_several", {"items": items}))
    if missing:
        parts.append(Msg("shopping.not_found_several", {"said": _quoted(ctx, missing)}))
    buttons: list[dict[str, Any]] = []
    if unclear:
        item, candidates = unclear[0]
        parts.append(Msg("shopping.which", {"said": item.product}))
        buttons = _choice_buttons(ctx, candidates, lambda p: item.packs(p.package))
        later = [i.product for i, _ in unclear[1:]]
        if later:
            parts.append(Msg("shopping.then_which", {"said": _quoted(ctx, later)}))
    if added:
        parts.append(summary(ctx))
    ctx.tell_all(parts, buttons=buttons)
    events: list[dict[str, Any]] = [
        SlotSet("quantity", None),
        SlotSet("last_topic", "shopping_list"),
    ]
    if unclear:
        events.append(_choice(unclear[0][0].product, None, buttons))
    if added:
        events.insert(0, SlotSet("product", added[-1][1].ean))
    return events


def _on_list(ctx: Ctx, product: Product) -> bool:
    order = draft_order(session=ctx.session, household_id=ctx.household_id)
    lines = order_lines(session=ctx.session, order_id=order.id) if order and order.id else []
    return any(line.product_id == product.id for line, _ in lines)


class ShoppingListRemove(DataAction):
    def name(self) -> str:
        return "action_shopping_list_remove"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        said = [item.product for item in message_items(ctx, REMOVE)]
        additions = other_part(ctx, REMOVE)
        if additions and not said:
            return add_several(ctx, additions)
        texts = said if len(said) > 1 or additions else [str(ctx.slot("product") or "")]
        if not texts[0]:
            ctx.tell("shopping.ask_remove")
            return []
        parts, removed = remove_items(ctx, texts)
        if additions:
            # "ajoute des tomates et enlève les spaghetti": the removal said, then the adds.
            ctx.tell_all(parts)
            return add_several(ctx, additions)
        if not removed:
            ctx.tell_all(parts)
            return []
        ctx.tell_all([*parts, summary(ctx)])
        return [SlotSet("last_topic", "shopping_list")]


def remove_items(ctx: Ctx, texts: list[str]) -> tuple[list[Msg], bool]:
    """Takes each product named off the list: what was said of each, and whether any was."""
    order = draft_order(session=ctx.session, household_id=ctx.household_id)
    lines = order_lines(session=ctx.session, order_id=order.id) if order and order.id else []
    on_list = {product.id: (line, product) for line, product in lines}
    parts: list[Msg] = []
    removed = False
    for text in texts:
        found = resolve_product(ctx.session, text, ctx.household_id)
        # Only what is on the list can be removed: prefer a candidate that is there.
        product = next((p for p in found.candidates if p.id in on_list), None)
        if product is None or product.id is None:
            parts.append(Msg("shopping.not_on_list", {"said": text}))
            continue
        predicted = on_list.pop(product.id)[0].origin == "predicted"
        remove_from_list(
            session=ctx.session, household_id=ctx.household_id, product_id=product.id,
            now=ctx.now,
        )  # fmt: skip
        removed = True
        # A removed proposal is dismissed for the week: the customer is told so.
        msg_id = "shopping.removed_proposal" if predicted else "shopping.removed"
        parts.append(Msg(msg_id, {"product": product_label(product, ctx.lang)}))
    return parts, removed


class ShoppingListPrefill(DataAction):
    def name(self) -> str:
        return "action_shopping_list_prefill"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        store = find_store(ctx.session, ctx.slot("store"))
        propose_list(
            session=ctx.session,
            household_id=ctx.household_id,
            store_id=store.id if store is not None else None,
            at=ctx.now,
        )
        view = list_view(session=ctx.session, household_id=ctx.household_id, now=ctx.now)
        if not view.proposed:
            if not view.lines:
                ctx.tell("shopping.nothing_due")
                return []
            return describe(ctx, view, intro=(Msg("shopping.nothing_due"),))
        return describe(
            ctx, view, intro=(Msg("shopping.proposal", {"proposed": len(view.proposed)}),)
        )


def confirm_prefill(ctx: Ctx, payload: dict[str, Any]) -> None:
    """ "Yes" to the proposal: every proposed line accepted, the substitutes shown taken."""
    if "items" in payload:  # a proposal asked before the list was pre-filled in place
        _add_items(ctx, payload["items"])
        return
    swapped: list[str] = []
    for line_id in payload.get("substitutes", []):
        try:
            line = accept_substitute(
                session=ctx.session,
                household_id=ctx.household_id,
                line_id=int(line_id),
                now=ctx.now,
            )
        except AppError:  # the line was removed or is back in stock meanwhile
            continue
        product = ctx.session.get(Product, line.product_id)
        if product is not None:
            swapped.append(product_label(product, ctx.lang))
    accepted = accept_all(session=ctx.session, household_id=ctx.household_id)
    parts = [Msg("shopping.accepted", {"count": accepted})]
    if swapped:
        parts.append(Msg("shopping.substituted", {"products": swapped}))
    ctx.tell_all([*parts, summary(ctx)])


def _add_items(ctx: Ctx, items: list[dict[str, Any]]) -> None:
    added: list[str] = []
    for item in items:
        product = ctx.session.get(Product, as_int(item.get("product_id")))
        if product is None:
            continue
        quantity = max(1, as_int(item.get("quantity"), 1) or 1)
        add_to_list(
            session=ctx.session,
            household_id=ctx.household_id,
            product=product,
            quantity=quantity,
            now=ctx.now,
        )
        added.append(product_label(product, ctx.lang))
    parts = [Msg("shopping.added_items", {"products": added})] if added else []
    ctx.tell_all([*parts, summary(ctx)])

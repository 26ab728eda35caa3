"""The shopping list: show, add, remove, and a pre-filled list from the purchase history."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk.events import SlotSet

from actions.base import Ctx, DataAction, as_int, money, set_pending
from actions.products import product_label, resolve_product
from assistant.catalog.models import Product
from assistant.orders.service import (
    add_to_list,
    draft_order,
    due_items,
    list_summary,
    order_lines,
    remove_from_list,
)

NOT_ON_A_LIST = frozenset({"carburant"})  # fuel is bought at the pump, not in a drive order


def summary_sentence(ctx: Ctx) -> tuple[str, str]:
    count, total = list_summary(session=ctx.session, household_id=ctx.household_id)
    return (
        f"Votre liste : {count} article{'s' if count > 1 else ''}, {money(total, 'fr')}.",
        f"Your list: {count} item{'s' if count != 1 else ''}, {money(total, 'en')}.",
    )


class ShoppingListShow(DataAction):
    def name(self) -> str:
        return "action_shopping_list_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        order = draft_order(session=ctx.session, household_id=ctx.household_id)
        lines = order_lines(session=ctx.session, order_id=order.id) if order and order.id else []
        if not lines:
            ctx.say(fr="Votre liste de courses est vide.", en="Your shopping list is empty.")
            return [SlotSet("last_topic", "shopping_list")]
        items_fr = ", ".join(f"{line.quantity} x {p.name_fr}" for line, p in lines)
        items_en = ", ".join(f"{line.quantity} x {p.name_en}" for line, p in lines)
        summary_fr, summary_en = summary_sentence(ctx)
        ctx.say(fr=f"{summary_fr} {items_fr}.", en=f"{summary_en} {items_en}.")
        return [SlotSet("last_topic", "shopping_list")]


class ShoppingListAdd(DataAction):
    def name(self) -> str:
        return "action_shopping_list_add"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        # "Add two" names no product: the product slot still holds the last one discussed.
        text = ctx.slot("product")
        quantity = max(1, as_int(ctx.slot("quantity"), 1) or 1)
        if not text:
            ctx.say(fr="Quel produit voulez-vous ajouter ?", en="Which product should I add?")
            return []
        found = resolve_product(ctx.session, str(text), ctx.household_id)
        if found.product is None and not found.candidates:
            ctx.say(
                fr=f"Je ne trouve pas « {text} » dans le catalogue Carchan.",
                en=f'I can\'t find "{text}" in the Carchan catalogue.',
            )
            return []
        if found.product is None:
            buttons = [
                {
                    "title": f"{product_label(p, ctx.lang)} ({money(p.price_cents, ctx.lang)})",
                    "payload": "/shopping_list_add"
                    + json.dumps({"product": p.ean, "quantity": quantity}),
                }
                for p in found.candidates[:3]
            ]
            ctx.say(
                fr=f"Plusieurs produits correspondent à « {text} » : lequel ?",
                en=f'Several products match "{text}": which one?',
                buttons=buttons,
            )
            return []
        product = found.product
        line = add_to_list(
            session=ctx.session, household_id=ctx.household_id, product=product, quantity=quantity
        )
        summary_fr, summary_en = summary_sentence(ctx)
        ctx.say(
            fr=f"J'ai ajouté {quantity} x {product.name_fr} (total {line.quantity} sur la liste). "
            f"{summary_fr}",
            en=f"I added {quantity} x {product.name_en} ({line.quantity} on the list now). "
            f"{summary_en}",
        )
        # The product stays for "add two more"; the quantity must not leak into the next add.
        return [
            SlotSet("product", product.ean),
            SlotSet("quantity", None),
            SlotSet("last_topic", "shopping_list"),
        ]


class ShoppingListRemove(DataAction):
    def name(self) -> str:
        return "action_shopping_list_remove"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        text = ctx.slot("product")
        if not text:
            ctx.say(fr="Quel produit dois-je retirer ?", en="Which product should I remove?")
            return []
        order = draft_order(session=ctx.session, household_id=ctx.household_id)
        lines = order_lines(session=ctx.session, order_id=order.id) if order and order.id else []
        on_list = {product.id: product for _, product in lines}
        found = resolve_product(ctx.session, str(text), ctx.household_id)
        # Only what is on the list can be removed: prefer a candidate that is there.
        product = next((p for p in found.candidates if p.id in on_list), None)
        if product is None or product.id is None:
            ctx.say(
                fr=f"« {text} » n'est pas sur votre liste.",
                en=f'"{text}" is not on your list.',
            )
            return []
        remove_from_list(session=ctx.session, household_id=ctx.household_id, product_id=product.id)
        summary_fr, summary_en = summary_sentence(ctx)
        ctx.say(
            fr=f"J'ai retiré {product.name_fr}. {summary_fr}",
            en=f"I removed {product.name_en}. {summary_en}",
        )
        return [SlotSet("last_topic", "shopping_list")]


class ShoppingListPrefill(DataAction):
    def name(self) -> str:
        return "action_shopping_list_prefill"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        items = [
            item
            for item in due_items(
                session=ctx.session, household_id=ctx.household_id, today=ctx.today
            )
            if item.product.department not in NOT_ON_A_LIST and not item.product.lifespan_days
        ][:6]
        if not items:
            ctx.say(
                fr="Je ne vois rien à racheter pour l'instant d'après vos achats.",
                en="Nothing looks due for re-purchase from your purchase history right now.",
            )
            return []
        fr = "; ".join(
            f"{i.quantity} x {i.product.name_fr} (acheté tous les {round(i.interval_days)} jours, "
            f"dernier achat il y a {i.days_since} jours)"
            for i in items
        )
        en = "; ".join(
            f"{i.quantity} x {i.product.name_en} (bought every {round(i.interval_days)} days, "
            f"last bought {i.days_since} days ago)"
            for i in items
        )
        ctx.say(
            fr=f"D'après vos achats, il est temps de racheter : {fr}. Je les ajoute à la liste ?",
            en=f"From your purchases, these are due: {en}. Shall I add them to your list?",
        )
        payload = {
            "items": [{"product_id": item.product.id, "quantity": item.quantity} for item in items]
        }
        return set_pending("shopping_list_prefill", payload)


def confirm_prefill(ctx: Ctx, payload: dict[str, Any]) -> None:
    added_fr, added_en = [], []
    for item in payload.get("items", []):
        product = ctx.session.get(Product, as_int(item.get("product_id")))
        if product is None:
            continue
        quantity = max(1, as_int(item.get("quantity"), 1) or 1)
        add_to_list(
            session=ctx.session,
            household_id=ctx.household_id,
            product=product,
            quantity=quantity,
            origin="predicted",
            explanation="repurchase cycle",
        )
        added_fr.append(product.name_fr)
        added_en.append(product.name_en)
    summary_fr, summary_en = summary_sentence(ctx)
    ctx.say(
        fr=f"C'est ajouté : {', '.join(added_fr)}. {summary_fr}",
        en=f"Added: {', '.join(added_en)}. {summary_en}",
    )

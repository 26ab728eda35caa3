"""The shopping list: show, add, remove, change a quantity, and the weekly pre-filled
proposal from the purchase history (accepted all at once with "yes")."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rasa_sdk.events import SlotSet

from actions.base import Ctx, DataAction, as_int, set_pending
from actions.products import find_store, product_label, resolve_product, untagged_items
from assistant.catalog.models import Product
from assistant.catalog.name_index import name_index
from assistant.errors import AppError
from assistant.i18n import money
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
from nlu.items import Item, items_of

MAX_SHOWN = 25  # a week of groceries; longer lists say "and N more"


def summary_sentence(ctx: Ctx) -> tuple[str, str]:
    count, total = list_summary(session=ctx.session, household_id=ctx.household_id)
    return (
        f"Votre liste : {count} article{'s' if count > 1 else ''}, {money(total, 'fr')}.",
        f"Your list: {count} item{'s' if count != 1 else ''}, {money(total, 'en')}.",
    )


def line_text(view: LineView, lang: str, *, explain: bool = False) -> str:
    """ "2 x Café moulu (proposé : acheté tous les 7 jours ; coupon -1,05 €)"."""
    line, product = view.line, view.product
    name = product.name_en if lang == "en" else product.name_fr
    notes = []
    if not line.accepted:
        why = line.explanation_en if lang == "en" else line.explanation
        label = "suggested" if lang == "en" else "proposé"
        colon = ":" if lang == "en" else " :"
        notes.append(f"{label}{colon} {why}" if explain and why else label)
    if line.discount_cents:
        notes.append(f"coupon -{money(line.discount_cents, lang)}")
    if view.in_stock is False:
        if view.substitute is not None:
            sub = view.substitute.product
            sub_name = sub.name_en if lang == "en" else sub.name_fr
            notes.append(
                f"out of stock, instead: {sub_name} ({money(sub.price_cents, lang)})"
                if lang == "en"
                else f"en rupture, à la place : {sub_name} ({money(sub.price_cents, lang)})"
            )
        else:
            notes.append("out of stock" if lang == "en" else "en rupture")
    suffix = f" ({'; '.join(notes)})" if notes else ""
    return f"{line.quantity} x {name}{suffix}"


def _decision_payload(view: ListView) -> dict[str, Any]:
    """What "yes" will do: accept the proposals and take the substitutes shown."""
    return {
        "accept": True,
        "substitutes": [
            v.line.id for v in view.lines if v.substitute is not None and v.line.id is not None
        ],
    }


def describe(ctx: Ctx, view: ListView, *, explain: bool) -> list[dict[str, Any]]:
    """Says the list; asks for a "yes" when there are proposals or substitutes."""
    summary_fr, summary_en = summary_sentence(ctx)
    shown = view.lines[:MAX_SHOWN]
    items_fr = ", ".join(line_text(v, "fr", explain=explain) for v in shown)
    items_en = ", ".join(line_text(v, "en", explain=explain) for v in shown)
    more = len(view.lines) - len(shown)
    if more > 0:
        items_fr += f" et {more} autre{'s' if more > 1 else ''}"
        items_en += f" and {more} more"
    where_fr = f" Retrait à {view.store.name}." if view.store else ""
    where_en = f" Pickup at {view.store.name}." if view.store else ""
    coupons_fr = (
        f" Vos coupons déduisent {money(view.discount_cents, 'fr')}." if view.discount_cents else ""
    )
    coupons_en = (
        f" Your coupons take off {money(view.discount_cents, 'en')}." if view.discount_cents else ""
    )
    payload = _decision_payload(view)
    ask_fr = ask_en = ""
    if view.proposed or payload["substitutes"]:
        ask_fr = " Je valide ces propositions ?"
        ask_en = " Shall I accept these suggestions?"
    ctx.say(
        fr=f"{summary_fr} {items_fr}.{coupons_fr}{where_fr}{ask_fr}",
        en=f"{summary_en} {items_en}.{coupons_en}{where_en}{ask_en}",
    )
    events = [SlotSet("last_topic", "shopping_list")]
    if ask_fr:
        events += set_pending(ctx, "shopping_list_prefill", payload)
    return events


class ShoppingListShow(DataAction):
    def name(self) -> str:
        return "action_shopping_list_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        view = list_view(session=ctx.session, household_id=ctx.household_id, now=ctx.now)
        if not view.lines:
            ctx.say(fr="Votre liste de courses est vide.", en="Your shopping list is empty.")
            return [SlotSet("last_topic", "shopping_list")]
        return describe(ctx, view, explain=False)


class ShoppingListAdd(DataAction):
    def name(self) -> str:
        return "action_shopping_list_add"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        said = message_items(ctx, "shopping_list_add")
        if len(said) > 1:
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
            packs = spoken.packs if spoken is not None else lambda _package: quantity
            buttons = _choice_buttons(ctx, found.candidates, lambda p: packs(p.package))
            ctx.say(
                fr=f"Plusieurs produits correspondent à « {text} » : lequel ?",
                en=f'Several products match "{text}": which one?',
                buttons=buttons,
            )
            return [_choice(str(text), asked if spoken is None else None)]
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
        summary_fr, summary_en = summary_sentence(ctx)
        if already and asked is not None:
            fr = f"C'est noté : {line.quantity} x {product.name_fr} sur la liste."
            en = f"Done: {line.quantity} x {product.name_en} on the list."
        else:
            fr = f"J'ai ajouté {quantity} x {product.name_fr} (total {line.quantity} sur la liste)."
            en = f"I added {quantity} x {product.name_en} ({line.quantity} on the list now)."
        ctx.say(fr=f"{fr} {summary_fr}", en=f"{en} {summary_en}")
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


def message_items(ctx: Ctx, intent: str) -> list[Item]:
    """The products of this turn's typed message, each with its quantity and unit, when the
    message is handled as `intent` (a carried or button turn has its own slots, and a
    button's payload already counts packs), the ones the NLU did not tag included."""
    if not _typed(ctx, intent):
        return []
    latest = ctx.tracker.latest_message or {}
    # The index is asked only about a leftover word: each look-up checks the catalogue's
    # version with a query, which a request whose products were all tagged need not pay.
    untagged, entities = untagged_items(
        str(latest.get("text") or ""),
        latest.get("entities") or [],
        known=lambda phrase: bool(name_index(ctx.session).search(phrase)),
    )
    return items_of(entities) + untagged


def _choice(said: str, quantity: int | None) -> dict[str, Any]:
    """What a typed answer to "which one?" narrows (`assistant.dialogue.choice`)."""
    return SlotSet("product_choice", {"said": said, "quantity": quantity})


def _choice_buttons(
    ctx: Ctx, candidates: list[Product], quantity: Callable[[Product], int]
) -> list[dict[str, Any]]:
    """ "Which one?" buttons for the three best candidates, each adding `quantity(product)`."""
    return [
        {
            "title": f"{product_label(p, ctx.lang)} ({money(p.price_cents, ctx.lang)})",
            "payload": "/shopping_list_add"
            + json.dumps({"product": p.ean, "quantity": quantity(p)}),
        }
        for p in candidates[:3]
    ]


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
    fr: list[str] = []
    en: list[str] = []
    if added:
        fr.append("J'ai ajouté " + _and([f"{n} x {p.name_fr}" for n, p in added], "fr") + ".")
        en.append("I added " + _and([f"{n} x {p.name_en}" for n, p in added], "en") + ".")
    if missing:
        quoted_fr = _and([f"« {m} »" for m in missing], "fr")
        quoted_en = _and([f"\u201c{m}\u201d" for m in missing], "en")
        fr.append(f"Je n'ai pas trouvé {quoted_fr} dans le catalogue Carchan.")
        en.append(f"I couldn't find {quoted_en} in the Carchan catalogue.")
    buttons: list[dict[str, Any]] = []
    if unclear:
        item, candidates = unclear[0]
        fr.append(f"Plusieurs produits correspondent à « {item.product} » : lequel ?")
        en.append(f'Several products match "{item.product}": which one?')
        buttons = _choice_buttons(ctx, candidates, lambda p: item.packs(p.package))
        later = [i.product for i, _ in unclear[1:]]
        if later:
            later_fr = _and([f"« {w} »" for w in later], "fr")
            later_en = _and([f"\u201c{w}\u201d" for w in later], "en")
            fr.append(f"Ensuite, précisez aussi {later_fr}.")
            en.append(f"Then tell me which {later_en} too.")
    if added:
        summary_fr, summary_en = summary_sentence(ctx)
        fr.append(summary_fr)
        en.append(summary_en)
    ctx.say(fr=" ".join(fr), en=" ".join(en), buttons=buttons)
    events: list[dict[str, Any]] = [
        SlotSet("quantity", None),
        SlotSet("last_topic", "shopping_list"),
    ]
    if unclear:
        events.append(_choice(unclear[0][0].product, None))
    if added:
        events.insert(0, SlotSet("product", added[-1][1].ean))
    return events


def _and(parts: list[str], lang: str) -> str:
    if len(parts) < 2:
        return "".join(parts)
    word = " et " if lang == "fr" else " and "
    return ", ".join(parts[:-1]) + word + parts[-1]


def _on_list(ctx: Ctx, product: Product) -> bool:
    order = draft_order(session=ctx.session, household_id=ctx.household_id)
    lines = order_lines(session=ctx.session, order_id=order.id) if order and order.id else []
    return any(line.product_id == product.id for line, _ in lines)


class ShoppingListRemove(DataAction):
    def name(self) -> str:
        return "action_shopping_list_remove"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        said = [item.product for item in message_items(ctx, "shopping_list_remove")]
        texts = said if len(said) > 1 else [str(ctx.slot("product") or "")]
        if not texts[0]:
            ctx.say(fr="Quel produit dois-je retirer ?", en="Which product should I remove?")
            return []
        order = draft_order(session=ctx.session, household_id=ctx.household_id)
        lines = order_lines(session=ctx.session, order_id=order.id) if order and order.id else []
        on_list = {product.id: (line, product) for line, product in lines}
        fr: list[str] = []
        en: list[str] = []
        removed = False
        for text in texts:
            found = resolve_product(ctx.session, text, ctx.household_id)
            # Only what is on the list can be removed: prefer a candidate that is there.
            product = next((p for p in found.candidates if p.id in on_list), None)
            if product is None or product.id is None:
                fr.append(f"« {text} » n'est pas sur votre liste.")
                en.append(f'"{text}" is not on your list.')
                continue
            predicted = on_list.pop(product.id)[0].origin == "predicted"
            remove_from_list(
                session=ctx.session, household_id=ctx.household_id, product_id=product.id,
                now=ctx.now,
            )  # fmt: skip
            removed = True
            later_fr = " Je ne le proposerai plus cette semaine." if predicted else ""
            later_en = " I won't suggest it again this week." if predicted else ""
            fr.append(f"J'ai retiré {product.name_fr}.{later_fr}")
            en.append(f"I removed {product.name_en}.{later_en}")
        if not removed:
            ctx.say(fr=" ".join(fr), en=" ".join(en))
            return []
        summary_fr, summary_en = summary_sentence(ctx)
        ctx.say(fr=" ".join([*fr, summary_fr]), en=" ".join([*en, summary_en]))
        return [SlotSet("last_topic", "shopping_list")]


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
            ctx.say(
                fr="Je ne vois rien de plus à racheter pour l'instant d'après vos achats.",
                en="Nothing more looks due for re-purchase from your purchase history right now.",
            )
            return describe(ctx, view, explain=False) if view.lines else []
        ctx.say(
            fr=f"D'après vos achats, voici votre liste de la semaine ({len(view.proposed)} "
            "proposition" + ("s" if len(view.proposed) > 1 else "") + ").",
            en=f"From your purchases, here is this week's list ({len(view.proposed)} "
            "suggestion" + ("s" if len(view.proposed) != 1 else "") + ").",
        )
        return describe(ctx, view, explain=True)


def confirm_prefill(ctx: Ctx, payload: dict[str, Any]) -> None:
    """ "Yes" to the proposal: every proposed line accepted, the substitutes shown taken."""
    if "items" in payload:  # a proposal asked before the list was pre-filled in place
        _add_items(ctx, payload["items"])
        return
    swapped_fr, swapped_en = [], []
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
            swapped_fr.append(product.name_fr)
            swapped_en.append(product.name_en)
    accepted = accept_all(session=ctx.session, household_id=ctx.household_id)
    summary_fr, summary_en = summary_sentence(ctx)
    swap_fr = f" Remplacements : {', '.join(swapped_fr)}." if swapped_fr else ""
    swap_en = f" Substitutes: {', '.join(swapped_en)}." if swapped_en else ""
    ctx.say(
        fr=f"C'est validé : {accepted} proposition{'s' if accepted > 1 else ''} acceptée"
        f"{'s' if accepted > 1 else ''}.{swap_fr} {summary_fr}",
        en=f"Done: {accepted} suggestion{'s' if accepted != 1 else ''} accepted.{swap_en} "
        f"{summary_en}",
    )


def _add_items(ctx: Ctx, items: list[dict[str, Any]]) -> None:
    added_fr, added_en = [], []
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
        added_fr.append(product.name_fr)
        added_en.append(product.name_en)
    summary_fr, summary_en = summary_sentence(ctx)
    ctx.say(
        fr=f"C'est ajouté : {', '.join(added_fr)}. {summary_fr}",
        en=f"Added: {', '.join(added_en)}. {summary_en}",
    )

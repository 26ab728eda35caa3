"""Click & collect: placing the shopping list on a pickup slot, and the orders' status."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from actions.base import (
    DAY_NAMES,
    DEFAULT_TZ,
    Ctx,
    DataAction,
    parse_date,
    parse_time,
    set_pending,
)
from actions.products import find_store
from assistant.catalog.models import Store
from assistant.errors import AppError
from assistant.i18n import money
from assistant.orders.models import PickupSlot
from assistant.orders.service import (
    draft_order,
    find_slot,
    free_slots,
    open_orders,
    order_lines,
    place_order,
)
from assistant.orders.view import list_view

STATUS_WORDS = {
    "placed": ("enregistrée", "placed"),
    "picking": ("en préparation", "being prepared"),
    "ready": ("prête à retirer", "ready for pickup"),
}


def slot_text(slot: PickupSlot, store: Store | None, lang: str, *, named: bool = True) -> str:
    """ "mercredi 25/11 à 18:00 (Carchan Montparnasse)", in the store's time zone."""
    local = slot.starts_at.astimezone(_tz(store))
    day = DAY_NAMES[lang][local.weekday()]
    where = f" ({store.name})" if store is not None and named else ""
    if lang == "en":
        return f"{day} {local:%d/%m} at {local:%H:%M}{where}"
    return f"{day} {local:%d/%m} à {local:%H:%M}{where}"


def _tz(store: Store | None) -> ZoneInfo:
    return ZoneInfo(store.timezone if store is not None else DEFAULT_TZ)


def choose_slot(
    session: Session, store: Store, time_value: Any, date_value: Any, now: dt.datetime
) -> tuple[PickupSlot | None, dt.date | None]:
    """The store's slot at that time: on the date asked, else the next such slot to come
    (today if still ahead, else tomorrow). Returns the slot (None if none) and the day."""
    assert store.id is not None
    at = parse_time(time_value)
    if at is None:
        return None, None
    local_now = now.astimezone(_tz(store))
    day = parse_date(date_value, local_now.date())
    days = [day] if day is not None else [local_now.date(), local_now.date() + dt.timedelta(1)]
    for candidate in days:
        slot = find_slot(session=session, store_id=store.id, day=candidate, at=at, tz=_tz(store))
        if slot is not None and slot.starts_at > now:
            return slot, candidate
    return None, days[0]


def next_free_text(session: Session, store: Store, now: dt.datetime, lang: str) -> str:
    assert store.id is not None
    slots = free_slots(session=session, store_id=store.id, after=now)
    return ", ".join(slot_text(slot, store, lang, named=False) for slot in slots) or (
        "aucun" if lang == "fr" else "none"
    )


def _pickup_store(ctx: Ctx, draft_store_id: int | None) -> Store | None:
    """The store named, else the list's store, else the household's usual store."""
    named = ctx.slot("store")
    if named:
        return find_store(ctx.session, named)
    store_id = draft_store_id or ctx.household.preferred_store_id
    return ctx.session.get(Store, store_id) if store_id is not None else None


class OrderPlace(DataAction):
    def name(self) -> str:
        return "action_order_place"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        order = draft_order(session=ctx.session, household_id=ctx.household_id)
        view = list_view(session=ctx.session, household_id=ctx.household_id, now=ctx.now)
        if order is None or order.id is None or not view.lines:
            ctx.say(
                fr="Votre liste de courses est vide : ajoutez des produits avant de commander.",
                en="Your shopping list is empty: add some products before ordering.",
            )
            return []
        store = _pickup_store(ctx, order.store_id)
        if store is None:
            ctx.say(fr="Je ne connais pas ce magasin.", en="I don't know that store.")
            return []
        if ctx.slot("pickup_time") is None:
            free = next_free_text(ctx.session, store, ctx.now, ctx.lang)
            ctx.say(
                fr=f"À quelle heure voulez-vous retirer votre commande à {store.name} ? "
                f"Prochains créneaux libres : {free}.",
                en=f"When would you like to pick up your order at {store.name}? "
                f"Next free slots: {free}.",
            )
            return []
        slot, _day = choose_slot(
            ctx.session, store, ctx.slot("pickup_time"), ctx.slot("date"), ctx.now
        )
        if slot is None or slot.booked >= slot.capacity:
            free = next_free_text(ctx.session, store, ctx.now, ctx.lang)
            ctx.say(
                fr=f"Ce créneau n'est pas disponible à {store.name}. Prochains créneaux libres : "
                f"{free}.",
                en=f"That slot is not available at {store.name}. Next free slots: {free}.",
            )
            return []
        count, total = len(view.lines), view.to_pay_cents
        lines = [(v.line, v.product) for v in view.lines]
        names_fr = ", ".join(f"{line.quantity} x {p.name_fr}" for line, p in lines[:5])
        names_en = ", ".join(f"{line.quantity} x {p.name_en}" for line, p in lines[:5])
        coupons_fr = (
            f" (dont {money(view.discount_cents, 'fr')} de coupons)" if view.discount_cents else ""
        )
        coupons_en = (
            f" ({money(view.discount_cents, 'en')} off with your coupons)"
            if view.discount_cents
            else ""
        )
        ctx.say(
            fr=f"Je passe la commande de {count} article{'s' if count > 1 else ''} "
            f"({names_fr}), {money(total, 'fr')}{coupons_fr}, à retirer "
            f"{slot_text(slot, store, 'fr')} ? Confirmez-vous ?",
            en=f"Shall I place the order of {count} item{'s' if count != 1 else ''} "
            f"({names_en}), {money(total, 'en')}{coupons_en}, for pickup "
            f"{slot_text(slot, store, 'en')}? Do you confirm?",
        )
        return set_pending(ctx, "order_place", {"order_id": order.id, "slot_id": slot.id})


def confirm_order_place(ctx: Ctx, payload: dict[str, Any]) -> None:
    order_id, slot_id = int(payload["order_id"]), int(payload["slot_id"])
    slot = ctx.session.get(PickupSlot, slot_id)
    store = ctx.session.get(Store, slot.store_id) if slot is not None else None
    try:
        order = place_order(session=ctx.session, order_id=order_id, slot_id=slot_id, now=ctx.now)
    except AppError as exc:
        if exc.code in {"slot_full", "slot_past"} and store is not None:
            free = next_free_text(ctx.session, store, ctx.now, ctx.lang)
            why_fr = "vient d'être complet" if exc.code == "slot_full" else "est déjà passé"
            why_en = "has just filled up" if exc.code == "slot_full" else "has already started"
            ctx.say(
                fr=f"Désolé, ce créneau {why_fr}. Créneaux libres : {free}.",
                en=f"Sorry, that slot {why_en}. Free slots: {free}.",
            )
        elif exc.code == "out_of_stock" and store is not None:
            names = ", ".join(str(item["name"]) for item in exc.details["missing"])
            ctx.say(
                fr=f"{store.name} n'a pas tout en stock ({names}) : choisissez ce magasin pour "
                "votre liste afin de voir les remplacements, ou un créneau ailleurs.",
                en=f"{store.name} does not have everything in stock ({names}): choose that "
                "store for your list to see replacements, or a slot elsewhere.",
            )
        else:
            ctx.say(
                fr="Cette commande ne peut plus être passée (liste vide ou déjà commandée).",
                en="This order can no longer be placed (empty list or already ordered).",
            )
        return
    assert slot is not None
    to_pay = order.total_cents - order.discount_cents
    ctx.say(
        fr=f"Commande n° {order.id} passée : {money(to_pay, 'fr')}, à retirer "
        f"{slot_text(slot, store, 'fr')}.",
        en=f"Order #{order.id} placed: {money(to_pay, 'en')}, pickup "
        f"{slot_text(slot, store, 'en')}.",
    )


class OrderStatusAction(DataAction):
    def name(self) -> str:
        return "action_order_status"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        orders = open_orders(session=ctx.session, household_id=ctx.household_id)
        if not orders:
            ctx.say(fr="Vous n'avez aucune commande en cours.", en="You have no order in progress.")
            return []
        parts_fr, parts_en = [], []
        for order in orders:
            assert order.id is not None
            lines = order_lines(session=ctx.session, order_id=order.id)
            store = ctx.session.get(Store, order.store_id) if order.store_id else None
            slot = ctx.session.get(PickupSlot, order.slot_id) if order.slot_id else None
            status_fr, status_en = STATUS_WORDS.get(order.status, (order.status, order.status))
            items_fr = ", ".join(p.name_fr for _, p in lines[:3])
            items_en = ", ".join(p.name_en for _, p in lines[:3])
            where = f" à {store.name}" if store else ""
            where_en = f" at {store.name}" if store else ""
            when_fr = f", retrait {slot_text(slot, store, 'fr', named=False)}" if slot else ""
            when_en = f", pickup {slot_text(slot, store, 'en', named=False)}" if slot else ""
            parts_fr.append(f"n° {order.id} ({items_fr}) : {status_fr}{where}{when_fr}")
            parts_en.append(f"#{order.id} ({items_en}): {status_en}{where_en}{when_en}")
        ctx.say(
            fr="Vos commandes : " + " ; ".join(parts_fr) + ".",
            en="Your orders: " + "; ".join(parts_en) + ".",
        )
        return []

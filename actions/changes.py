"""Changing one's mind: cancel an outing booking, cancel or move a click & collect order.

Each asks for a "yes" first (the confirmation handlers below carry it out): cancelling seats
or an order is not something to do on a misheard word.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk.events import SlotSet

from actions.base import Ctx, DataAction, as_int, parse_date, set_pending, zone
from actions.orders import _pickup_store, choose_slot, next_free_text, slot_text
from actions.outings import event_when, kind_for
from assistant.catalog.models import Store
from assistant.errors import AppError
from assistant.orders.lifecycle import cancel_order, reschedule_order
from assistant.orders.models import Order, OrderStatus, PickupSlot
from assistant.orders.service import open_orders
from assistant.outings.bookings import ACTIVE, cancel_booking, list_bookings
from assistant.outings.models import Booking, Event

__all__ = [
    "BookingCancel",
    "OrderCancel",
    "OrderModify",
    "confirm_booking_cancel",
    "confirm_order_cancel",
    "confirm_order_move",
]


# -- outings ------------------------------------------------------------------------------


def _upcoming_bookings(ctx: Ctx) -> list[tuple[Booking, Event]]:
    """The household's active bookings of events still to come, soonest first, narrowed by
    the kind of outing and the day said, if any."""
    kind = kind_for(ctx.slot("event_type"))
    day = parse_date(ctx.slot("date"), ctx.today)
    found: list[tuple[Booking, Event]] = []
    for booking in list_bookings(
        session=ctx.session, household_id=ctx.household_id, statuses=list(ACTIVE)
    ):
        event = ctx.session.get(Event, booking.event_id)
        if event is None or event.starts_at <= ctx.now:
            continue
        if kind is not None and event.kind != kind:
            continue
        if day is not None and event.starts_at.astimezone(zone(ctx.household)).date() != day:
            continue
        found.append((booking, event))
    return sorted(found, key=lambda pair: pair[1].starts_at)


def _forget_question() -> list[dict[str, Any]]:
    return [SlotSet("pending_action", None), SlotSet("pending_payload", None)]


class BookingCancel(DataAction):
    def name(self) -> str:
        return "action_booking_cancel"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        if ctx.slot("pending_action") == "outing_book":
            # "Actually, cancel the booking" before its yes: nothing to undo but the question.
            ctx.say(
                fr="D'accord, je ne réserve pas : rien n'a été fait.",
                en="All right, I won't book it: nothing was done.",
            )
            return _forget_question()
        chosen = as_int(ctx.slot("booking_id"))
        bookings = _upcoming_bookings(ctx)
        if chosen is not None:
            bookings = [pair for pair in bookings if pair[0].id == chosen]
        if not bookings:
            ctx.say(
                fr="Je ne trouve pas de réservation à venir à annuler.",
                en="I can't find an upcoming booking to cancel.",
            )
            return []
        if len(bookings) > 1:
            ctx.say(
                fr="Vous avez plusieurs réservations : laquelle dois-je annuler ?",
                en="You have several bookings: which one should I cancel?",
                buttons=[
                    {
                        "title": f"{event.title} ({event_when(event, ctx.household, ctx.lang)})",
                        "payload": "/booking_cancel" + json.dumps({"booking_id": booking.id}),
                    }
                    for booking, event in bookings[:5]
                ],
            )
            return []
        booking, event = bookings[0]
        when = event_when(event, ctx.household, ctx.lang)
        ctx.say(
            fr=f"J'annule votre réservation de {booking.seats} place(s) pour {event.title}, "
            f"{when} ? Les places seront remises en vente. Confirmez-vous ?",
            en=f"Shall I cancel your booking of {booking.seats} seat(s) for {event.title}, "
            f"{when}? The seats will go back on sale. Do you confirm?",
        )
        return set_pending(ctx, "booking_cancel", {"booking_id": booking.id})


def confirm_booking_cancel(ctx: Ctx, payload: dict[str, Any]) -> None:
    try:
        booking = cancel_booking(
            session=ctx.session, household_id=ctx.household_id,
            booking_id=int(payload["booking_id"]), now=ctx.now,
        )  # fmt: skip
    except AppError:
        ctx.say(
            fr="Cette réservation ne peut plus être annulée : la sortie a commencé.",
            en="That booking can no longer be cancelled: the outing has started.",
        )
        return
    event = ctx.session.get(Event, booking.event_id)
    title = event.title if event is not None else ""
    ctx.say(
        fr=f"C'est annulé : vos {booking.seats} place(s) pour {title} sont libérées.",
        en=f"Cancelled: your {booking.seats} seat(s) for {title} are released.",
    )


# -- orders -------------------------------------------------------------------------------


def _order_when(ctx: Ctx, order: Order) -> str:
    slot = ctx.session.get(PickupSlot, order.slot_id) if order.slot_id is not None else None
    store = ctx.session.get(Store, order.store_id) if order.store_id is not None else None
    return slot_text(slot, store, ctx.lang) if slot is not None else ""


def _open_orders(ctx: Ctx) -> list[Order]:
    """Orders not yet collected, narrowed by the day said, if any; a button names one."""
    chosen = as_int(ctx.slot("order_id"))
    day = parse_date(ctx.slot("date"), ctx.today)
    found = []
    for order in open_orders(session=ctx.session, household_id=ctx.household_id):
        if chosen is not None and order.id != chosen:
            continue
        slot = ctx.session.get(PickupSlot, order.slot_id) if order.slot_id is not None else None
        on_day = slot is not None and slot.starts_at.astimezone(zone(ctx.household)).date() == day
        if day is not None and chosen is None and not on_day:
            continue
        found.append(order)
    return found


def _which_order(ctx: Ctx, orders: list[Order], intent: str) -> None:
    ctx.say(
        fr="Vous avez plusieurs commandes en cours : laquelle ?",
        en="You have several orders under way: which one?",
        buttons=[
            {
                "title": f"n° {o.id} ({_order_when(ctx, o)})"
                if ctx.lang == "fr"
                else f"#{o.id} ({_order_when(ctx, o)})",
                "payload": f"/{intent}" + json.dumps({"order_id": o.id}),
            }
            for o in orders[:5]
        ],
    )


def _too_late(ctx: Ctx, order: Order, what_fr: str, what_en: str) -> None:
    store = ctx.session.get(Store, order.store_id) if order.store_id is not None else None
    phone = f" ({store.phone})" if store is not None and getattr(store, "phone", None) else ""
    ctx.say(
        fr=f"Le magasin a déjà commencé à préparer la commande n° {order.id} : pour {what_fr}, "
        f"appelez le magasin{phone}.",
        en=f"The store has already started preparing order #{order.id}: to {what_en}, "
        f"please call the store{phone}.",
    )


class OrderCancel(DataAction):
    def name(self) -> str:
        return "action_order_cancel"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        if ctx.slot("pending_action") == "order_place":
            ctx.say(
                fr="D'accord, je ne passe pas la commande : votre liste reste telle quelle.",
                en="All right, I won't place the order: your list stays as it is.",
            )
            return _forget_question()
        orders = _open_orders(ctx)
        if not orders:
            ctx.say(
                fr="Vous n'avez pas de commande en cours à annuler.",
                en="You have no order under way to cancel.",
            )
            return []
        if len(orders) > 1:
            _which_order(ctx, orders, "order_cancel")
            return []
        order = orders[0]
        if order.status != OrderStatus.placed:
            _too_late(ctx, order, "l'annuler", "cancel it")
            return []
        when = _order_when(ctx, order)
        ctx.say(
            fr=f"J'annule la commande n° {order.id} ({when}) ? Le créneau sera libéré. "
            "Confirmez-vous ?",
            en=f"Shall I cancel order #{order.id} ({when})? The pickup slot will be freed. "
            "Do you confirm?",
        )
        return set_pending(ctx, "order_cancel", {"order_id": order.id})


def confirm_order_cancel(ctx: Ctx, payload: dict[str, Any]) -> None:
    order_id = int(payload["order_id"])
    try:
        cancel_order(
            session=ctx.session, household_id=ctx.household_id, order_id=order_id, now=ctx.now
        )
    except AppError:
        ctx.say(
            fr=f"La commande n° {order_id} ne peut plus être annulée : le magasin l'a déjà "
            "commencée.",
            en=f"Order #{order_id} can no longer be cancelled: the store has started it.",
        )
        return
    ctx.say(
        fr=f"C'est fait : la commande n° {order_id} est annulée.",
        en=f"Done: order #{order_id} is cancelled.",
    )


class OrderModify(DataAction):
    """Moving an order to another time, day or store. Its content cannot change once placed
    (the store picks from it): the customer is told so, and how."""

    def name(self) -> str:
        return "action_order_modify"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        orders = _open_orders(ctx) if ctx.slot("order_id") else _all_open(ctx)
        if not orders:
            ctx.say(
                fr="Vous n'avez pas de commande en cours à modifier.",
                en="You have no order under way to change.",
            )
            return []
        if len(orders) > 1:
            _which_order(ctx, orders, "order_modify")
            return []
        order = orders[0]
        if order.status != OrderStatus.placed:
            _too_late(ctx, order, "la modifier", "change it")
            return []
        if ctx.slot("product"):
            ctx.say(
                fr=f"Le contenu de la commande n° {order.id} ne peut plus changer une fois "
                "passée : je peux l'annuler pour que vous repassiez votre liste, ou ajouter "
                "le produit à votre liste pour la prochaine fois.",
                en=f"The content of order #{order.id} can't change once it is placed: I can "
                "cancel it so you place your list again, or add the product to your list for "
                "next time.",
            )
            return []
        store = _pickup_store(ctx, order.store_id)
        when = _order_when(ctx, order)
        if store is None or (ctx.slot("pickup_time") is None and ctx.slot("time") is None):
            free = next_free_text(ctx.session, store, ctx.now, ctx.lang) if store else ""
            ctx.say(
                fr=f"La commande n° {order.id} est prévue {when}. À quel moment voulez-vous "
                f"la retirer ? Créneaux libres : {free}.",
                en=f"Order #{order.id} is due {when}. When would you like to pick it up "
                f"instead? Free slots: {free}.",
            )
            return []
        at = ctx.slot("pickup_time") or ctx.slot("time")
        day = ctx.slot("date")
        if day is None and order.slot_id is not None:
            current = ctx.session.get(PickupSlot, order.slot_id)
            # "plutôt à 18h" keeps the day of the order.
            if current is not None:
                day = current.starts_at.astimezone(zone(ctx.household)).date().isoformat()
        slot, _ = choose_slot(ctx.session, store, at, day, ctx.now)
        if slot is None or slot.booked >= slot.capacity:
            free = next_free_text(ctx.session, store, ctx.now, ctx.lang)
            ctx.say(
                fr=f"Ce créneau n'est pas disponible à {store.name}. Créneaux libres : {free}.",
                en=f"That slot isn't available at {store.name}. Free slots: {free}.",
            )
            return []
        new = slot_text(slot, store, ctx.lang)
        ctx.say(
            fr=f"Je déplace la commande n° {order.id} de {when} à {new} ? Confirmez-vous ?",
            en=f"Shall I move order #{order.id} from {when} to {new}? Do you confirm?",
        )
        return set_pending(ctx, "order_modify", {"order_id": order.id, "slot_id": slot.id})


def _all_open(ctx: Ctx) -> list[Order]:
    return [
        o
        for o in open_orders(session=ctx.session, household_id=ctx.household_id)
        if o.status in (OrderStatus.placed, OrderStatus.picking, OrderStatus.ready)
    ]


def confirm_order_move(ctx: Ctx, payload: dict[str, Any]) -> None:
    order_id, slot_id = int(payload["order_id"]), int(payload["slot_id"])
    try:
        order = reschedule_order(
            session=ctx.session, household_id=ctx.household_id, order_id=order_id,
            slot_id=slot_id, now=ctx.now,
        )  # fmt: skip
    except AppError:
        ctx.say(
            fr="Je n'ai pas pu déplacer la commande : le créneau vient d'être pris ou le "
            "magasin a commencé la préparation.",
            en="I couldn't move the order: the slot has just been taken or the store has "
            "started preparing it.",
        )
        return
    ctx.say(
        fr=f"C'est fait : la commande n° {order.id} sera prête {_order_when(ctx, order)}.",
        en=f"Done: order #{order.id} will be ready {_order_when(ctx, order)}.",
    )

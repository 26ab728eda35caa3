"""What presence sets off: staff alerts and pushes on ENTRY, a chat context on DWELL.

Everything goes through team N's outbox (`assistant.notify.service.enqueue`), which checks
consent, caps and quiet hours; dedup keys are per visit, so a resumed visit or a replayed
batch never notifies twice. Offers come from team F's `best_offer_at_store`: when it has
nothing, nothing is sent (never a made-up personal offer).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, func, select

from assistant.catalog.models import Store
from assistant.customers.models import Channel, Household, Purpose
from assistant.dialogue import tracker_store
from assistant.notify import service as notify
from assistant.offers import service as offers
from assistant.orders.models import Order, OrderLine, OrderStatus, PickupSlot
from geofences.models import Visit
from geofences.schemas import ArrivalOrder, ArrivalPublic

PICKUP_STATUSES = (OrderStatus.placed, OrderStatus.picking, OrderStatus.ready)
# A visit whose customer has not been seen for this long is not shown to staff as "here".
ARRIVAL_MAX_AGE = dt.timedelta(hours=2)
CHAT_CHANNEL = "app"


def chat_sender_id(household_id: int) -> str:
    """The household's app conversation; equals `api.channels.ws.sender_id_for` (tested)."""
    return f"{CHAT_CHANNEL}:{household_id}"


def _lang(household: Household) -> str:
    return "en" if household.lang == "en" else "fr"


def pickup_orders(*, session: Session, household_id: int, store_id: int) -> list[Order]:
    return list(
        session.exec(
            select(Order)
            .where(
                Order.household_id == household_id,
                Order.store_id == store_id,
                col(Order.status).in_([s.value for s in PICKUP_STATUSES]),
            )
            .order_by(col(Order.id))
        ).all()
    )


def on_entry(
    *, session: Session, household: Household, store: Store, visit: Visit, now: dt.datetime
) -> None:
    assert household.id is not None and store.id is not None
    lang = _lang(household)
    orders = pickup_orders(session=session, household_id=household.id, store_id=store.id)
    if orders:
        # The staff feed (GET /staff/stores/{id}/arrivals) reads the open visit.
        visit.order_ids = [int(o.id or 0) for o in orders]
        visit.bring_to_car = True
        session.add(visit)
        session.flush()
        ids = ", ".join(f"#{o.id}" for o in orders)
        notify.enqueue(
            session=session,
            household_id=household.id,
            channel=Channel.push,
            purpose=Purpose.service,
            kind="pickup_arrival",
            title=store.name,
            body=(
                f"You have arrived: we are bringing your order {ids} to your car."
                if lang == "en"
                else f"Vous êtes arrivé : nous apportons votre commande {ids} à votre voiture."
            ),
            explanation=(
                f"You entered {store.name}, where your order {ids} awaits."
                if lang == "en"
                else f"Vous êtes entré dans {store.name}, où votre commande {ids} vous attend."
            ),
            lang=lang,
            payload={"store_id": store.id, "visit_id": visit.id, "order_ids": visit.order_ids},
            dedup_key=f"visit:{visit.id}:pickup",
            now=now,
            transactional=True,
        )
    if not notify.has_consent(
        session=session, household_id=household.id, channel=Channel.push, purpose=Purpose.marketing
    ):
        # The outbox would drop it anyway: do not even look for an offer.
        return
    offer = offers.best_offer_at_store(
        session=session, household_id=household.id, store_id=store.id, now=now
    )
    if offer is None or not offer.explanation:
        return
    coupon = offer.coupon
    notify.enqueue(
        session=session,
        household_id=household.id,
        channel=Channel.push,
        purpose=Purpose.marketing,
        kind="store_entry_offer",
        title=store.name,
        body=coupon.description_en if lang == "en" else coupon.description_fr,
        explanation=offer.explanation,
        lang=lang,
        payload={"store_id": store.id, "visit_id": visit.id, "coupon_id": coupon.id},
        dedup_key=f"visit:{visit.id}:offer",
        now=now,
    )


def list_context(*, session: Session, household_id: int) -> tuple[int, int]:
    """(lines on the shopping list, lines with a coupon or a promotion) of the draft order."""
    draft = session.exec(
        select(Order.id)
        .where(Order.household_id == household_id, Order.status == OrderStatus.draft)
        .order_by(col(Order.id).desc())
    ).first()
    if draft is None:
        return 0, 0
    lines, promoted = session.exec(
        select(
            func.count(col(OrderLine.id)),
            func.count(col(OrderLine.id)).filter(
                (col(OrderLine.coupon_id).is_not(None)) | (col(OrderLine.discount_cents) > 0)
            ),
        ).where(OrderLine.order_id == draft)
    ).one()
    return int(lines or 0), int(promoted or 0)


def dwell_text(*, store_name: str, lines: int, promoted: int, lang: str) -> str:
    if lang == "en":
        if lines == 0:
            return (
                f"You are at {store_name}: your shopping list is empty. Shall I help you fill it?"
            )
        items = "item" if lines == 1 else "items"
        text = f"You are at {store_name}: your list has {lines} {items}"
        return text + (f", {promoted} of them on promotion here." if promoted else ".")
    if lines == 0:
        return (
            f"Vous êtes à {store_name} : votre liste de courses est vide. "
            "Voulez-vous que je vous aide à la remplir ?"
        )
    items = "article" if lines == 1 else "articles"
    text = f"Vous êtes à {store_name} : votre liste compte {lines} {items}"
    return text + (f", dont {promoted} en promotion ici." if promoted else ".")


def on_dwell(
    *, session: Session, household: Household, store: Store, visit: Visit, now: dt.datetime
) -> None:
    assert household.id is not None
    lang = _lang(household)
    lines, promoted = list_context(session=session, household_id=household.id)
    text = dwell_text(store_name=store.name, lines=lines, promoted=promoted, lang=lang)
    payload = {"store_id": store.id, "visit_id": visit.id, "lines": lines, "promoted": promoted}
    notify.enqueue(
        session=session,
        household_id=household.id,
        channel=Channel.in_app,
        purpose=Purpose.service,
        kind="store_dwell",
        title=store.name,
        body=text,
        explanation=(
            f"You have been at {store.name} for a few minutes."
            if lang == "en"
            else f"Vous êtes à {store.name} depuis quelques minutes."
        ),
        lang=lang,
        payload=payload,
        dedup_key=f"visit:{visit.id}:dwell",
        now=now,
    )
    conversation = tracker_store.open_conversation(
        session=session,
        sender_id=chat_sender_id(household.id),
        channel=CHAT_CHANNEL,
        household=household,
        lang=lang,
        now=now,
    )
    tracker_store.record_message(
        session=session,
        conversation=conversation,
        direction="out",
        text=text,
        now=now,
        payload={"kind": "store_dwell", **payload},
    )


def arrivals(*, session: Session, store_id: int, now: dt.datetime) -> list[ArrivalPublic]:
    """Customers in the store now (open visit, seen lately) with a pickup order there."""
    visits = session.exec(
        select(Visit, Household)
        .join(Household, col(Household.id) == Visit.household_id)
        .where(
            Visit.store_id == store_id,
            col(Visit.exited_at).is_(None),
            col(Visit.last_seen_at) >= now - ARRIVAL_MAX_AGE,
        )
        .order_by(col(Visit.entered_at), col(Visit.id))
    ).all()
    found: list[ArrivalPublic] = []
    for visit, household in visits:
        assert visit.id is not None and household.id is not None
        rows = session.exec(
            select(Order, PickupSlot.starts_at)
            .join(PickupSlot, col(PickupSlot.id) == Order.slot_id, isouter=True)
            .where(
                Order.household_id == household.id,
                Order.store_id == store_id,
                col(Order.status).in_([s.value for s in PICKUP_STATUSES]),
            )
            .order_by(col(Order.id))
        ).all()
        if not rows:
            continue
        found.append(
            ArrivalPublic(
                visit_id=visit.id,
                household_id=household.id,
                name=household.name,
                phone=household.phone,
                entered_at=visit.entered_at,
                last_seen_at=visit.last_seen_at,
                orders=[
                    ArrivalOrder(id=int(o.id or 0), status=o.status, slot_starts_at=starts)
                    for o, starts in rows
                ],
                bring_to_car=visit.bring_to_car,
                vehicle=visit.vehicle,
            )
        )
    return found

"""What presence sets off: staff alerts and pushes on ENTRY, a chat context on DWELL.

Everything goes through team N's outbox (`assistant.notify.service.enqueue`), which checks
consent, caps and quiet hours; dedup keys are per visit, so a resumed visit or a replayed
batch never notifies twice. Offers come from team F's `best_offer_at_store`: when it has
nothing, nothing is sent (never a made-up personal offer).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, func, select

from assistant.catalog.models import Store
from assistant.customers.models import Channel, Household, Purpose
from assistant.dialogue import tracker_store
from assistant.i18n import render
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
        # The staff feed (GET /staff/stores/{id}/arrivals) reads the open visit; staff bring
        # to the car only what is ready (an order still being prepared is shown, not brought).
        ready = all(o.status == OrderStatus.ready for o in orders)
        visit.order_ids = [int(o.id or 0) for o in orders]
        visit.bring_to_car = ready
        session.add(visit)
        session.flush()
        values: dict[str, Any] = {"orders": _numbers(orders), "count": len(orders)}
        notify.enqueue(
            session=session,
            household_id=household.id,
            channel=Channel.push,
            purpose=Purpose.service,
            kind="pickup_arrival",
            title=store.name,
            body=render(lang, f"presence.arrival.{'bring' if ready else 'preparing'}", **values),
            explanation=render(lang, "presence.arrival.why", store=store.name, **values),
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


def _numbers(orders: list[Order]) -> str:
    return ", ".join(f"n° {o.id}" for o in orders)


def dwell_text(
    *, store_name: str, lines: int, promoted: int, lang: str, pickup: str | None = None
) -> str:
    """What the app says a few minutes into a visit: the list, or, on a pickup visit whose
    list is empty (it became the order), the order on its way to the car."""
    if lines == 0 and pickup:
        return render(lang, "presence.dwell.pickup", store=store_name, orders=pickup)
    if lines == 0:
        return render(lang, "presence.dwell.empty", store=store_name)
    if promoted:
        return render(lang, "presence.dwell.list_promoted", store=store_name, lines=lines,
                      promoted=promoted)  # fmt: skip
    return render(lang, "presence.dwell.list", store=store_name, lines=lines)


def _visit_orders(session: Session, visit: Visit) -> list[Order]:
    ids = list(visit.order_ids or [])
    if not ids:
        return []
    return list(session.exec(select(Order).where(col(Order.id).in_(ids)).order_by(col(Order.id))))


def on_dwell(
    *, session: Session, household: Household, store: Store, visit: Visit, now: dt.datetime
) -> None:
    assert household.id is not None
    lang = _lang(household)
    lines, promoted = list_context(session=session, household_id=household.id)
    brought = [
        order for order in _visit_orders(session, visit) if order.status == OrderStatus.ready
    ]
    pickup = _numbers(brought) if visit.bring_to_car and brought else None
    text = dwell_text(
        store_name=store.name, lines=lines, promoted=promoted, lang=lang, pickup=pickup
    )
    payload = {"store_id": store.id, "visit_id": visit.id, "lines": lines, "promoted": promoted}
    notify.enqueue(
        session=session,
        household_id=household.id,
        channel=Channel.in_app,
        purpose=Purpose.service,
        kind="store_dwell",
        title=store.name,
        body=text,
        explanation=render(lang, "presence.dwell.why", store=store.name),
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

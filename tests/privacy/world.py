"""Households with data in every domain, each text field carrying the household's marker.

`populate` writes one or more rows in every table of `assistant.privacy.inventory.RULES`
(a test checks that), so isolation, export and erasure are exercised on everything the
household owns. Shared catalog rows (stores, products, coupons, events) carry no marker:
they are public, and any customer may see them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from assistant.catalog.models import Product, Store
from assistant.customers.models import Consent, Household
from assistant.dialogue.models import Conversation, Message
from assistant.history import habits
from assistant.history.models import Receipt, ReceiptLine
from assistant.loyalty.models import LoyaltyEntry
from assistant.notify.models import OutboxMessage
from assistant.offers.models import Coupon, CouponAssignment, OfferImpression
from assistant.orders.models import ListDismissal, Order, OrderLine, PickupSlot
from assistant.outings.models import Booking, Event
from assistant.privacy.inventory import RULES, table
from assistant.scheduler.models import Job
from geofences.models import LocationPing, PresenceState, Visit
from tests.clock import NOW
from tests.factories import (
    make_address,
    make_device,
    make_household,
    make_member,
    make_pet,
    make_preference,
    make_product,
    make_store,
    unique_card,
    unique_phone,
)

CONSENTS = [
    (channel, purpose)
    for channel in ("push", "in_app", "email")
    for purpose in ("service", "marketing", "personalisation", "location")
]


@dataclass
class Shared:
    store: Store
    products: list[Product]
    slot: PickupSlot
    event: Event
    coupon: Coupon


@dataclass
class Owned:
    household: Household
    marker: str
    phone: str
    email: str
    push_token: str
    ids: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def id(self) -> int:
        assert self.household.id is not None
        return self.household.id

    def first(self, name: str) -> int:
        return self.ids[name][0]


def shared(session: Session, now: dt.datetime | None = None) -> Shared:
    now = now or NOW
    store = make_store(session)
    products = [make_product(session) for _ in range(3)]
    assert store.id is not None
    slot = PickupSlot(
        store_id=store.id,
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=1),
        capacity=10,
    )
    event = Event(
        kind="circus", title="Cirque du jeudi", starts_at=now + dt.timedelta(days=5), capacity=50
    )
    coupon = Coupon(
        code=f"C{id(session) % 10**8}{now.microsecond}",
        description_fr="-20 % sur les pâtes",
        description_en="20% off pasta",
        product_id=products[0].id,
    )
    session.add_all([slot, event, coupon])
    session.flush()
    return Shared(store=store, products=products, slot=slot, event=event, coupon=coupon)


def _add(session: Session, owned: Owned, *rows: object) -> None:
    session.add_all(rows)
    session.flush()
    for row in rows:
        owned.ids[row.__tablename__].append(row.id)  # type: ignore[attr-defined]


def populate(session: Session, world: Shared, marker: str, now: dt.datetime | None = None) -> Owned:
    """A household named after `marker` with rows in every household table."""
    now = now or NOW
    phone, card = unique_phone(), unique_card()
    email = f"{marker.lower()}@example.org"
    household = make_household(
        session, name=f"Foyer {marker}", phone=phone, email=email, loyalty_card=card
    )
    hid = household.id
    assert hid is not None
    owned = Owned(household, marker, phone, email, push_token=f"push-{marker}-secret-token")
    owned.ids["households"].append(hid)
    store_id, slot_id, event_id = world.store.id, world.slot.id, world.event.id
    coupon_id = world.coupon.id
    product_ids = [p.id for p in world.products if p.id is not None]
    assert store_id and slot_id and event_id and coupon_id and len(product_ids) == 3

    member = make_member(session, household, first_name=f"{marker}-Alice", last_name=marker)
    owned.ids["members"].append(member.id)  # type: ignore[arg-type]
    owned.ids["pets"].append(make_pet(session, household, name=f"{marker}-Rex").id)  # type: ignore[arg-type]
    pref = make_preference(session, household, kind="dislike", value=f"{marker}-navet")
    owned.ids["preferences"].append(pref.id)  # type: ignore[arg-type]
    device = make_device(session, household, label=f"{marker}-phone", push_token=owned.push_token)
    owned.ids["devices"].append(device.id)  # type: ignore[arg-type]
    address = make_address(
        session, household, label=f"{marker}-maison", street=f"1 rue {marker}", city="Paris"
    )
    owned.ids["addresses"].append(address.id)  # type: ignore[arg-type]
    _add(
        session,
        owned,
        *[
            Consent(household_id=hid, channel=c, purpose=p, granted=True, granted_at=now)
            for c, p in CONSENTS
        ],
    )

    receipt = Receipt(
        receipt_uid=f"R-{marker}-{hid}",
        household_id=hid,
        store_id=store_id,
        loyalty_card=card,
        phone=phone,
        purchased_at=now - dt.timedelta(days=1),
        total_cents=1234,
        claimed_at=now - dt.timedelta(days=1),
    )
    _add(session, owned, receipt)
    assert receipt.id is not None
    _add(
        session,
        owned,
        ReceiptLine(receipt_id=receipt.id, line_no=1, label=f"{marker} beurre", amount_cents=834,
                    product_id=world.products[0].id),
        ReceiptLine(receipt_id=receipt.id, line_no=2, label=f"{marker} lait", amount_cents=400),
    )  # fmt: skip
    habits.record(session, [receipt.id])
    # Keyed by the household (no id of their own): counted by `household_id` below.
    owned.ids["purchase_habits"].append(hid)
    owned.ids["category_habits"].append(hid)
    # Sent by a till to the household's phone before it was claimed: its data too.
    unclaimed = Receipt(
        receipt_uid=f"U-{marker}-{hid}",
        phone=phone,
        purchased_at=now - dt.timedelta(days=3),
        total_cents=500,
    )
    _add(session, owned, unclaimed)
    _add(
        session,
        owned,
        LoyaltyEntry(
            household_id=hid,
            points=12,
            kind="earn",
            reason=f"{marker} ticket",
            idempotency_key=f"earn-{marker}-{hid}",
            receipt_id=receipt.id,
        ),
    )

    draft = Order(household_id=hid, store_id=store_id, status="draft")
    placed = Order(
        household_id=hid, store_id=store_id, slot_id=slot_id, status="placed", placed_at=now
    )
    _add(session, owned, draft, placed)
    assert draft.id and placed.id
    _add(
        session,
        owned,
        OrderLine(order_id=draft.id, product_id=product_ids[0], explanation=f"{marker} habit"),
        OrderLine(order_id=placed.id, product_id=product_ids[1], explanation=f"{marker} commande"),
        ListDismissal(household_id=hid, product_id=product_ids[2], week_start=now.date()),
    )
    session.execute(
        sa.update(table("pickup_slots"))
        .where(table("pickup_slots").c.id == slot_id)
        .values(booked=table("pickup_slots").c.booked + 1)
    )
    _add(session, owned, Booking(event_id=event_id, household_id=hid, seats=2, status="confirmed"))
    session.execute(
        sa.update(table("events"))
        .where(table("events").c.id == event_id)
        .values(seats_taken=table("events").c.seats_taken + 2)
    )

    visit = Visit(
        household_id=hid,
        store_id=store_id,
        entered_at=now - dt.timedelta(hours=2),
        vehicle=f"{marker} Clio rouge",
    )
    _add(session, owned, visit)
    _add(
        session,
        owned,
        LocationPing(
            household_id=hid,
            recorded_at=now - dt.timedelta(hours=1),
            lat=48.85,
            lon=2.35,
            accuracy_m=10,
        ),
        PresenceState(household_id=hid, store_id=store_id, inside=True, visit_id=visit.id),
    )
    _add(
        session,
        owned,
        OutboxMessage(
            household_id=hid,
            channel="in_app",
            purpose="marketing",
            kind="digest",
            title=f"{marker} digest",
            body=f"{marker} body",
            explanation=f"{marker} because",
            status="sent",
            sent_at=now,
        ),
        OutboxMessage(
            household_id=hid,
            channel="push",
            purpose="marketing",
            kind="store_entry_offer",
            title=f"{marker} pending",
            body=f"{marker} later",
            explanation=f"{marker} why",
            status="pending",
            next_attempt_at=now - dt.timedelta(minutes=1),
        ),
        OutboxMessage(
            household_id=hid,
            channel="push",
            purpose="service",
            kind="order_ready",
            title=f"{marker} ready",
            body=f"{marker} order",
            explanation=f"{marker} ordered",
            status="pending",
            transactional=True,
            next_attempt_at=now - dt.timedelta(minutes=1),
        ),
    )
    _add(
        session,
        owned,
        CouponAssignment(coupon_id=coupon_id, household_id=hid, explanation=f"{marker} aime"),
        OfferImpression(household_id=hid, coupon_id=coupon_id, channel="push"),
        Job(
            key=f"digest:{marker}:{hid}",
            kind="digest",
            household_id=hid,
            run_at=now + dt.timedelta(hours=8),
            payload={"note": marker},
        ),
    )
    conversation = Conversation(
        household_id=hid,
        sender_id=f"rest:{hid}:{marker}",
        channel="rest",
        state={"slots": {"note": marker}},
    )
    _add(session, owned, conversation)
    assert conversation.id is not None
    _add(
        session,
        owned,
        Message(conversation_id=conversation.id, direction="in", text=f"{marker} bonjour"),
    )
    missing = set(RULES) - set(owned.ids)
    assert not missing, f"populate() writes nothing in {sorted(missing)}"
    return owned


def counts(session: Session, owned: Owned) -> dict[str, int]:
    """How many of the household's rows each table holds now (by the ids written)."""
    session.flush()
    result = {}
    for name, ids in owned.ids.items():
        t = table(name)
        key = t.c.id if "id" in t.c else t.c.household_id
        result[name] = session.execute(
            sa.select(sa.func.count()).select_from(t).where(key.in_(ids))
        ).scalar_one()
    return result

"""What a briefing needs to know about a household on a day, loaded in bulk.

One query per table for a whole chunk of households (members, addresses, orders, bookings,
loyalty) instead of six per household: the batch path of 100,000 briefings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Product, Store
from assistant.customers.models import (
    Address,
    Household,
    Member,
    Preference,
    PreferenceKind,
    Role,
)
from assistant.loyalty.models import LoyaltyEntry
from assistant.notify.policy import zone
from assistant.orders.models import Order, OrderLine, OrderStatus, PickupSlot
from assistant.outings.models import Booking, Event

ACTIVE_BOOKINGS = ("held", "confirmed")


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class OrderInfo:
    order_id: int
    status: str  # ready | placed
    store: str | None
    items: int
    # The products in it, most units first (the briefing names what arrived).
    names_fr: tuple[str, ...] = ()
    names_en: tuple[str, ...] = ()
    pickup_at: dt.datetime | None = None  # the slot's start (aware, UTC)


@dataclass(frozen=True)
class OutingInfo:
    title: str
    starts_at: dt.datetime
    venue: str | None
    seats: int


@dataclass
class HouseholdDay:
    household: Household
    day: dt.date
    members: list[Member] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    orders: list[OrderInfo] = field(default_factory=list)
    outings: list[OutingInfo] = field(default_factory=list)
    points: int = 0
    music: list[str] = field(default_factory=list)  # the household's music tastes

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.household.timezone)

    @property
    def lang(self) -> str:
        return "en" if self.household.lang == "en" else "fr"

    @property
    def kids(self) -> list[Member]:
        """Children by role, or by a birth date under 18 on the day."""
        return [
            m
            for m in self.members
            if m.role == Role.child or (m.birth_date and age_on(m.birth_date, self.day) < 18)
        ]

    def kid_ages(self) -> list[int]:
        return [age_on(m.birth_date, self.day) for m in self.kids if m.birth_date]

    def home(self) -> Address | None:
        return next((a for a in self.addresses if a.kind == "home"), None)


def load_days(
    *, session: Session, households: Sequence[Household], day: dt.date
) -> list[HouseholdDay]:
    """The context of each household for `day` (in its own time zone), in input order."""
    by_id = {h.id: HouseholdDay(household=h, day=day) for h in households if h.id is not None}
    ids = list(by_id)
    if not ids:
        return []
    members = session.exec(
        select(Member)
        .where(col(Member.household_id).in_(ids))
        # Adults first, then children, each in the order they joined.
        .order_by(sa.case((col(Member.role) == Role.adult, 0), else_=1), col(Member.id))
    ).all()
    for member in members:
        by_id[member.household_id].members.append(member)
    for address in session.exec(
        select(Address).where(col(Address.household_id).in_(ids)).order_by(col(Address.id))
    ).all():
        by_id[address.household_id].addresses.append(address)
    items = sa.func.coalesce(sa.func.sum(OrderLine.quantity), 0)
    rows = session.execute(
        sa.select(
            col(Order.id),
            col(Order.household_id),
            col(Order.status),
            col(Store.name),
            col(PickupSlot.starts_at),
            items,
        )
        .outerjoin(Store, col(Store.id) == col(Order.store_id))
        .outerjoin(PickupSlot, col(PickupSlot.id) == col(Order.slot_id))
        .outerjoin(OrderLine, col(OrderLine.order_id) == col(Order.id))
        .where(
            col(Order.household_id).in_(ids),
            col(Order.status).in_((OrderStatus.ready, OrderStatus.placed)),
        )
        .group_by(
            col(Order.id),
            col(Order.household_id),
            col(Order.status),
            col(Store.name),
            col(PickupSlot.starts_at),
        )
        .order_by(col(Order.id))
    ).all()
    names = _product_names(session, [order_id for order_id, *_ in rows if order_id is not None])
    for order_id, household_id, status, store, starts, count in rows:
        assert order_id is not None
        french, english = names.get(order_id, ((), ()))
        # SQLite hands datetimes back naive: they are UTC.
        pickup = starts.replace(tzinfo=starts.tzinfo or dt.UTC) if starts is not None else None
        by_id[household_id].orders.append(
            OrderInfo(order_id, status, store, int(count), french, english, pickup)
        )
    # Widest window over every zone of the chunk; each household keeps its own local day.
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=14)
    end = start + dt.timedelta(hours=24 + 28)
    bookings = session.exec(
        select(Booking, Event)
        .join(Event, col(Event.id) == col(Booking.event_id))
        .where(
            col(Booking.household_id).in_(ids),
            col(Booking.status).in_(ACTIVE_BOOKINGS),
            col(Event.starts_at) >= start,
            col(Event.starts_at) < end,
        )
        .order_by(col(Event.starts_at), col(Event.id))
    ).all()
    for booking, event in bookings:
        context = by_id[booking.household_id]
        if event.starts_at.astimezone(context.zone).date() == day:
            context.outings.append(
                OutingInfo(event.title, event.starts_at, event.venue, booking.seats)
            )
    for preference in session.exec(
        select(Preference)
        .where(col(Preference.household_id).in_(ids), Preference.kind == PreferenceKind.music)
        .order_by(col(Preference.id))
    ).all():
        by_id[preference.household_id].music.append(preference.value)
    for household_id, points in session.exec(
        select(LoyaltyEntry.household_id, sa.func.sum(LoyaltyEntry.points))
        .where(col(LoyaltyEntry.household_id).in_(ids))
        .group_by(col(LoyaltyEntry.household_id))
    ).all():
        by_id[household_id].points = int(points or 0)
    return list(by_id.values())


def _product_names(
    session: Session, order_ids: list[int]
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Order id -> its products' French and English names, most units first."""
    if not order_ids:
        return {}
    rows = session.execute(
        sa.select(col(OrderLine.order_id), col(Product.name_fr), col(Product.name_en))
        .join(Product, col(Product.id) == col(OrderLine.product_id))
        .where(col(OrderLine.order_id).in_(order_ids))
        .order_by(col(OrderLine.order_id), col(OrderLine.quantity).desc(), col(OrderLine.id))
    ).all()
    found: dict[int, tuple[list[str], list[str]]] = {}
    for order_id, french, english in rows:
        names = found.setdefault(order_id, ([], []))
        names[0].append(french)
        names[1].append(english or french)
    return {order_id: (tuple(fr), tuple(en)) for order_id, (fr, en) in found.items()}


def load_day(*, session: Session, household: Household, day: dt.date) -> HouseholdDay:
    return load_days(session=session, households=[household], day=day)[0]

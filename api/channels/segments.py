"""Radio segments: short spoken scripts built from a household's own data.

The briefing says, in the household's language: a greeting by name, today's date read as a
person would, the orders waiting for pickup, today's booked outings and the loyalty balance.
The weather and the commute join when the briefing providers exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, col, select

from api.channels.ssml import paragraph, speak, spoken_list
from assistant.catalog.models import Store
from assistant.customers.models import Household, Member, Role
from assistant.loyalty.models import LoyaltyEntry
from assistant.orders.models import Order, OrderLine, OrderStatus
from assistant.outings.models import Booking, Event

DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
ACTIVE_BOOKINGS = ("held", "confirmed")


@dataclass(frozen=True)
class Segment:
    kind: str
    text: str

    @property
    def ssml(self) -> str:
        return paragraph(self.text)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Paris")


def spoken_date(day: dt.date, lang: str) -> str:
    weekday, month = DAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    if lang == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{weekday} {number} {month} {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def spoken_time(moment: dt.datetime, lang: str) -> str:
    if lang == "fr":
        return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"


def _greeting(session: Session, household: Household, local: dt.datetime, lang: str) -> Segment:
    members = session.exec(
        select(Member)
        .where(Member.household_id == household.id)
        # Adults first, then children, each in the order they joined.
        .order_by(sa.case((col(Member.role) == Role.adult, 0), else_=1), col(Member.id))
    ).all()
    names = spoken_list([m.first_name for m in members], lang) or household.name
    if lang == "fr":
        hello = "Bonsoir" if local.hour >= 18 else "Bonjour"
    else:
        hello = (
            "Good morning"
            if local.hour < 12
            else ("Good afternoon" if local.hour < 18 else "Good evening")
        )
    return Segment("greeting", f"{hello} {names} !" if lang == "fr" else f"{hello}, {names}!")


def _date(local: dt.datetime, lang: str) -> Segment:
    day = spoken_date(local.date(), lang)
    return Segment("date", f"Nous sommes le {day}." if lang == "fr" else f"Today is {day}.")


def _pickups(session: Session, household: Household, lang: str) -> Segment | None:
    rows = session.exec(
        select(Order, Store.name, sa.func.coalesce(sa.func.sum(OrderLine.quantity), 0))
        .outerjoin(Store, col(Store.id) == col(Order.store_id))
        .outerjoin(OrderLine, col(OrderLine.order_id) == col(Order.id))
        .where(Order.household_id == household.id, Order.status == OrderStatus.ready)
        .group_by(col(Order.id), col(Store.name))
        .order_by(col(Order.id))
    ).all()
    if not rows:
        return None
    parts = []
    for _order, store_name, items in rows:
        where = store_name or ("votre magasin" if lang == "fr" else "your store")
        if lang == "fr":
            article = "article" if items == 1 else "articles"
            parts.append(f"une commande de {items} {article} à {where}")
        else:
            noun = "item" if items == 1 else "items"
            parts.append(f"an order of {items} {noun} at {where}")
    listed = spoken_list(parts, lang)
    if lang == "fr":
        return Segment("pickup", f"Prête au retrait : {listed}.")
    return Segment("pickup", f"Ready for pickup: {listed}.")


def _outings(
    session: Session, household: Household, local: dt.datetime, zone: ZoneInfo, lang: str
) -> Segment | None:
    start = dt.datetime.combine(local.date(), dt.time(), tzinfo=zone)
    end = start + dt.timedelta(days=1)
    rows = session.exec(
        select(Booking, Event)
        .join(Event, col(Event.id) == col(Booking.event_id))
        .where(
            Booking.household_id == household.id,
            col(Booking.status).in_(ACTIVE_BOOKINGS),
            col(Event.starts_at) >= start.astimezone(dt.UTC),
            col(Event.starts_at) < end.astimezone(dt.UTC),
        )
        .order_by(col(Event.starts_at))
    ).all()
    if not rows:
        return None
    parts = []
    for booking, event in rows:
        at = spoken_time(event.starts_at.astimezone(zone), lang)
        if lang == "fr":
            seats = "une place" if booking.seats == 1 else f"{booking.seats} places"
            venue = f", {event.venue}" if event.venue else ""
            parts.append(f"{event.title} à {at}{venue} ({seats})")
        else:
            seats = "one seat" if booking.seats == 1 else f"{booking.seats} seats"
            venue = f", {event.venue}" if event.venue else ""
            parts.append(f"{event.title} at {at}{venue} ({seats})")
    listed = spoken_list(parts, lang)
    if lang == "fr":
        return Segment("outings", f"Au programme aujourd'hui : {listed}.")
    return Segment("outings", f"On today's programme: {listed}.")


def _loyalty(session: Session, household: Household, lang: str) -> Segment:
    points = session.exec(
        select(sa.func.coalesce(sa.func.sum(LoyaltyEntry.points), 0)).where(
            LoyaltyEntry.household_id == household.id
        )
    ).one()
    if lang == "fr":
        unit = "point" if abs(points) <= 1 else "points"
        return Segment("loyalty", f"Votre solde fidélité est de {points} {unit}.")
    unit = "point" if points == 1 else "points"
    return Segment("loyalty", f"Your loyalty balance is {points} {unit}.")


def briefing_segments(
    *, session: Session, household: Household, lang: str, now: dt.datetime
) -> list[Segment]:
    zone = _zone(household.timezone)
    local = now.astimezone(zone)
    segments: list[Segment | None] = [
        _greeting(session, household, local, lang),
        _date(local, lang),
        _pickups(session, household, lang),
        _outings(session, household, local, zone, lang),
        _loyalty(session, household, lang),
    ]
    return [segment for segment in segments if segment is not None]


def script(segments: list[Segment], lang: str) -> str:
    """The whole segment as one standalone SSML document."""
    return speak((segment.ssml for segment in segments), lang)

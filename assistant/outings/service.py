"""Outings: upcoming events and seat bookings that can never oversell.

Functions are keyword-only and `flush`; the caller commits. Holds, confirmation and
cancellation are in `assistant.outings.bookings`.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from assistant.customers.models import Member
from assistant.outings.bookings import hold_seats, seats_left
from assistant.outings.models import Booking, Event

__all__ = ["book_event", "member_ages", "seats_left", "suits_ages", "upcoming_events"]


def upcoming_events(
    *,
    session: Session,
    after: dt.datetime,
    until: dt.datetime | None = None,
    kinds: list[str] | None = None,
) -> list[Event]:
    """Events starting after `after` (and before `until`), earliest first."""
    query = select(Event).where(col(Event.starts_at) > after)
    if until is not None:
        query = query.where(col(Event.starts_at) < until)
    if kinds:
        query = query.where(col(Event.kind).in_(kinds))
    return list(session.exec(query.order_by(col(Event.starts_at), col(Event.id))).all())


def book_event(
    *,
    session: Session,
    household_id: int,
    event_id: int,
    seats: int,
    now: dt.datetime,
    idempotency_key: str | None = None,
) -> Booking:
    """A confirmed booking of `seats` seats (a hold confirmed in the same step).

    Conflict `sold_out` when they are not all left, `not_bookable` for free-entry events."""
    booking, _ = hold_seats(
        session=session, household_id=household_id, event_id=event_id, seats=seats, now=now,
        confirm=True, idempotency_key=idempotency_key,
    )  # fmt: skip
    return booking


def member_ages(session: Session, household_id: int, today: dt.date) -> list[int]:
    """The members' ages on `today`; without a birth date, an adult counts 40, a child 8."""
    members = session.exec(select(Member).where(Member.household_id == household_id)).all()
    ages = []
    for member in members:
        if member.birth_date is not None:
            born = member.birth_date
            ages.append(
                today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            )
        else:
            ages.append(40 if member.role == "adult" else 8)
    return ages


def suits_ages(event: Event, ages: list[int]) -> bool:
    """Someone of the household is within the event's ages (a household of unknown ages: any
    event open to children)."""
    low, high = event.min_age or 0, event.max_age or 200
    return any(low <= age <= high for age in ages) if ages else low < 18

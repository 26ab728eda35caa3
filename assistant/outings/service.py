"""Outings: upcoming events and seat bookings that can never oversell.

Functions are keyword-only and `flush`; the caller commits.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.db import utcnow
from assistant.errors import Conflict
from assistant.outings.models import Booking, Event


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


def seats_left(event: Event) -> int:
    return max(0, event.capacity - event.seats_taken)


def book_event(*, session: Session, household_id: int, event_id: int, seats: int) -> Booking:
    """A confirmed booking of `seats` seats. The seats are taken by one conditional UPDATE:
    Conflict `sold_out` when they are not all left, `not_bookable` for free-entry events."""
    event = session.get(Event, event_id)
    if event is None or event.capacity <= 0:
        raise Conflict("this event takes no booking", code="not_bookable")
    if seats < 1:
        raise Conflict("at least one seat", code="invalid_seats")
    now = utcnow()
    with session.begin_nested():
        taken = session.execute(
            sa.update(Event)
            .where(
                col(Event.id) == event_id,
                col(Event.seats_taken) + seats <= col(Event.capacity),
            )
            .values(seats_taken=col(Event.seats_taken) + seats)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("not enough seats left", code="sold_out")
        booking = Booking(
            event_id=event_id,
            household_id=household_id,
            seats=seats,
            status="confirmed",
            confirmed_at=now,
        )
        session.add(booking)
        session.flush()
    session.get(Event, event_id, populate_existing=True)
    return booking

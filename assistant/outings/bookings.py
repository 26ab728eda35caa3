"""Seat bookings: holds that expire, confirmation, cancellation, on an inventory that can
never oversell.

Seats are taken by one conditional UPDATE (`seats_taken + n <= capacity`, also a CHECK
constraint), which PostgreSQL re-evaluates after waiting on the row lock and SQLite runs
under its write lock. A booking leaves `held`/`confirmed` by a conditional UPDATE on its
status too, so exactly one of a concurrent cancel and expiry gives the seats back.
Functions are keyword-only and `flush`; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.errors import Conflict, NotFound, Unprocessable
from assistant.i18n import render
from assistant.notify.policy import zone
from assistant.notify.service import enqueue
from assistant.outings.models import Booking, Event

HOLD_TTL = dt.timedelta(minutes=10)
MAX_SEATS = 10
ACTIVE = ("held", "confirmed")


def seats_left(event: Event) -> int:
    return max(0, event.capacity - event.seats_taken)


def _take(session: Session, event_id: int, seats: int) -> bool:
    taken = session.execute(
        sa.update(Event)
        .where(col(Event.id) == event_id, col(Event.seats_taken) + seats <= col(Event.capacity))
        .values(seats_taken=col(Event.seats_taken) + seats)
        .execution_options(synchronize_session=False)
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def _release(session: Session, event_id: int, seats: int) -> None:
    session.execute(
        sa.update(Event)
        .where(col(Event.id) == event_id, col(Event.seats_taken) >= seats)
        .values(seats_taken=col(Event.seats_taken) - seats)
        .execution_options(synchronize_session=False)
    )


def _leave_active(session: Session, booking: Booking, values: dict[str, object]) -> bool:
    """Move an active booking to cancelled/expired and give its seats back, once."""
    with session.begin_nested():
        moved = session.execute(
            sa.update(Booking)
            .where(col(Booking.id) == booking.id, col(Booking.status).in_(ACTIVE))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            return False
        _release(session, booking.event_id, booking.seats)
    return True


def _refresh(session: Session, booking: Booking) -> Booking:
    session.refresh(booking)
    event = session.get(Event, booking.event_id)
    if event is not None:
        session.refresh(event)
    return booking


def expire_holds(*, session: Session, now: dt.datetime, event_id: int | None = None) -> int:
    """Expire the holds past their time and give their seats back; how many expired."""
    query = select(Booking).where(Booking.status == "held", col(Booking.hold_expires_at) <= now)
    if event_id is not None:
        query = query.where(Booking.event_id == event_id)
    expired = 0
    for booking in session.exec(query.order_by(col(Booking.id))).all():
        expired += _leave_active(session, booking, {"status": "expired"})
    return expired


def booking_by_key(*, session: Session, idempotency_key: str) -> Booking | None:
    return session.exec(select(Booking).where(Booking.idempotency_key == idempotency_key)).first()


def get_booking(*, session: Session, household_id: int, booking_id: int) -> Booking:
    """The household's booking; another household's id is not found."""
    booking = session.get(Booking, booking_id)
    if booking is None or booking.household_id != household_id:
        raise NotFound("no such booking", code="booking_not_found")
    return booking


def list_bookings(
    *, session: Session, household_id: int, statuses: Sequence[str] | None = None
) -> list[Booking]:
    """The household's bookings, newest first."""
    query = select(Booking).where(Booking.household_id == household_id)
    if statuses:
        query = query.where(col(Booking.status).in_(list(statuses)))
    return list(session.exec(query.order_by(col(Booking.id).desc())).all())


def _replay(booking: Booking, household_id: int, event_id: int, seats: int) -> Booking:
    if (booking.household_id, booking.event_id, booking.seats) != (household_id, event_id, seats):
        raise Conflict(
            "this idempotency key was already used for another booking",
            code="idempotency_key_reused",
        )
    return booking


def _bookable(session: Session, event_id: int, seats: int, now: dt.datetime) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("no such event", code="event_not_found")
    if event.capacity <= 0:
        raise Conflict("this event takes no booking", code="not_bookable")
    if not 1 <= seats <= MAX_SEATS:
        raise Unprocessable(f"from 1 to {MAX_SEATS} seats", code="invalid_seats")
    if event.starts_at <= now:
        raise Conflict("this event has already started", code="event_started")
    return event


def hold_seats(
    *,
    session: Session,
    household_id: int,
    event_id: int,
    seats: int,
    now: dt.datetime,
    ttl: dt.timedelta = HOLD_TTL,
    confirm: bool = False,
    idempotency_key: str | None = None,
) -> tuple[Booking, bool]:
    """Hold `seats` seats until now + ttl (or, with `confirm`, book them at once).

    Returns (booking, created): with an idempotency key already used by the same household
    for the same request, the booking made then, and False. Conflict `sold_out` when the
    seats are not all left (stale holds of the event are expired first), `not_bookable`,
    `event_started`, `idempotency_key_reused`; Unprocessable `invalid_seats`.
    """
    if idempotency_key is not None:
        existing = booking_by_key(session=session, idempotency_key=idempotency_key)
        if existing is not None:
            return _replay(existing, household_id, event_id, seats), False
    event = _bookable(session, event_id, seats, now)
    booking = Booking(
        event_id=event_id,
        household_id=household_id,
        seats=seats,
        status="confirmed" if confirm else "held",
        hold_expires_at=None if confirm else now + ttl,
        confirmed_at=now if confirm else None,
        idempotency_key=idempotency_key,
        created_at=now,
    )
    try:
        for attempt in (1, 2):
            with session.begin_nested():
                if _take(session, event_id, seats):
                    session.add(booking)
                    session.flush()
                    break
            # Seats held by abandoned holds come back before we answer "sold out".
            if attempt == 2 or not expire_holds(session=session, now=now, event_id=event_id):
                session.refresh(event)
                raise Conflict(
                    "not enough seats left",
                    code="sold_out",
                    details={"seats_left": seats_left(event), "seats": seats},
                )
    except IntegrityError:
        # The same key committed by a concurrent request: its booking is the answer.
        winner = booking_by_key(session=session, idempotency_key=idempotency_key or "")
        if winner is None:
            raise
        return _replay(winner, household_id, event_id, seats), False
    session.refresh(event)
    if confirm:
        _confirmed(session, booking, event, now)
    return booking, True


def _confirmed(session: Session, booking: Booking, event: Event, now: dt.datetime) -> None:
    """The confirmation reaches the app (push and inbox) in the booking's transaction, with
    the calendar event to add; written once per booking whatever the retries."""
    household = session.get(Household, booking.household_id)
    lang = "en" if household is not None and household.lang == "en" else "fr"
    starts = event.starts_at if event.starts_at.tzinfo else event.starts_at.replace(tzinfo=dt.UTC)
    tz = zone(household.timezone if household is not None else None, "Europe/Paris")
    title = render(lang, "booking.confirmed.title")
    body = render(lang, "booking.confirmed.body", zone=tz, event=event.title, when=starts,
                  count=booking.seats)  # fmt: skip
    why = render(lang, "booking.confirmed.why")
    for channel in ("push", "in_app"):
        enqueue(
            session=session, household_id=booking.household_id, channel=channel,
            purpose="service", kind="booking_confirmed", title=title, body=body,
            explanation=why, lang=lang, now=now, transactional=True,
            payload={"booking_id": booking.id, "event_id": event.id,
                     "ics": f"/me/bookings/{booking.id}.ics"},
            dedup_key=f"booking:{booking.id}:confirmed:{channel}",
        )  # fmt: skip


def confirm_booking(
    *, session: Session, household_id: int, booking_id: int, now: dt.datetime
) -> Booking:
    """Confirm a held booking (idempotent on a confirmed one). Conflict `hold_expired`
    (the seats go back) or `booking_not_held` (cancelled, expired)."""
    booking = get_booking(session=session, household_id=household_id, booking_id=booking_id)
    if booking.status == "held" and booking.hold_expires_at and booking.hold_expires_at <= now:
        _leave_active(session, booking, {"status": "expired"})
        _refresh(session, booking)
        raise Conflict("the hold has expired", code="hold_expired")
    if booking.status == "held":
        with session.begin_nested():
            moved = session.execute(
                sa.update(Booking)
                .where(col(Booking.id) == booking.id, col(Booking.status) == "held")
                .values(status="confirmed", confirmed_at=now, hold_expires_at=None)
                .execution_options(synchronize_session=False)
            )
        _refresh(session, booking)
        event = session.get(Event, booking.event_id)
        if moved.rowcount == 1 and event is not None:  # type: ignore[attr-defined]
            _confirmed(session, booking, event, now)
    if booking.status != "confirmed":
        raise Conflict(
            f"this booking is {booking.status}",
            code="booking_not_held",
            details={"status": booking.status},
        )
    return booking


def cancel_booking(
    *, session: Session, household_id: int, booking_id: int, now: dt.datetime
) -> Booking:
    """Cancel a held or confirmed booking and give its seats back (idempotent on one
    already cancelled or expired). Conflict `event_started`."""
    booking = get_booking(session=session, household_id=household_id, booking_id=booking_id)
    if booking.status not in ACTIVE:
        return booking
    event = session.get(Event, booking.event_id)
    if event is not None and event.starts_at <= now:
        raise Conflict("the event has already started", code="event_started")
    _leave_active(session, booking, {"status": "cancelled", "cancelled_at": now})
    return _refresh(session, booking)

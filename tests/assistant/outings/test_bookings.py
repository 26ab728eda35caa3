from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from sqlmodel import Session, select

from assistant.customers.models import Consent
from assistant.errors import Conflict, NotFound, Unprocessable
from assistant.notify.models import OutboxMessage
from assistant.outings.bookings import (
    cancel_booking,
    confirm_booking,
    expire_holds,
    get_booking,
    hold_seats,
    list_bookings,
)
from assistant.outings.calendar import booking_ics
from assistant.outings.models import Event
from assistant.outings.service import book_event
from tests.assistant.outings.helpers import make_event
from tests.clock import NOW, TODAY, local
from tests.factories import make_household


def _taken(session: Session, event: Event) -> int:
    session.refresh(event)
    return event.seats_taken


def test_hold_confirm_cancel_moves_the_seats(session: Session) -> None:
    household = make_household(session)
    hid = household.id or 0
    event = make_event(session, capacity=5)
    now = NOW
    held, created = hold_seats(session=session, household_id=hid, event_id=event.id or 0,
                               seats=3, now=now)  # fmt: skip
    assert created and held.status == "held" and _taken(session, event) == 3
    assert held.hold_expires_at == now + dt.timedelta(minutes=10)
    confirmed = confirm_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    assert (confirmed.status, confirmed.hold_expires_at) == ("confirmed", None)
    again = confirm_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    assert again.status == "confirmed" and _taken(session, event) == 3
    cancelled = cancel_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert _taken(session, event) == 0
    # Cancelling twice gives nothing back twice.
    cancel_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    assert _taken(session, event) == 0
    with pytest.raises(Conflict) as not_held:
        confirm_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    assert not_held.value.code == "booking_not_held"


def test_expired_holds_give_their_seats_to_the_next_customer(session: Session) -> None:
    first, second = make_household(session), make_household(session)
    event = make_event(session, capacity=4)
    past = NOW - dt.timedelta(minutes=30)
    stale, _ = hold_seats(session=session, household_id=first.id or 0, event_id=event.id or 0,
                          seats=4, now=past)  # fmt: skip
    assert _taken(session, event) == 4
    # The event looks sold out, but the stale hold is expired before answering so.
    fresh, _ = hold_seats(session=session, household_id=second.id or 0,
                          event_id=event.id or 0, seats=2, now=NOW)  # fmt: skip
    assert fresh.status == "held" and _taken(session, event) == 2
    session.refresh(stale)
    assert stale.status == "expired"
    with pytest.raises(Conflict) as late:
        confirm_booking(
            session=session, household_id=first.id or 0, booking_id=stale.id or 0, now=NOW
        )
    assert late.value.code == "booking_not_held"


def test_confirming_after_the_hold_expired_releases_and_refuses(session: Session) -> None:
    household = make_household(session)
    event = make_event(session, capacity=4)
    held, _ = hold_seats(session=session, household_id=household.id or 0,
                         event_id=event.id or 0, seats=2,
                         now=NOW - dt.timedelta(minutes=11))  # fmt: skip
    with pytest.raises(Conflict) as expired:
        confirm_booking(
            session=session, household_id=household.id or 0, booking_id=held.id or 0, now=NOW
        )
    assert expired.value.code == "hold_expired"
    assert _taken(session, event) == 0 and held.status == "expired"


def test_expire_holds_sweeps_only_stale_holds(session: Session) -> None:
    household = make_household(session)
    event = make_event(session, capacity=10)
    now = NOW
    hid, eid = household.id or 0, event.id or 0
    hold_seats(session=session, household_id=hid, event_id=eid, seats=1,
               now=now - dt.timedelta(hours=1))  # fmt: skip
    hold_seats(session=session, household_id=hid, event_id=eid, seats=2, now=now)
    book_event(session=session, household_id=hid, event_id=eid, seats=3,
               now=now - dt.timedelta(hours=1))  # fmt: skip
    assert expire_holds(session=session, now=now) == 1
    assert expire_holds(session=session, now=now) == 0
    assert _taken(session, event) == 5
    statuses = [b.status for b in list_bookings(session=session, household_id=hid)]
    assert statuses == ["confirmed", "held", "expired"]
    assert list_bookings(session=session, household_id=hid, statuses=["held"])[0].seats == 2


@pytest.mark.parametrize(
    ("fields", "seats", "error", "code"),
    [({"capacity": 0}, 1, Conflict, "not_bookable"),
     ({"starts_at": NOW - dt.timedelta(hours=1)}, 1, Conflict, "event_started"),
     ({}, 0, Unprocessable, "invalid_seats"), ({}, 11, Unprocessable, "invalid_seats"),
     ({"capacity": 3, "seats_taken": 2}, 2, Conflict, "sold_out")],
)  # fmt: skip
def test_refusals(
    session: Session, fields: dict[str, object], seats: int, error: type[Exception], code: str
) -> None:
    household = make_household(session)
    event = make_event(session, **fields)
    taken = event.seats_taken
    with pytest.raises(error) as refused:
        hold_seats(session=session, household_id=household.id or 0, event_id=event.id or 0,
                   seats=seats, now=NOW)  # fmt: skip
    assert getattr(refused.value, "code", None) == code
    assert _taken(session, event) == taken


def test_an_idempotency_key_books_once(session: Session) -> None:
    household = make_household(session)
    event = make_event(session)
    hid, eid = household.id or 0, event.id or 0
    first, created = hold_seats(session=session, household_id=hid, event_id=eid, seats=2,
                                confirm=True, idempotency_key="k", now=NOW)  # fmt: skip
    second, again = hold_seats(session=session, household_id=hid, event_id=eid, seats=2,
                               confirm=True, idempotency_key="k", now=NOW)  # fmt: skip
    assert (created, again, second.id) == (True, False, first.id)
    assert _taken(session, event) == 2
    with pytest.raises(Conflict) as reused:
        hold_seats(session=session, household_id=hid, event_id=eid, seats=3,
                   idempotency_key="k", now=NOW)  # fmt: skip
    assert reused.value.code == "idempotency_key_reused"


def test_another_households_booking_is_not_found(session: Session) -> None:
    owner, other = make_household(session), make_household(session)
    event = make_event(session)
    booking = book_event(session=session, household_id=owner.id or 0, event_id=event.id or 0,
                         seats=1, now=NOW)  # fmt: skip
    with pytest.raises(NotFound):
        get_booking(session=session, household_id=other.id or 0, booking_id=booking.id or 0)
    with pytest.raises(NotFound):
        cancel_booking(
            session=session, household_id=other.id or 0, booking_id=booking.id or 0, now=NOW
        )
    assert _taken(session, event) == 1


def test_ics_of_a_confirmed_booking(session: Session) -> None:
    household = make_household(session)
    starts = local(TODAY + dt.timedelta(days=4), "15:00")
    event = make_event(session, title="Cirque des Étoiles", starts_at=starts, lat=48.8, lon=2.3,
                       description="Un spectacle")  # fmt: skip
    booking = book_event(session=session, household_id=household.id or 0,
                         event_id=event.id or 0, seats=3, now=NOW)  # fmt: skip
    calendar = icalendar.Calendar.from_ical(booking_ics(booking=booking, event=event))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Cirque des Étoiles"
    assert vevent.decoded("DTSTART") == starts
    assert vevent.decoded("DTEND") == starts + dt.timedelta(hours=2)
    assert str(vevent["UID"]) == f"booking-{booking.id}@carchan.example"
    assert str(vevent["LOCATION"]) == "Chapiteau, Paris"
    assert "3 places" in str(vevent["DESCRIPTION"]) and str(vevent["STATUS"]) == "CONFIRMED"
    held, _ = hold_seats(session=session, household_id=household.id or 0,
                         event_id=event.id or 0, seats=1, now=NOW)  # fmt: skip
    with pytest.raises(Conflict) as unconfirmed:
        booking_ics(booking=held, event=event)
    assert unconfirmed.value.code == "booking_not_confirmed"


@pytest.mark.parametrize("confirm_at_once", [True, False])
def test_a_confirmation_reaches_the_app_once_with_its_calendar(
    session: Session, confirm_at_once: bool
) -> None:
    household = make_household(session)
    hid = household.id or 0
    for channel in ("push", "in_app"):
        session.add(Consent(household_id=hid, channel=channel, purpose="service", granted=True))
    event = make_event(session, capacity=5)
    held, _ = hold_seats(session=session, household_id=hid, event_id=event.id or 0, seats=2,
                         confirm=confirm_at_once, now=NOW)  # fmt: skip
    assert _confirmations(session, hid) == ([] if not confirm_at_once else ["in_app", "push"])
    confirm_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    confirm_booking(session=session, household_id=hid, booking_id=held.id or 0, now=NOW)
    messages = session.exec(
        select(OutboxMessage).where(OutboxMessage.household_id == hid)
    ).all()  # fmt: skip
    assert sorted(m.channel for m in messages) == ["in_app", "push"]
    assert all(m.transactional and m.explanation for m in messages)
    assert {m.payload["ics"] for m in messages} == {f"/me/bookings/{held.id}.ics"}


def _confirmations(session: Session, household_id: int) -> list[str]:
    rows = session.exec(
        select(OutboxMessage.channel).where(
            OutboxMessage.household_id == household_id, OutboxMessage.kind == "booking_confirmed"
        )
    ).all()
    return sorted(rows)

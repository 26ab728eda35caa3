"""An iCalendar (RFC 5545) event for a confirmed booking, to add to the family calendar."""

from __future__ import annotations

import datetime as dt

import icalendar

from assistant.errors import Conflict
from assistant.i18n import render
from assistant.outings.models import Booking, Event

PRODID = "-//Carchan//Assistant//FR"
DEFAULT_DURATION = dt.timedelta(hours=2)


def booking_ics(*, booking: Booking, event: Event, lang: str = "fr") -> bytes:
    """The VCALENDAR bytes of a confirmed booking; Conflict `booking_not_confirmed`."""
    if booking.status != "confirmed":
        raise Conflict(
            "only a confirmed booking has a calendar event",
            code="booking_not_confirmed",
            details={"status": booking.status},
        )
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    # Stable per booking: re-importing the file updates the event instead of duplicating it.
    entry.add("uid", f"booking-{booking.id}@carchan.example")
    entry.add("dtstamp", booking.confirmed_at or booking.created_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at or event.starts_at + DEFAULT_DURATION)
    entry.add("summary", event.title)
    where = ", ".join(part for part in (event.venue, event.city) if part)
    if where:
        entry.add("location", where)
    if event.lat is not None and event.lon is not None:
        entry.add("geo", (event.lat, event.lon))
    text = render(lang, "booking.calendar", seats=booking.seats, number=booking.id)
    if event.description:
        text = f"{event.description}\n\n{text}"
    entry.add("description", text)
    entry.add("status", "CONFIRMED")
    calendar.add_component(entry)
    return bytes(calendar.to_ical())

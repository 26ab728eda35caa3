"""What the outings API shows: events, bookings, the page behind a click-to-book link."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from assistant.outings.bookings import MAX_SEATS, seats_left
from assistant.outings.models import Booking, Event


class EventPublic(BaseModel):
    id: int
    kind: str
    title: str
    description: str | None
    venue: str | None
    city: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    min_age: int | None
    max_age: int | None
    price_cents: int
    capacity: int
    seats_left: int
    bookable: bool

    @classmethod
    def of(cls, event: Event) -> EventPublic:
        assert event.id is not None
        return cls(
            id=event.id, kind=event.kind, title=event.title, description=event.description,
            venue=event.venue, city=event.city, starts_at=event.starts_at, ends_at=event.ends_at,
            min_age=event.min_age, max_age=event.max_age, price_cents=event.price_cents,
            capacity=event.capacity, seats_left=seats_left(event), bookable=event.capacity > 0,
        )  # fmt: skip


class BookingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: int = Field(ge=1)
    seats: int = Field(default=1, ge=1, le=MAX_SEATS)
    confirm: bool = Field(default=False, description="book at once instead of holding")


class BookingPublic(BaseModel):
    id: int
    status: str = Field(description="held | confirmed | cancelled | expired")
    seats: int
    total_cents: int
    hold_expires_at: dt.datetime | None
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    event: EventPublic
    ics_url: str | None = Field(description="iCalendar event (confirmed bookings)")

    @classmethod
    def of(cls, booking: Booking, event: Event, ics_url: str | None) -> BookingPublic:
        assert booking.id is not None
        return cls(
            id=booking.id, status=booking.status, seats=booking.seats,
            total_cents=booking.seats * event.price_cents, hold_expires_at=booking.hold_expires_at,
            created_at=booking.created_at, confirmed_at=booking.confirmed_at,
            cancelled_at=booking.cancelled_at, event=EventPublic.of(event),
            ics_url=ics_url if booking.status == "confirmed" else None,
        )  # fmt: skip


class LinkPreview(BaseModel):
    """What a click-to-book link offers, before the customer books."""

    event: EventPublic
    seats: int
    total_cents: int
    link_expires_at: dt.datetime
    booking: BookingPublic | None = Field(description="the booking this link already made")

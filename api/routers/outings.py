"""Outings and store events, bookings, iCalendar, and the click-to-book links."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import Header, Query, Request, Response, status
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep
from api.errors import ErrorResponse
from api.routers.booking_page import confirmation_page, error_page, preview_page, wants_html
from api.routing import unit_of_work_router
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.errors import AppError, NotFound, Unprocessable
from assistant.outings import bookings
from assistant.outings.calendar import booking_ics
from assistant.outings.links import (
    BookingClaim,
    BookingLinkInvalid,
    read_booking_token,
    read_calendar_token,
)
from assistant.outings.models import Booking, Event
from assistant.outings.schemas import BookingCreate, BookingPublic, EventPublic, LinkPreview
from assistant.outings.service import upcoming_events

router = unit_of_work_router(tags=["outings"])

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"
MAX_KEY_LENGTH = 80
Status = Literal["held", "confirmed", "cancelled", "expired"]
_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse, "description": "booking_not_found, event_not_found"},
    409: {"model": ErrorResponse, "description": "sold_out, hold_expired, booking_not_held, "
          "event_started, not_bookable, idempotency_key_reused"},
}  # fmt: skip


def _base(settings: Settings) -> str:
    return settings.base_url


def _event_of(session: Session, booking: Booking) -> Event:
    event = session.get(Event, booking.event_id)
    assert event is not None
    return event


def _public(session: Session, settings: Settings, booking: Booking) -> BookingPublic:
    ics = f"{_base(settings)}/me/bookings/{booking.id}.ics"
    return BookingPublic.of(booking, _event_of(session, booking), ics)


def _key(idempotency_key: str | None, household: Household) -> str | None:
    if idempotency_key is None:
        return None
    if not idempotency_key.strip() or len(idempotency_key) > MAX_KEY_LENGTH:
        raise Unprocessable(
            f"the Idempotency-Key must have 1 to {MAX_KEY_LENGTH} characters",
            code="idempotency_key_invalid",
        )
    return f"api:{household.id}:{idempotency_key.strip()}"


@router.get("/events", response_model=list[EventPublic])
def events(
    household: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    kind: Annotated[str | None, Query(max_length=24)] = None,
    days: Annotated[int, Query(ge=1, le=90)] = 21,
) -> list[EventPublic]:
    """Upcoming outings and store events, earliest first."""
    found = upcoming_events(
        session=session, after=now, until=now + dt.timedelta(days=days),
        kinds=[kind] if kind else None,
    )  # fmt: skip
    return [EventPublic.of(event) for event in found]


@router.get("/me/bookings", response_model=list[BookingPublic])
def my_bookings(
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    status_: Annotated[list[Status] | None, Query(alias="status")] = None,
) -> list[BookingPublic]:
    """The household's bookings, newest first (filter with ?status=confirmed...)."""
    assert household.id is not None
    found = bookings.list_bookings(session=session, household_id=household.id, statuses=status_)
    return [_public(session, settings, booking) for booking in found]


@router.post(
    "/me/bookings",
    response_model=BookingPublic,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": BookingPublic, "description": "replay of an Idempotency-Key"},
               **_ERRORS},
)  # fmt: skip
def create_booking(
    data: BookingCreate,
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> BookingPublic:
    """Hold seats (they expire unless confirmed) or, with `confirm`, book them at once."""
    assert household.id is not None
    booking, created = bookings.hold_seats(
        session=session, household_id=household.id, event_id=data.event_id, seats=data.seats,
        confirm=data.confirm, idempotency_key=_key(idempotency_key, household), now=now,
    )  # fmt: skip
    if not created:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replay"] = "true"
    return _public(session, settings, booking)


@router.get(
    "/me/bookings/{booking_id}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **_ERRORS},
)
def my_booking_ics(booking_id: int, household: CurrentCustomer, session: SessionDep) -> Response:
    """The iCalendar event of a confirmed booking."""
    assert household.id is not None
    booking = bookings.get_booking(session=session, household_id=household.id,
                                   booking_id=booking_id)  # fmt: skip
    return _ics_response(booking, _event_of(session, booking), household.lang)


def _ics_response(booking: Booking, event: Event, lang: str) -> Response:
    return Response(
        booking_ics(booking=booking, event=event, lang=lang),
        media_type=ICS_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="booking-{booking.id}.ics"'},
    )


@router.get("/me/bookings/{booking_id}", response_model=BookingPublic, responses=_ERRORS)
def my_booking(
    booking_id: int, household: CurrentCustomer, session: SessionDep, settings: SettingsDep
) -> BookingPublic:
    assert household.id is not None
    booking = bookings.get_booking(session=session, household_id=household.id,
                                   booking_id=booking_id)  # fmt: skip
    return _public(session, settings, booking)


@router.post("/me/bookings/{booking_id}/confirm", response_model=BookingPublic, responses=_ERRORS)
def confirm(
    booking_id: int, household: CurrentCustomer, session: SessionDep, settings: SettingsDep,
    now: NowDep,
) -> BookingPublic:  # fmt: skip
    """Confirm a held booking before its hold expires (idempotent)."""
    assert household.id is not None
    booking = bookings.confirm_booking(session=session, household_id=household.id,
                                       booking_id=booking_id, now=now)  # fmt: skip
    return _public(session, settings, booking)


@router.post("/me/bookings/{booking_id}/cancel", response_model=BookingPublic, responses=_ERRORS)
def cancel(
    booking_id: int, household: CurrentCustomer, session: SessionDep, settings: SettingsDep,
    now: NowDep,
) -> BookingPublic:  # fmt: skip
    """Cancel a booking; its seats go back on sale (idempotent)."""
    assert household.id is not None
    booking = bookings.cancel_booking(session=session, household_id=household.id,
                                      booking_id=booking_id, now=now)  # fmt: skip
    return _public(session, settings, booking)


# Click-to-book links (evening digest): the signed token is the credential, no login.


def _claim(
    session: Session, settings: Settings, token: str, now: dt.datetime
) -> tuple[BookingClaim, Household]:
    claim = read_booking_token(settings=settings, token=token, now=now)
    household = session.get(Household, claim.household_id)
    # Erased since the link was sent (another public id: a new household got the id).
    if household is None or household.public_id != claim.public_id:
        raise BookingLinkInvalid("unknown booking link")
    return claim, household


def _link_public(settings: Settings, token: str, booking: Booking, event: Event) -> BookingPublic:
    return BookingPublic.of(booking, event, f"{_base(settings)}/book/{token}/event.ics")


_LINK_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse, "description": "booking_link_invalid, event_not_found"},
    410: {"model": ErrorResponse, "description": "booking_link_expired"},
    409: {"model": ErrorResponse, "description": "sold_out, event_started, not_bookable"},
}


@router.get("/book/{token}", response_model=LinkPreview, responses=_LINK_ERRORS)
def link_preview(
    token: str, request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> LinkPreview | HTMLResponse:
    """What the link books (JSON; an HTML page with a Book button for browsers)."""
    try:
        claim, household = _claim(session, settings, token, now)
        event = session.get(Event, claim.event_id)
        if event is None:
            raise NotFound("this event no longer exists", code="event_not_found")
        made = bookings.booking_by_key(session=session, idempotency_key=claim.idempotency_key)
        preview = LinkPreview(
            event=EventPublic.of(event), seats=claim.seats,
            total_cents=claim.seats * event.price_cents, link_expires_at=claim.expires,
            booking=_link_public(settings, token, made, event) if made else None,
        )  # fmt: skip
    except AppError as exc:
        if wants_html(request):
            return error_page(exc, household_lang(request))
        raise
    if wants_html(request):
        return preview_page(preview, household.lang, ZoneInfo(household.timezone), f"/book/{token}")
    return preview


def household_lang(request: Request) -> str:
    accept = request.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "fr"


@router.post(
    "/book/{token}",
    response_model=BookingPublic,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": BookingPublic, "description": "the booking this link made"},
               **_LINK_ERRORS},
)  # fmt: skip
def link_book(
    token: str, request: Request, response: Response, session: SessionDep, settings: SettingsDep,
    now: NowDep,
) -> BookingPublic | HTMLResponse:  # fmt: skip
    """Book in one click (a hold confirmed at once); a second click returns the same
    booking."""
    try:
        claim, household = _claim(session, settings, token, now)
        booking, created = bookings.hold_seats(
            session=session, household_id=claim.household_id, event_id=claim.event_id,
            seats=claim.seats, confirm=True, idempotency_key=claim.idempotency_key, now=now,
        )  # fmt: skip
        public = _link_public(settings, token, booking, _event_of(session, booking))
    except AppError as exc:
        if wants_html(request):
            return error_page(exc, household_lang(request))
        raise
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    if wants_html(request):
        return confirmation_page(
            public, household.lang, ZoneInfo(household.timezone), status_code=code
        )
    response.status_code = code
    if not created:
        response.headers["Idempotent-Replay"] = "true"
    return public


@router.get(
    "/book/{token}/event.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **_LINK_ERRORS},
)
def link_ics(token: str, session: SessionDep, settings: SettingsDep, now: NowDep) -> Response:
    """The iCalendar event of the booking this link made."""
    claim, household = _claim(session, settings, token, now)
    booking = bookings.booking_by_key(session=session, idempotency_key=claim.idempotency_key)
    if booking is None:
        raise NotFound("this link has not booked yet", code="booking_not_found")
    return _ics_response(booking, _event_of(session, booking), household.lang)


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **_LINK_ERRORS},
)
def calendar_ics(token: str, session: SessionDep, settings: SettingsDep, now: NowDep) -> Response:
    """A booking's iCalendar event from the signed link the chat gives (no login: the
    link is opened by a browser or a calendar app)."""
    claim = read_calendar_token(settings=settings, token=token, now=now)
    household = session.get(Household, claim.household_id)
    booking = session.get(Booking, claim.booking_id)
    # Erased since (another public id), or a booking that is not the household's.
    if (
        household is None
        or household.public_id != claim.public_id
        or booking is None
        or booking.household_id != household.id
    ):
        raise BookingLinkInvalid("unknown calendar link")
    return _ics_response(booking, _event_of(session, booking), household.lang)

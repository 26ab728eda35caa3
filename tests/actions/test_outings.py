from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlmodel import Session, select

from actions.confirm import ActionConfirm, ActionDeny
from actions.forms import ValidateBookingForm
from actions.outings import OutingBook, OutingSuggest
from assistant.customers.models import Household
from assistant.dialogue.domain import default_domain
from assistant.outings.models import Booking, Event
from tests.actions.conftest import (
    NOW,
    PARIS,
    TODAY,
    make_tracker,
    pending,
    pending_business,
    run_action,
    said,
    slots_of,
    text_of,
)
from tests.clock import on_weekday, years_before
from tests.factories import make_household, make_member, make_preference


def _event(session: Session, kind: str, title: str, days: int, **fields: Any) -> Event:
    starts = NOW + dt.timedelta(days=days, hours=5)
    values: dict[str, Any] = {"venue": "Salle test", "capacity": 100, "price_cents": 1000}
    values.update(fields)
    event = Event(kind=kind, title=title, starts_at=starts, **values)
    session.add(event)
    session.flush()
    return event


def _family(session: Session) -> Household:
    household = make_household(session)
    make_member(session, household, first_name="Anne", birth_date=dt.date(1984, 3, 1))
    make_member(
        session,
        household,
        first_name="André",
        role="child",
        birth_date=years_before(TODAY, 8) - dt.timedelta(days=30),
    )
    make_preference(session, household, kind="film_director", value="Luc Besson")
    make_preference(session, household, kind="music", value="jazz")
    return household


@pytest.fixture
def events(session: Session) -> dict[str, Event]:
    return {
        "circus": _event(
            session, "circus", "Cirque test", 4, min_age=4, max_age=12, tags=["kids", "circus"]
        ),
        "film": _event(session, "cinema", "Film test", 1, tags=["director:Luc Besson", "film"]),
        "teens": _event(session, "theatre", "Ados test", 2, min_age=13, max_age=17),
        "jazz": _event(session, "concert", "Jazz test", 3, tags=["jazz", "music"]),
        "sold_out": _event(session, "concert", "Complet test", 2, capacity=10, seats_taken=10),
        "past": _event(session, "concert", "Passé test", -2),
    }


def test_suggestions_fit_the_household_with_book_buttons(
    bound: Session, events: dict[str, Event]
) -> None:
    household = _family(bound)
    messages, _ = run_action(bound, OutingSuggest(), make_tracker(household.id))
    text = text_of(messages)
    assert "Film test" in text and "(un film de Luc Besson)" in text
    assert "Cirque test" in text and "comme vos enfants" in text
    assert "Jazz test" in text and "vous aimez : jazz" in text
    for absent in ("Ados test", "Complet test", "Passé test"):
        assert absent not in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert f"/outing_book{json.dumps({'event_id': events['film'].id})}" in payloads


def test_suggestions_follow_the_kind_asked_in_english(
    bound: Session, events: dict[str, Event]
) -> None:
    household = _family(bound)
    text = text_of(
        run_action(bound, OutingSuggest(), make_tracker(household.id, "en", event_type="circus"))[0]
    )
    assert text.startswith("Outings for you: Cirque test")
    assert "for ages 4-12, like your children" in text and "Film test" not in text


def test_book_asks_then_books_the_seats(bound: Session, events: dict[str, Event]) -> None:
    household = _family(bound)
    circus = events["circus"]
    messages, events_out = run_action(
        bound,
        OutingBook(),
        make_tracker(household.id, event_id=float(circus.id or 0), people_count=3.0),
    )
    assert "Je réserve 3 place(s) pour Cirque test" in text_of(messages)
    asked = slots_of(events_out)
    assert pending_business(asked["pending_payload"]) == {"event_id": circus.id, "seats": 3}
    assert {k: v for k, v in asked.items() if k != "pending_payload"} == {
        "pending_action": "outing_book",
    }
    messages, _ = run_action(bound, ActionConfirm(), make_tracker(household.id, "en", **asked))
    assert "Booked: 3 seat(s) for Cirque test" in text_of(messages)
    booking = bound.exec(select(Booking).where(Booking.household_id == household.id)).one()
    assert text_of(messages).endswith(
        f"For your calendar: http://127.0.0.1:8000/me/bookings/{booking.id}.ics"
    )
    booking = bound.exec(select(Booking).where(Booking.household_id == household.id)).one()
    assert (booking.event_id, booking.seats, booking.status) == (circus.id, 3, "confirmed")
    bound.refresh(circus)
    assert circus.seats_taken == 3


def test_book_by_kind_and_date_and_refuse_when_seats_are_short(
    bound: Session, events: dict[str, Event]
) -> None:
    household = _family(bound)
    day = (NOW + dt.timedelta(days=2, hours=5)).date().isoformat()
    tracker = make_tracker(household.id, event_type="concert", date=day, people_count=2.0)
    messages, events_out = run_action(bound, OutingBook(), tracker)
    assert "Il ne reste que 0 place(s) pour Complet test" in text_of(messages)
    assert slots_of(events_out) == {}


def test_confirm_cannot_oversell(bound: Session, events: dict[str, Event]) -> None:
    household = _family(bound)
    film = events["film"]
    film.capacity, film.seats_taken = 10, 9
    bound.add(film)
    bound.flush()
    waiting = pending("outing_book", event_id=film.id, seats=2)
    messages, events_out = run_action(bound, ActionConfirm(), make_tracker(household.id, **waiting))
    assert "plus assez de places" in text_of(messages)
    assert slots_of(events_out) == {"pending_action": None, "pending_payload": None}
    bound.refresh(film)
    assert film.seats_taken == 9
    assert bound.exec(select(Booking).where(Booking.event_id == film.id)).all() == []


@pytest.mark.parametrize(
    ("correction", "seats"),
    [({"people_count": 3.0}, 3), ({"quantity": 5.0}, 5), ({}, None)],
)
def test_a_no_with_a_new_count_asks_again(
    bound: Session, events: dict[str, Event], correction: dict[str, float], seats: int | None
) -> None:
    household = _family(bound)
    film = events["film"]
    waiting = pending("outing_book", event_id=film.id, seats=2)
    tracker = make_tracker(household.id, **waiting, **correction)
    messages, events_out = run_action(bound, ActionDeny(), tracker)
    asked = slots_of(events_out)
    if seats is None:  # a plain no
        assert "C'est annulé" in text_of(messages)
        assert asked == {"pending_action": None, "pending_payload": None}
    else:
        assert f"Je réserve {seats} place(s) pour {film.title}" in text_of(messages)
        assert pending_business(asked["pending_payload"]) == {"event_id": film.id, "seats": seats}
    assert bound.exec(select(Booking).where(Booking.event_id == film.id)).all() == []


def _validate(
    session: Session, slot: str, value: Any, lang: str = "fr", **slots: Any
) -> tuple[Any, str]:
    """The booking form's validation of `slot`, just said as `value`."""
    tracker = said(slot, value, lang, **slots)
    messages, events = run_action(
        session, ValidateBookingForm(), tracker, domain=default_domain().raw
    )
    return slots_of(events), text_of(messages)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("cirque", "circus"), ("Cinéma", "cinema"), ("a jazz concert", "concert"), ("bowling", None)],
)
def test_booking_form_event_type(
    bound: Session, events: dict[str, Event], value: str, expected: str | None
) -> None:
    result, text = _validate(bound, "event_type", value)
    assert result == {"event_type": expected}
    if expected is None:
        assert "Sorties disponibles : cinéma, cirque, concert, théâtre." in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("demain", (TODAY + dt.timedelta(days=1)).isoformat()),
        ("saturday", on_weekday(TODAY, 5).isoformat()),
        ((TODAY + dt.timedelta(days=7)).isoformat(), (TODAY + dt.timedelta(days=7)).isoformat()),
        ((TODAY - dt.timedelta(days=4)).isoformat(), None),
        ("n'importe quand", None),
    ],
)
def test_booking_form_date(bound: Session, value: str, expected: str | None) -> None:
    assert _validate(bound, "date", value)[0] == {"date": expected}


@pytest.mark.parametrize(("value", "expected"), [(4, 4.0), ("2", 2.0), (0, None), (11, None)])
def test_booking_form_people_count(bound: Session, value: Any, expected: float | None) -> None:
    result, text = _validate(bound, "people_count", value, "en")
    assert result == {"people_count": expected}
    assert ("1 to 10 people" in text) == (expected is None)


def test_booking_form_takes_kind_and_day_from_a_chosen_event(
    bound: Session, events: dict[str, Event]
) -> None:
    tracker = make_tracker(None, sender_id="form", event_id=float(events["jazz"].id or 0))
    _, out = run_action(bound, ValidateBookingForm(), tracker, domain=default_domain().raw)
    filled = slots_of(out)
    day = events["jazz"].starts_at.astimezone(PARIS).date()
    assert filled == {"event_type": "concert", "date": day.isoformat()}

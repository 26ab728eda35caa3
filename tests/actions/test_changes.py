"""Changing one's mind: cancelling a booking, cancelling or moving an order."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlmodel import Session

from actions.changes import BookingCancel, OrderCancel, OrderModify
from actions.confirm import ActionConfirm
from assistant.catalog.models import Store
from assistant.customers.models import Household
from assistant.i18n import render
from assistant.orders.models import Order, PickupSlot
from assistant.outings.models import Booking, Event
from assistant.outings.service import book_event
from tests.actions.conftest import (
    NOW,
    PARIS,
    TODAY,
    make_tracker,
    pending,
    pending_business,
    run_action,
    slots_of,
    text_of,
    told,
    told_ids,
)
from tests.clock import local
from tests.factories import make_household, make_store

YES_NO = {
    "fr": [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}],
    "en": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
}
TOMORROW = TODAY + dt.timedelta(days=1)


def _when(lang: str, at: dt.datetime) -> str:
    return render(lang, "changes.slot", zone=PARIS, when=at)


# -- bookings -----------------------------------------------------------------------------


def _booked(session: Session, household: Household, title: str, days: int, seats: int) -> Booking:
    event = Event(
        kind="circus", title=title, venue="Chapiteau test", capacity=50, price_cents=1000,
        starts_at=NOW + dt.timedelta(days=days, hours=5),
    )  # fmt: skip
    session.add(event)
    session.flush()
    assert household.id is not None and event.id is not None
    return book_event(
        session=session, household_id=household.id, event_id=event.id, seats=seats, now=NOW
    )


def test_cancelling_the_only_booking_asks_then_frees_the_seats(bound: Session) -> None:
    household = make_household(bound)
    booking = _booked(bound, household, "Cirque test", 4, seats=2)
    event = bound.get(Event, booking.event_id)
    assert event is not None
    messages, events = run_action(bound, BookingCancel(), make_tracker(household.id))
    assert told(messages) == [("changes.booking.ask_cancel", {
        "count": 2, "title": "Cirque test", "when": event.starts_at.isoformat(),
    })]  # fmt: skip
    assert text_of(messages) == (
        f"J'annule votre réservation de 2 places pour Cirque test, "
        f"{_when('fr', event.starts_at)} ? Les places seront remises en vente. Confirmez-vous ?"
    )
    assert messages[0]["buttons"] == YES_NO["fr"]
    asked = slots_of(events)
    assert pending_business(asked["pending_payload"]) == {"booking_id": booking.id}

    messages, _ = run_action(bound, ActionConfirm(), make_tracker(household.id, "en", **asked))
    assert text_of(messages) == "Cancelled: your 2 seats for Cirque test are released."
    bound.refresh(booking)
    assert booking.status == "cancelled"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "C'est annulé : votre place pour Cirque test est libérée."),
     ("en", "Cancelled: your seat for Cirque test is released.")],
)  # fmt: skip
def test_one_seat_released_is_said_in_the_singular(lang: str, expected: str) -> None:
    assert render(lang, "changes.booking.cancelled", count=1, title="Cirque test") == expected


def test_several_bookings_ask_which_one_by_buttons(bound: Session) -> None:
    household = make_household(bound)
    first = _booked(bound, household, "Cirque test", 4, seats=2)
    second = _booked(bound, household, "Film test", 2, seats=1)
    messages, events = run_action(bound, BookingCancel(), make_tracker(household.id, "en"))
    assert told_ids(messages) == ["changes.booking.which"]
    film, circus = (bound.get(Event, b.event_id) for b in (second, first))
    assert film is not None and circus is not None
    assert messages[0]["buttons"] == [
        {"title": f"Film test ({_when('en', film.starts_at)})",
         "payload": f"/booking_cancel{json.dumps({'booking_id': second.id})}"},
        {"title": f"Cirque test ({_when('en', circus.starts_at)})",
         "payload": f"/booking_cancel{json.dumps({'booking_id': first.id})}"},
    ]  # fmt: skip
    assert slots_of(events) == {}


def test_cancelling_a_booking_not_yet_made_only_forgets_the_question(bound: Session) -> None:
    household = make_household(bound)
    waiting = pending("outing_book", event_id=1, seats=2)
    messages, events = run_action(bound, BookingCancel(), make_tracker(household.id, **waiting))
    assert text_of(messages) == "D'accord, je ne réserve pas : rien n'a été fait."
    assert slots_of(events) == {"pending_action": None, "pending_payload": None}


def test_no_booking_to_cancel(bound: Session) -> None:
    household = make_household(bound)
    messages, _ = run_action(bound, BookingCancel(), make_tracker(household.id, "en"))
    assert text_of(messages) == "I can't find an upcoming booking to cancel."


# -- orders -------------------------------------------------------------------------------


@pytest.fixture
def store(session: Session) -> Store:
    return make_store(
        session, code="TST-MONTPARNASSE", name="Carchan Montparnasse (test)", phone="01 02 03 04 05"
    )


def _slot(session: Session, store: Store, hhmm: str, **fields: Any) -> PickupSlot:
    assert store.id is not None
    starts = local(TOMORROW, hhmm)
    slot = PickupSlot(
        store_id=store.id, starts_at=starts, ends_at=starts + dt.timedelta(minutes=30), **fields
    )
    session.add(slot)
    session.flush()
    return slot


def _placed(session: Session, store: Store, slot: PickupSlot, status: str = "placed") -> Order:
    household = make_household(session)
    order = Order(household_id=household.id or 0, status=status, store_id=store.id, slot_id=slot.id)
    slot.booked += 1
    session.add_all([order, slot])
    session.flush()
    return order


def test_cancelling_an_order_asks_then_cancels(bound: Session, store: Store) -> None:
    slot = _slot(bound, store, "18:00", capacity=2)
    order = _placed(bound, store, slot)
    messages, events = run_action(bound, OrderCancel(), make_tracker(order.household_id, "en"))
    assert text_of(messages) == (
        f"Shall I cancel order #{order.id}, for pickup on {_when('en', slot.starts_at)} at "
        "Carchan Montparnasse (test)? The pickup slot will be freed. Do you confirm?"
    )
    assert messages[0]["buttons"] == YES_NO["en"]
    asked = slots_of(events)
    messages, _ = run_action(bound, ActionConfirm(), make_tracker(order.household_id, **asked))
    assert told(messages) == [("changes.order.cancelled", {"number": order.id})]
    bound.refresh(order)
    assert order.status == "cancelled"


@pytest.mark.parametrize(
    ("action", "what"), [(OrderCancel(), "l'annuler"), (OrderModify(), "la modifier")]
)
def test_an_order_being_picked_is_the_store_s_to_change(
    bound: Session, store: Store, action: Any, what: str
) -> None:
    order = _placed(bound, store, _slot(bound, store, "18:00"), status="picking")
    messages, events = run_action(bound, action, make_tracker(order.household_id))
    assert text_of(messages) == (
        f"Le magasin a déjà commencé à préparer la commande n° {order.id} : pour {what}, "
        "appelez le magasin au 01 02 03 04 05."
    )
    assert slots_of(events) == {}


def test_moving_an_order_offers_the_free_slots_as_buttons(bound: Session, store: Store) -> None:
    slot = _slot(bound, store, "18:00", capacity=2)
    free = _slot(bound, store, "18:30", capacity=2)
    _slot(bound, store, "19:00", capacity=1, booked=1)
    order = _placed(bound, store, slot)
    messages, _ = run_action(bound, OrderModify(), make_tracker(order.household_id))
    assert told(messages) == [("changes.order.ask_when.slot", {
        "number": order.id, "when": slot.starts_at.isoformat(),
        "store": "Carchan Montparnasse (test)",
    })]  # fmt: skip
    payload = {"order_id": order.id, "store": store.code, "date": TOMORROW.isoformat()}
    assert messages[0]["buttons"] == [
        {"title": _when("fr", at.starts_at),
         "payload": f"/order_modify{json.dumps({**payload, 'time': hhmm})}"}
        for at, hhmm in ((slot, "18:00"), (free, "18:30"))
    ]  # fmt: skip


def test_moving_an_order_to_a_free_slot_asks_then_moves_it(bound: Session, store: Store) -> None:
    slot = _slot(bound, store, "18:00", capacity=2)
    later = _slot(bound, store, "18:30", capacity=2)
    order = _placed(bound, store, slot)
    # What the button of the 18:30 slot sends.
    tracker = make_tracker(
        order.household_id, order_id=float(order.id or 0), store=store.code,
        date=TOMORROW.isoformat(), time="18:30",
    )  # fmt: skip
    messages, events = run_action(bound, OrderModify(), tracker)
    assert text_of(messages) == (
        f"Je déplace le retrait de la commande n° {order.id} au {_when('fr', later.starts_at)} "
        f"à Carchan Montparnasse (test) (au lieu du {_when('fr', slot.starts_at)}) ? "
        "Confirmez-vous ?"
    )
    assert messages[0]["buttons"] == YES_NO["fr"]
    asked = slots_of(events)
    assert pending_business(asked["pending_payload"]) == {"order_id": order.id, "slot_id": later.id}
    messages, _ = run_action(bound, ActionConfirm(), make_tracker(order.household_id, **asked))
    assert told(messages) == [("changes.order.moved", {
        "number": order.id, "when": later.starts_at.isoformat(),
        "store": "Carchan Montparnasse (test)",
    })]  # fmt: skip
    bound.refresh(order)
    assert order.slot_id == later.id


def test_a_full_slot_offers_the_free_ones(bound: Session, store: Store) -> None:
    slot = _slot(bound, store, "18:00", capacity=2)
    _slot(bound, store, "18:30", capacity=1, booked=1)
    order = _placed(bound, store, slot)
    tracker = make_tracker(order.household_id, "en", time="18:30")
    messages, events = run_action(bound, OrderModify(), tracker)
    assert text_of(messages) == (
        "That slot isn't available at Carchan Montparnasse (test). Choose a free slot:"
    )
    assert [button["title"] for button in messages[0]["buttons"]] == [_when("en", slot.starts_at)]
    assert slots_of(events) == {}


def test_the_content_of_a_placed_order_cannot_change(bound: Session, store: Store) -> None:
    order = _placed(bound, store, _slot(bound, store, "18:00"))
    tracker = make_tracker(order.household_id, product="lait")
    messages, _ = run_action(bound, OrderModify(), tracker)
    assert told(messages) == [("changes.order.content_fixed", {"number": order.id})]

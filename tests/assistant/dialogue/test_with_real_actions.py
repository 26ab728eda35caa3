"""The dialogue with the real `actions` package on the demo world: answers from the data."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from assistant.dialogue.executor import ActionRunner, default_runner
from assistant.dialogue.service import handle_message
from assistant.dialogue.types import Turn
from assistant.outings.models import Booking, Event
from tests import clock
from tests.assistant.dialogue import fake_actions
from tests.assistant.dialogue.fake_nlu import FakeNLU
from tests.clock import local, on_weekday

TODAY = on_weekday(clock.TODAY, 2)  # a Wednesday, the first from the suite's day
NOW = local(TODAY, "10:00")


@pytest.fixture
def zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    return seed_zerty(session=session, today=TODAY)


def chat(session: Session, household: Household, text: str, sender: str = "zerty-app") -> Turn:
    return handle_message(
        session=session, nlu=FakeNLU(), sender_id=sender, text=text, channel="app",
        household=household, now=NOW,
    )  # fmt: skip


def test_the_package_registers_its_own_actions_not_test_doubles() -> None:
    # The test doubles of fake_actions share names with the real actions and are imported.
    assert fake_actions.FakeValidateBookingForm().name() == "validate_booking_form"
    served = default_runner()
    assert isinstance(served, ActionRunner)  # no ACTIONS_URL in tests: in-process
    for runner in (ActionRunner.from_package("actions"), served):
        for name in ("action_loyalty_balance", "action_confirm", "validate_booking_form"):
            assert runner.knows(name)
            assert type(runner.action(name)).__module__.startswith("actions.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("combien j'ai de points", "Vous avez 48 points."),
        ("how many points", "You have 48 points."),
    ],
)
def test_zerty_asks_for_their_points(
    session: Session, zerty: Household, text: str, expected: str
) -> None:
    turn = chat(session, zerty, text)
    assert turn.replies[0].text.startswith(expected)


def test_a_stranger_is_asked_to_sign_in(session: Session, zerty: Household) -> None:
    turn = handle_message(
        session=session, nlu=FakeNLU(), sender_id="anon-1", text="combien j'ai de points",
        channel="rest", household=None, now=NOW,
    )  # fmt: skip
    assert "connectez-vous" in turn.replies[0].text


def test_booking_by_button_asks_the_missing_slot_then_confirms(
    session: Session, zerty: Household
) -> None:
    circus = session.exec(
        select(Event).where(Event.kind == "circus").order_by(col(Event.starts_at))
    ).first()
    assert circus is not None
    turn = chat(session, zerty, f'/outing_book{{"event_id": {circus.id}}}')
    assert (turn.active_form, turn.requested_slot) == ("booking_form", "people_count")
    turn = chat(session, zerty, "2")
    assert turn.active_form is None
    assert "Confirmez-vous" in turn.replies[-1].text
    turn = chat(session, zerty, "oui")
    assert turn.replies[0].text.startswith("C'est réservé : 2 places")
    bookings = session.exec(
        select(Booking).where(Booking.household_id == zerty.id, Booking.event_id == circus.id)
    ).all()
    assert [booking.seats for booking in bookings] == [2]


def test_a_typed_payload_cannot_forge_a_pending_confirmation(
    session: Session, zerty: Household
) -> None:
    turn = chat(session, zerty, '/affirm{"pending_action": "outing_book", "pending_payload": {}}')
    assert turn.replies[0].text == "Il n'y a rien à confirmer pour le moment."

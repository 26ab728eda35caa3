"""The conversation suite: multi-turn conversations (forms, confirmations, cancellations,
context carried over, out of scope in the middle of a form), in French and English, through
the trained embedded NLU, the in-process dialogue and the real actions on the demo world.

The conversations and what must hold after each turn are data (`data/conversations.yml`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from assistant.dialogue.service import handle_message
from assistant.orders.service import draft_order, order_lines
from assistant.outings.models import Booking, Event
from tests import clock
from tests.clock import local, on_weekday
from tests.nlu.engines.trained import trained_engine

CONVERSATIONS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "conversations.yml").read_text(encoding="utf-8")
)
ACTIVE = ("held", "confirmed")
# A Tuesday morning from the suite's day, so that "samedi" is always four days ahead; the
# replies' dates are written {saturday} and {sunday} in the data.
TODAY = on_weekday(clock.TODAY, 1)
NOW = local(TODAY, "10:00")
DAYS = {
    "{saturday}": f"{TODAY + dt.timedelta(days=4):%d/%m}",
    "{sunday}": f"{TODAY + dt.timedelta(days=5):%d/%m}",
}


def _dated(fragment: str) -> str:
    for placeholder, day in DAYS.items():
        fragment = fragment.replace(placeholder, day)
    return fragment


@pytest.fixture
def zerty(session: Session) -> Household:
    seed_world(session=session, today=TODAY)
    household = seed_zerty(session=session, today=TODAY)
    seed_demo_recipes(session=session)
    return household


def _list(session: Session, household: Household) -> dict[str, int]:
    assert household.id is not None
    order = draft_order(session=session, household_id=household.id)
    if order is None or order.id is None:
        return {}
    lines = order_lines(session=session, order_id=order.id)
    return {product.name_fr: line.quantity for line, product in lines}


def _bookings(session: Session, household: Household) -> dict[int, tuple[str, int]]:
    rows = session.exec(
        select(Booking, Event)
        .join(Event, col(Event.id) == col(Booking.event_id))
        .where(Booking.household_id == household.id, col(Booking.status).in_(ACTIVE))
    ).all()
    return {booking.id or 0: (event.title, booking.seats) for booking, event in rows}


def test_the_suite_covers_both_languages_and_every_kind_of_turn() -> None:
    names = [conversation["name"] for conversation in CONVERSATIONS]
    assert len(names) == len(set(names)) and len(names) >= 30
    assert {name.split("_")[0] for name in names} == {"fr", "en"}
    turns = [turn for conversation in CONVERSATIONS for turn in conversation["turns"]]
    assert any(turn.get("form") == "booking_form" for turn in turns)
    assert {"oui", "non", "yes", "no"} <= {turn["say"] for turn in turns}


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: str(c["name"]))
def test_conversation(session: Session, zerty: Household, conversation: dict[str, Any]) -> None:
    lists_before = _list(session, zerty)
    bookings_before = _bookings(session, zerty)
    sender = f"suite-{conversation['name']}"
    for number, turn in enumerate(conversation["turns"], start=1):
        said = handle_message(
            session=session, nlu=trained_engine(), sender_id=sender, text=turn["say"],
            channel="app", household=zerty, now=NOW,
        )  # fmt: skip
        replies = " ".join(reply.text for reply in said.replies)
        buttons = " ".join(button.title for reply in said.replies for button in reply.buttons)
        where = f"turn {number} {turn['say']!r} -> {replies!r} {buttons!r}"
        if "form" in turn:
            assert said.active_form == turn["form"], where
        for fragment in turn.get("says", []):
            assert _dated(fragment) in replies, where
        for fragment in turn.get("buttons", []):
            assert fragment in buttons, where
        if "asks" in turn:
            assert replies.rstrip().endswith("?") is turn["asks"], where
    if "list" in conversation:
        after = _list(session, zerty)
        added = {
            name: quantity - lists_before.get(name, 0)
            for name, quantity in after.items()
            if quantity != lists_before.get(name, 0)
        }
        assert added == conversation["list"]
    if "bookings" in conversation:
        made = {
            title: seats
            for booking_id, (title, seats) in _bookings(session, zerty).items()
            if booking_id not in bookings_before
        }
        assert made == conversation["bookings"]

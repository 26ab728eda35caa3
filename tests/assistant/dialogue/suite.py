"""The conversation suite's data and checks, shared by every way of running it.

The conversations and what must hold after each turn are data (`data/conversations.yml`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from assistant.customers.models import Household
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from assistant.dialogue.types import Turn
from assistant.orders.service import draft_order, order_lines
from assistant.outings.models import Booking, Event
from tests import clock
from tests.clock import local, on_weekday

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


def seed(session: Session) -> Household:
    """The demo world, the Zerty household and the recipes, as of the suite's day."""
    seed_world(session=session, today=TODAY)
    household = seed_zerty(session=session, today=TODAY)
    seed_demo_recipes(session=session)
    return household


def _dated(fragment: str) -> str:
    for placeholder, day in DAYS.items():
        fragment = fragment.replace(placeholder, day)
    return fragment


def shopping_list(session: Session, household: Household) -> dict[str, int]:
    assert household.id is not None
    order = draft_order(session=session, household_id=household.id)
    if order is None or order.id is None:
        return {}
    lines = order_lines(session=session, order_id=order.id)
    return {product.name_fr: line.quantity for line, product in lines}


def bookings(session: Session, household: Household) -> dict[int, tuple[str, int]]:
    rows = session.exec(
        select(Booking, Event)
        .join(Event, col(Event.id) == col(Booking.event_id))
        .where(Booking.household_id == household.id, col(Booking.status).in_(ACTIVE))
    ).all()
    return {booking.id or 0: (event.title, booking.seats) for booking, event in rows}


def check_turn(turn: dict[str, Any], said: Turn, number: int) -> None:
    """What the data says must hold after one turn."""
    replies = " ".join(reply.text for reply in said.replies)
    buttons = " ".join(button.title for reply in said.replies for button in reply.buttons)
    where = f"turn {number} {turn['say']!r} -> {replies!r} {buttons!r}"
    if "form" in turn:
        assert said.active_form == turn["form"], where
    for fragment in turn.get("says", []):
        assert _dated(fragment) in replies, where
    for fragment in turn.get("buttons", []):
        assert _dated(fragment) in buttons, where
    if "asks" in turn:
        assert replies.rstrip().endswith("?") is turn["asks"], where


class Outcome:
    """The list and the bookings before a conversation, to check what it changed."""

    def __init__(self, session: Session, household: Household) -> None:
        self.list_before = shopping_list(session, household)
        self.bookings_before = bookings(session, household)

    def check(self, conversation: dict[str, Any], session: Session, household: Household) -> None:
        if "list" in conversation:
            after = shopping_list(session, household)
            added = {
                name: quantity - self.list_before.get(name, 0)
                for name, quantity in after.items()
                if quantity != self.list_before.get(name, 0)
            }
            assert added == conversation["list"]
        if "bookings" in conversation:
            made = {
                title: seats
                for booking_id, (title, seats) in bookings(session, household).items()
                if booking_id not in self.bookings_before
            }
            assert made == conversation["bookings"]

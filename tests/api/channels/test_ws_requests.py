"""Requests as customers say them, through the WebSocket, the real dialogue, the trained
embedded NLU and the `actions` package on the demo world: several products in one
sentence, cancelling a booking or an order, and a recipe's details, in French and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from api.channels.deps import get_dialogue
from assistant.auth.service import issue_customer_token
from assistant.catalog.models import Product, Store
from assistant.customers.models import Household
from assistant.demo.recipes_fr import seed_demo_recipes
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty
from assistant.history.habits import record as record_habits
from assistant.history.models import Receipt, ReceiptLine
from assistant.orders.models import Order, OrderStatus, PickupSlot
from assistant.orders.service import add_to_list, draft_order, order_lines, place_order
from assistant.outings.models import Booking, Event
from assistant.outings.service import book_event
from tests.api.channels.conftest import LiveServer
from tests.api.channels.test_ws import call, chat
from tests.clock import NOW, TODAY
from tests.factories import make_household
from tests.nlu.engines.trained import trained_engine


@dataclass
class World:
    live: LiveServer
    zerty_id: int

    def customer(self, name: str, *, bought: str | None = None) -> tuple[int, str]:
        """A new household (its own list, orders and bookings) and its token; `bought`: the
        start of the name of a product it has bought once (its habits break ties)."""
        with self.live.unit_of_work() as session:
            household = make_household(session, name=name)
            store = session.exec(select(Store).order_by(col(Store.id))).first()
            assert store is not None and household.id is not None
            household.preferred_store_id = store.id
            session.add(household)
            if bought is not None:
                _receipt(session, household.id, bought)
            token = issue_customer_token(settings=self.live.settings, household=household, now=NOW)
            return household.id, token

    def zerty(self) -> str:
        with self.live.unit_of_work() as session:
            household = session.get(Household, self.zerty_id)
            assert household is not None
            return issue_customer_token(settings=self.live.settings, household=household, now=NOW)


def _receipt(session: Session, household_id: int, name_start: str) -> None:
    product = session.exec(
        select(Product).where(col(Product.name_fr).startswith(name_start)).order_by(col(Product.id))
    ).first()
    assert product is not None and product.id is not None
    receipt = Receipt(
        receipt_uid=f"ws-requests-{household_id}", household_id=household_id,
        purchased_at=NOW - dt.timedelta(days=6), total_cents=product.price_cents,
    )  # fmt: skip
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    session.add(
        ReceiptLine(
            receipt_id=receipt.id,
            product_id=product.id,
            ean=product.ean,
            label=product.name_fr,
            unit_price_cents=product.price_cents,
            amount_cents=product.price_cents,
        )
    )
    session.flush()
    record_habits(session, [receipt.id])


@pytest.fixture(scope="module")
def world(live: LiveServer) -> Iterator[World]:
    with live.unit_of_work() as session:
        seed_world(session=session, today=TODAY)
        zerty = seed_zerty(session=session, today=TODAY)
        seed_demo_recipes(session=session)
        assert zerty.id is not None
    previous = live.app.dependency_overrides.pop(get_dialogue)
    live.app.state.nlu = trained_engine()
    try:
        yield World(live, zerty.id)
    finally:
        live.app.dependency_overrides[get_dialogue] = previous


def say(world: World, token: str, *texts: str, lang: str) -> list[dict[str, Any]]:
    """Each text in turn on one socket; the results."""
    results = []
    with chat(world.live, token) as ws:
        for number, text in enumerate(texts, start=2):
            frame = {"type": "message", "id": number, "text": text, "lang": lang}
            answer = call(ws, frame)
            assert answer["type"] == "result", answer
            results.append(answer["result"])
    return results


def text_of(result: dict[str, Any]) -> str:
    return " ".join(str(reply.get("text") or "") for reply in result["replies"])


def list_names(session: Session, household_id: int) -> list[str]:
    return list(list_quantities(session, household_id))


def list_quantities(session: Session, household_id: int) -> dict[str, int]:
    order = draft_order(session=session, household_id=household_id)
    if order is None or order.id is None:
        return {}
    return {
        product.name_fr: line.quantity
        for line, product in order_lines(session=session, order_id=order.id)
    }


@pytest.mark.parametrize(
    ("lang", "text"),
    [("fr", "ajoute du café et du sucre"), ("en", "add coffee and sugar to my list")],
)
def test_two_products_in_one_sentence_are_both_added(world: World, lang: str, text: str) -> None:
    # Zerty buys her coffee and her sugar: her habits tell which ones.
    household_id, token = world.zerty_id, world.zerty()
    (result,) = say(world, token, text, lang=lang)
    with world.live.unit_of_work() as session:
        names = " | ".join(list_names(session, household_id)).lower()
    assert "caf" in names and "sucre" in names, (names, text_of(result))


@pytest.mark.parametrize(
    ("lang", "text", "added"),
    [
        ("fr", "ajoute 2 litres de lait et 6 oeufs", "oeuf"),
        ("en", "add milk and eggs", "oeuf"),
    ],
)
def test_an_unclear_product_is_asked_about_and_the_clear_one_still_added(
    world: World, lang: str, text: str, added: str
) -> None:
    # It has bought eggs, never milk: the eggs are clear, the milk is not.
    household_id, token = world.customer(f"Milk and eggs {lang}", bought="Oeufs frais")
    (result,) = say(world, token, text, lang=lang)
    reply = text_of(result)
    with world.live.unit_of_work() as session:
        quantities = list_quantities(session, household_id)
    names = " | ".join(quantities).lower()
    assert added in names.replace("œ", "oe"), (names, reply)
    # "6 oeufs" is one box of 6 or 12, not six boxes.
    assert [n for name, n in quantities.items() if "oeuf" in name.lower()] == [1], quantities
    buttons = [b for r in result["replies"] for b in r.get("buttons") or []]
    assert buttons and all(b["payload"].startswith("/shopping_list_add") for b in buttons), reply
    assert ("lequel" if lang == "fr" else "which one") in reply


def _next_circus(session: Session) -> Event:
    circus = session.exec(
        select(Event)
        .where(Event.kind == "circus", col(Event.starts_at) > NOW, col(Event.capacity) > 10)
        .order_by(col(Event.starts_at))
    ).first()
    assert circus is not None and circus.id is not None
    return circus


def _book_circus(world: World, household_id: int) -> int:
    with world.live.unit_of_work() as session:
        circus = _next_circus(session)
        assert circus.id is not None
        booking = book_event(
            session=session, household_id=household_id, event_id=circus.id, seats=3, now=NOW
        )
        assert booking.id is not None
        return booking.id


@pytest.mark.parametrize(
    ("lang", "ask", "yes"),
    [("fr", "annule ma réservation du cirque", "oui"), ("en", "cancel my circus booking", "yes")],
)
def test_a_booking_is_cancelled_after_confirmation(
    world: World, lang: str, ask: str, yes: str
) -> None:
    household_id, token = world.customer(f"Circus {lang}")
    booking_id = _book_circus(world, household_id)
    asked, done = say(world, token, ask, yes, lang=lang)
    assert ("Confirmez-vous" if lang == "fr" else "Do you confirm") in text_of(asked)
    with world.live.unit_of_work() as session:
        booking = session.get(Booking, booking_id)
        assert booking is not None and booking.status == "cancelled", text_of(done)


@pytest.mark.parametrize(
    ("lang", "ask", "no"), [("fr", "annule ma réservation du cirque", "non"),
                            ("en", "cancel my circus booking", "no")]
)  # fmt: skip
def test_a_no_keeps_the_booking(world: World, lang: str, ask: str, no: str) -> None:
    household_id, token = world.customer(f"Circus kept {lang}")
    booking_id = _book_circus(world, household_id)
    say(world, token, ask, no, lang=lang)
    with world.live.unit_of_work() as session:
        booking = session.get(Booking, booking_id)
        assert booking is not None and booking.status == "confirmed"


@pytest.mark.parametrize(
    ("lang", "book", "cancel", "yes"),
    [
        ("fr", "réserve le cirque le {day} pour 3 personnes",
         "finalement annule ma réservation du cirque", "oui"),
        ("en", "book the circus on {day} for 3 people", "actually cancel my circus booking", "yes"),
    ],
)  # fmt: skip
def test_cancelling_before_the_yes_books_nothing(
    world: World, lang: str, book: str, cancel: str, yes: str
) -> None:
    household_id, token = world.customer(f"Circus undecided {lang}")
    with world.live.unit_of_work() as session:
        circus = _next_circus(session)
    day = circus.starts_at.astimezone(ZoneInfo("Europe/Paris")).strftime("%d/%m")
    asked, cancelled, late_yes = say(world, token, book.format(day=day), cancel, yes, lang=lang)
    assert ("Confirmez-vous" if lang == "fr" else "Do you confirm") in text_of(asked)
    assert ("rien n'a été fait" if lang == "fr" else "nothing was done") in text_of(cancelled)
    with world.live.unit_of_work() as session:
        booked = session.exec(select(Booking).where(Booking.household_id == household_id)).all()
    assert booked == [], text_of(late_yes)


def _place_order(world: World, household_id: int) -> int:
    with world.live.unit_of_work() as session:
        household = session.get(Household, household_id)
        assert household is not None
        product = session.exec(select(Product).order_by(col(Product.id))).first()
        assert product is not None
        add_to_list(
            session=session, household_id=household_id, product=product, quantity=1,
            set_quantity=False, now=NOW,
        )  # fmt: skip
        order = draft_order(session=session, household_id=household_id)
        slot = session.exec(
            select(PickupSlot)
            .where(
                PickupSlot.store_id == household.preferred_store_id,
                col(PickupSlot.starts_at) > NOW + dt.timedelta(days=1),
            )
            .order_by(col(PickupSlot.starts_at))
        ).first()
        assert order is not None and order.id is not None and slot is not None and slot.id
        placed = place_order(session=session, order_id=order.id, slot_id=slot.id, now=NOW)
        assert placed.id is not None
        return placed.id


@pytest.mark.parametrize(
    ("lang", "ask", "yes"),
    [("fr", "annule ma commande", "oui"), ("en", "please cancel my order", "yes")],
)
def test_an_order_is_cancelled_after_confirmation(
    world: World, lang: str, ask: str, yes: str
) -> None:
    household_id, token = world.customer(f"Order {lang}")
    order_id = _place_order(world, household_id)
    asked, done = say(world, token, ask, yes, lang=lang)
    assert ("Confirmez-vous" if lang == "fr" else "Do you confirm") in text_of(asked)
    with world.live.unit_of_work() as session:
        order = session.get(Order, order_id)
        assert order is not None and order.status == OrderStatus.cancelled, text_of(done)


@pytest.mark.parametrize(
    ("lang", "ideas", "details", "word"),
    [
        ("fr", "une idée de recette avec de la pintade", "comment on fait la deuxième ?", "Étapes"),
        ("en", "a recipe idea with guinea fowl", "how do I make the second one?", "Steps"),
    ],
)
def test_the_second_recipe_is_detailed(
    world: World, lang: str, ideas: str, details: str, word: str
) -> None:
    _household_id, token = world.customer(f"Recipes {lang}")
    suggested, detailed = say(world, token, ideas, details, lang=lang)
    cards = [c for r in suggested["replies"] for c in (r.get("custom") or {}).get("cards", [])]
    assert len(cards) >= 2, text_of(suggested)
    second = cards[1]["title"]  # "the second one" is the second card
    assert detailed["replies"], detailed
    reply = text_of(detailed)
    assert word in reply and reply.startswith(second), (text_of(suggested), reply)

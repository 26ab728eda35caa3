"""What the app opens its chat with, over HTTP: the greeting built from the household's own
news with its suggestion chips, and the conversation's history (a pressed button shown as its
title, cards kept)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.channels.rest import sender_id_for as rest_sender
from api.channels.ws import sender_id_for
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.dialogue.greeting import greeting, weekend_window
from assistant.dialogue.tracker_store import open_conversation, record_message
from assistant.orders.models import Order, OrderLine, OrderStatus
from assistant.outings.models import Booking
from tests.assistant.loyalty.helpers import give_points, make_reward
from tests.assistant.outings.helpers import make_event
from tests.clock import NOW
from tests.factories import (
    customer_headers,
    make_household,
    make_member,
    make_preference,
    make_product,
    make_store,
)

PARIS = ZoneInfo("Europe/Paris")
SATURDAY_3PM = dt.datetime(2026, 12, 12, 15, 0, tzinfo=PARIS)  # NOW is Tuesday 8 December


def _list(session: Session, household: Household, proposed: int, accepted: int) -> None:
    assert household.id is not None
    order = Order(household_id=household.id, status=OrderStatus.draft)
    session.add(order)
    session.flush()
    assert order.id is not None
    for index in range(proposed + accepted):
        product = make_product(session)
        assert product.id is not None
        session.add(OrderLine(order_id=order.id, product_id=product.id, accepted=index >= proposed))
    session.flush()


def _ready_order(session: Session, household: Household, store_name: str) -> None:
    assert household.id is not None
    store = make_store(session, name=store_name)
    session.add(
        Order(household_id=household.id, store_id=store.id, status=OrderStatus.ready,
              placed_at=NOW - dt.timedelta(days=2), ready_at=NOW - dt.timedelta(hours=3))
    )  # fmt: skip
    session.flush()


def _wish(session: Session, household: Household, points: int, cost: int) -> None:
    andre = make_member(session, household, first_name="André", role="child")
    make_preference(session, household, kind="wish", value="ballon de football dédicacé",
                    member_id=andre.id)  # fmt: skip
    give_points(session, household, points)
    make_reward(session, name_fr="Ballon de football dédicacé", name_en="Signed football",
                points_cost=cost, tags=["football"])  # fmt: skip


@pytest.fixture
def busy(session: Session) -> Household:
    """The Zertys' morning: a proposed list, an order waiting, a wish 2 points away, and
    outings: two this weekend, one already booked, one on Monday, one for toddlers (André is
    the only child, and older)."""
    household = make_household(session, name="Famille Zerty")
    _list(session, household, proposed=3, accepted=2)
    _ready_order(session, household, "Carchan Montparnasse")
    _wish(session, household, points=48, cost=50)
    make_event(session, title="Cirque", starts_at=SATURDAY_3PM)
    make_event(session, title="Atelier", starts_at=SATURDAY_3PM + dt.timedelta(days=1), capacity=0)
    booked = make_event(session, title="Concert", starts_at=SATURDAY_3PM)
    assert household.id is not None and booked.id is not None
    session.add(Booking(event_id=booked.id, household_id=household.id, seats=2, status="confirmed"))
    make_event(session, title="Braderie", starts_at=SATURDAY_3PM + dt.timedelta(days=2))
    make_event(session, title="Éveil musical", starts_at=SATURDAY_3PM, min_age=0, max_age=3)
    session.flush()
    return household


def test_the_greeting_says_what_is_waiting(session: Session, busy: Household) -> None:
    opening = greeting(session=session, household=busy, now=NOW)
    said = [(part.id, dict(part.values)) for part in opening.parts]
    assert said == [
        ("app.greeting.hello.morning", {}),
        ("app.greeting.order_ready", {"store": "Carchan Montparnasse"}),
        ("app.greeting.list_proposed", {"n": 3}),
        ("app.greeting.wish_close.member",
         {"missing": 2, "reward": "Ballon de football dédicacé", "who": "André"}),
        ("app.greeting.outings_weekend", {"count": 2}),
        ("app.greeting.ask", {}),
    ]  # fmt: skip
    assert [chip.kind for chip in opening.chips] == [
        "order", "list", "loyalty", "outings", "recipe",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "text", "chips"),
    [
        ("fr",
         "Bonjour ! Votre commande vous attend à Carchan Montparnasse. Votre liste de la "
         "semaine est prête : 3 articles à vérifier. Plus que 2 points pour le souhait "
         "d'André : Ballon de football dédicacé. 2 sorties vous attendent ce week-end. Que "
         "puis-je faire pour vous ?",
         ["Où en est ma commande ?", "Montre-moi ma liste", "Combien de points j'ai ?",
          "Une idée de sortie ce week-end", "Une idée de recette pour ce soir"]),
        ("en",
         "Good morning! Your order is waiting for you at Carchan Montparnasse. This week's "
         "shopping list is ready: 3 items to check. Only 2 points to go for André's wish: "
         "Signed football. 2 outings are on this weekend. What can I do for you?",
         ["Where is my order?", "Show me my list", "How many points have I got?",
          "What can we do this weekend?", "A recipe idea for tonight"]),
    ],
)  # fmt: skip
def test_the_greeting_endpoint_speaks_the_household_s_language(
    client: TestClient, session: Session, settings: Settings, busy: Household, lang: str,
    text: str, chips: list[str],
) -> None:  # fmt: skip
    busy.lang = lang
    session.add(busy)
    session.flush()
    response = client.get("/me/assistant/greeting", headers=customer_headers(settings, busy))
    assert response.status_code == 200
    body = response.json()
    assert (body["lang"], body["text"]) == (lang, text)
    assert [chip["text"] for chip in body["chips"]] == chips


def test_a_quiet_household_is_greeted_with_the_usual_suggestions(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    body = client.get(
        "/me/assistant/greeting", headers=customer_headers(settings, household)
    ).json()
    assert body["text"] == "Bonjour ! Que puis-je faire pour vous ?"
    assert [chip["kind"] for chip in body["chips"]] == ["recipe", "offers", "list", "outings"]


@pytest.mark.parametrize(
    ("local", "hello"),
    [((8, 0), "morning"), ((14, 30), "afternoon"), ((19, 45), "evening")],
)
def test_the_hello_follows_the_household_s_clock(
    session: Session, local: tuple[int, int], hello: str
) -> None:
    # 8:00 in Martinique is 13:00 in Paris: the household's zone decides.
    household = make_household(session, timezone="America/Martinique")
    at = dt.datetime(2026, 12, 8, *local, tzinfo=ZoneInfo("America/Martinique"))
    opening = greeting(session=session, household=household, now=at.astimezone(dt.UTC))
    assert opening.parts[0].id == f"app.greeting.hello.{hello}"


@pytest.mark.parametrize(
    ("local", "start", "end"),
    [
        # A Tuesday: the coming Saturday and Sunday.
        (dt.datetime(2026, 12, 8, 9, 30), dt.datetime(2026, 12, 12), dt.datetime(2026, 12, 14)),
        # Saturday afternoon: from now; Sunday evening: what is left of Sunday.
        (dt.datetime(2026, 12, 12, 15, 0), dt.datetime(2026, 12, 12, 15, 0),
         dt.datetime(2026, 12, 14)),
        (dt.datetime(2026, 12, 13, 20, 0), dt.datetime(2026, 12, 13, 20, 0),
         dt.datetime(2026, 12, 14)),
    ],
)  # fmt: skip
def test_this_weekend(local: dt.datetime, start: dt.datetime, end: dt.datetime) -> None:
    window = weekend_window(local.replace(tzinfo=PARIS))
    assert window == (start.replace(tzinfo=PARIS), end.replace(tzinfo=PARIS))


def test_the_greeting_needs_a_customer(client: TestClient) -> None:
    response = client.get("/me/assistant/greeting")
    assert response.status_code == 401


# --- history ---------------------------------------------------------------------------------

BOOK = '/outing_book{"event_id": 7}'


def _conversation(session: Session, household: Household, sender_id: str) -> None:
    conversation = open_conversation(
        session=session, sender_id=sender_id, channel="app", household=household, lang="fr",
        now=NOW,
    )  # fmt: skip
    card = {"kind": "outing", "title": "Cirque", "lines": ["samedi"],
            "buttons": [{"title": "Réserver", "payload": BOOK}]}  # fmt: skip
    said = [
        ("in", "Quelles sorties ce week-end ?", {}),
        ("out", "Voici 1 sortie pour vous :", {"buttons": [], "custom": {"cards": [card]}}),
        ("in", BOOK, {}),
        ("out", "Pour combien de personnes ?", {}),
        ("in", "2", {}),
        ("out", "Je réserve 2 places ?",
         {"buttons": [{"title": "Oui", "payload": "/affirm"},
                      {"title": "Non", "payload": "/deny"}], "custom": {}}),
        ("in", "/affirm", {}),
        ("out", "C'est réservé.", {}),
        ("in", '/order_place{"slot": 1}', {}),  # typed by hand: no button offered it
        ("out", "Sur quel créneau ?", {}),
    ]  # fmt: skip
    for minute, (direction, text, payload) in enumerate(said):
        record_message(
            session=session, conversation=conversation, direction=direction, text=text,
            now=NOW + dt.timedelta(minutes=minute), payload=payload,
        )  # fmt: skip


def test_the_history_shows_what_the_customer_saw(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    assert household.id is not None
    _conversation(session, household, sender_id_for(household.id))
    response = client.get("/me/assistant/history", headers=customer_headers(settings, household))
    assert response.status_code == 200
    messages = response.json()["messages"]
    assert [(m["role"], m["text"]) for m in messages] == [
        ("user", "Quelles sorties ce week-end ?"),
        ("bot", "Voici 1 sortie pour vous :"),
        ("user", "Réserver"),
        ("bot", "Pour combien de personnes ?"),
        ("user", "2"),
        ("bot", "Je réserve 2 places ?"),
        ("user", "Oui"),
        ("bot", "C'est réservé."),
        ("bot", "Sur quel créneau ?"),
    ]
    assert messages[1]["custom"]["cards"][0]["buttons"][0]["payload"] == BOOK
    assert [b["title"] for b in messages[5]["buttons"]] == ["Oui", "Non"]


def test_the_history_keeps_the_last_messages(
    client: TestClient, session: Session, settings: Settings
) -> None:
    household = make_household(session)
    assert household.id is not None
    _conversation(session, household, sender_id_for(household.id))
    response = client.get(
        "/me/assistant/history", params={"limit": 3}, headers=customer_headers(settings, household)
    )
    # The button pressed just before the window is still named by its title.
    assert [m["text"] for m in response.json()["messages"]] == [
        "Oui", "C'est réservé.", "Sur quel créneau ?",
    ]  # fmt: skip


def test_the_history_is_the_household_s_app_conversation_only(
    client: TestClient, session: Session, settings: Settings
) -> None:
    mine, other = make_household(session), make_household(session)
    assert mine.id is not None and other.id is not None
    _conversation(session, other, sender_id_for(other.id))
    _conversation(session, mine, rest_sender(mine.id, "bot-tester"))
    response = client.get("/me/assistant/history", headers=customer_headers(settings, mine))
    assert response.json() == {"messages": []}


@pytest.mark.parametrize(("params", "status"), [({"limit": 0}, 422), ({"limit": 101}, 422)])
def test_the_history_limit_is_bounded(
    client: TestClient, session: Session, settings: Settings, params: dict[str, int], status: int
) -> None:
    household = make_household(session)
    response = client.get(
        "/me/assistant/history", params=params, headers=customer_headers(settings, household)
    )
    assert response.status_code == status


def test_the_history_needs_a_customer(client: TestClient) -> None:
    assert client.get("/me/assistant/history").status_code == 401

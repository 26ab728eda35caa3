"""The Zerty day end to end: the seed story's Friday and Saturday against a real server.

The clock file moves through the story; the scheduler runs in its own process at each hour;
Anne's phone is the fake FCM (pushes), a WebSocket (chat, in-app notifications) and REST
(location pings); the staff's tablet and the fuel till use their API keys. Every moment is
checked for what it says, on which channel, when (on the story's clock), in which language
and why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from babel.dates import format_date
from sqlmodel import Session, col, select
from websockets.sync.client import connect
from websockets.sync.connection import Connection

from assistant.catalog.models import Product
from assistant.db import make_engine
from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS
from assistant.demo.scenario import story
from assistant.demo.stores_data import ZERTY_HOME_STORE_CODE
from assistant.demo.zerty import LOYALTY_CARD, PUSH_TOKEN
from assistant.notify.models import OutboxMessage
from assistant.offers.models import Coupon, CouponAssignment
from assistant.orders.models import Order, OrderLine
from tests.e2e.conftest import Live, wait_for

pytestmark = pytest.mark.slow
REPLY_TIMEOUT = 60.0  # the first chat turn loads the NLU model in the server
LATE = dt.timedelta(minutes=5)  # the story's clock keeps flowing while the server works
SSML = "{http://www.w3.org/2001/10/synthesis}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass
class Phone:
    """Anne's app on a WebSocket: chat turns, and the notifications pushed to it."""

    socket: Connection
    next_id: int = 1
    events: list[dict[str, Any]] = field(default_factory=list)

    def call(self, frame: dict[str, Any]) -> dict[str, Any]:
        frame_id = self.next_id
        self.next_id += 1
        self.socket.send(json.dumps({**frame, "id": frame_id}))
        while True:
            answer = json.loads(self.socket.recv(timeout=REPLY_TIMEOUT))
            if answer.get("type") == "event":
                self.events.append(answer)
            elif answer.get("id") == frame_id:
                assert answer["type"] == "result" and answer["success"], answer
                result: dict[str, Any] = answer.get("result") or {}
                return result

    def say(self, said: story.Say, lang: str) -> dict[str, Any]:
        return self.call({"type": "message", "text": said.text(lang)})

    def wait_event(self, kind: str, *, timeout: float = 20.0) -> dict[str, Any]:
        def probe() -> dict[str, Any] | None:
            found = [e for e in self.events if e["event"]["kind"] == kind]
            if found:
                return found[0]
            try:
                answer = json.loads(self.socket.recv(timeout=0.2))
            except TimeoutError:
                return None
            if answer.get("type") == "event":
                self.events.append(answer)
            return None

        return wait_for(probe, timeout=timeout, what=f"the in-app {kind} event")


@dataclass
class Day:
    """What the server said during the day, as Anne's phone, the radio, the staff and the
    till saw it."""

    live: Live
    pushes: dict[str, dict[str, Any]] = field(default_factory=dict)
    chat: dict[str, dict[str, Any]] = field(default_factory=dict)
    radio: tuple[str, dict[str, str]] = ("", {})
    radio_why: dict[str, Any] = field(default_factory=dict)
    arrivals: list[dict[str, Any]] = field(default_factory=list)
    receipt: dict[str, Any] = field(default_factory=dict)
    loyalty: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    emails: list[EmailMessage] = field(default_factory=list)
    outbox: dict[int, OutboxMessage] = field(default_factory=dict)
    order_lines: list[dict[str, Any]] = field(default_factory=list)
    order_receipt: dict[str, Any] = field(default_factory=dict)
    spent: list[tuple[str, int | None]] = field(default_factory=list)
    hotline: dict[str, Any] = field(default_factory=dict)

    def push(self, kind: str) -> dict[str, Any]:
        return self.pushes[kind]

    def events_of(self, kind: str) -> dict[str, Any]:
        """The one in-app notification of `kind` the socket received."""
        [event] = [e["event"] for e in self.events if e["event"]["kind"] == kind]
        return event

    def row(self, kind: str) -> OutboxMessage:
        return self.outbox[int(self.push(kind)["data"]["notification_id"])]


def _friday(live: Live, day: Day) -> None:
    live.move_clock(story.local(live.friday, 7, 0))
    assert "sent: push, radio" in live.run_scheduler()
    day.pushes["briefing"] = live.push_of("briefing")
    with live.customer() as client:
        answer = client.get(f"/radio/{live.slug}/briefing", params={"format": "ssml"})
        assert answer.status_code == 200, answer.text
        day.radio = (answer.text, dict(answer.headers))
        # The radio's copy was written beside the push, by the same job: the next id.
        radio_id = int(day.pushes["briefing"]["data"]["notification_id"]) + 1
        why = client.get(f"/me/notifications/{radio_id}/why")
        assert why.status_code == 200, why.text
        day.radio_why = why.json()
    live.move_clock(story.local(live.friday, 18, 30))
    live.run_scheduler()
    day.pushes["digest"] = live.push_of("digest")
    day.emails = live.emails(1)


def _saturday_list(live: Live, day: Day, phone: Phone, lang: str) -> None:
    live.move_clock(story.local(live.saturday, 8, 30))
    live.run_scheduler()
    day.pushes["list_ready"] = live.push_of("list_ready")
    for name, said, minute in (
        ("show", story.SHOW_LIST, 0), ("add", story.ADD_SUGAR, 1), ("place", story.PLACE_ORDER, 2),
        ("pickup", story.PICKUP_TIME, 3), ("confirm", story.CONFIRM, 3),
    ):  # fmt: skip
        live.move_clock(story.local(live.saturday, 9, minute))
        day.chat[name] = phone.say(said, lang)


def _prepare(live: Live, day: Day) -> None:
    """The store prepares the morning's order before she arrives, through the staff API."""
    store = live.home_store_id
    with live.client(**{"X-API-Key": live.staff_key}) as staff:
        answer = staff.get(f"/staff/stores/{store}/orders")
        assert answer.status_code == 200, answer.text
        ours = [o for o in answer.json() if o["household_id"] == live.household_id]
        placed = [o["id"] for o in ours if o["status"] == "placed"]
        assert len(placed) == 1, answer.json()
        for status, minute in (("picking", 15), ("ready", 30)):
            live.move_clock(story.local(live.saturday, 10, minute))
            moved = staff.post(f"/staff/stores/{store}/orders/{placed[0]}/status",
                               json={"status": status})  # fmt: skip
            assert moved.status_code == 200, moved.text
    day.pushes["order_ready"] = live.push_of("order_ready")


def _store(live: Live, day: Day, phone: Phone) -> None:
    """Anne drives up and walks in: one ping at a time, each at its moment of the story."""
    _prepare(live, day)
    lat, lon = live.home_store
    drove_up = story.local(live.saturday, 10, 40)
    with live.customer() as client:
        for ping in story.approach(lat, lon, drove_up):
            _ping(live, client, ping)
        day.pushes["pickup_arrival"] = live.push_of("pickup_arrival")
        day.pushes["store_entry_offer"] = live.push_of("store_entry_offer")
        with live.client(**{"X-API-Key": live.staff_key}) as staff:
            answer = staff.get(f"/staff/stores/{live.home_store_id}/arrivals")
            assert answer.status_code == 200, answer.text
            day.arrivals = [a for a in answer.json() if a["household_id"] == live.household_id]
        for ping in story.shopping(lat, lon, drove_up):
            _ping(live, client, ping)
    phone.wait_event("store_dwell")


def _hotline(live: Live, day: Day) -> None:
    """Anne calls the support hotline the DVD offer gave, from the household's phone."""
    with live.client(**{"X-API-Key": live.hotline_key}) as platform:
        answer = platform.post("/voice/hotline/calls", json={"caller": "06 12 34 56 78"})
        assert answer.status_code == 200, answer.text
        day.hotline = answer.json()


def _ping(live: Live, client: httpx.Client, ping: dict[str, Any]) -> None:
    live.move_clock(dt.datetime.fromisoformat(ping["recorded_at"]))
    answer = client.post("/me/location/pings", json=[ping])
    assert answer.status_code == 200, answer.text


def _fuel(live: Live, day: Day) -> None:
    at = story.local(live.saturday, 11, 50)
    live.move_clock(at)
    engine = make_engine(live.env["DATABASE_URL"])
    with Session(engine) as session:
        diesel = session.exec(
            select(Product).where(Product.ean == ZERTY_KEY_PRODUCTS["diesel"])
        ).one()
    engine.dispose()
    receipt = {
        "receipt_id": f"e2e-fuel-{live.saturday:%Y%m%d}", "store_code": live.fuel_store_code,
        "purchased_at": at.isoformat(), "kind": "fuel", "loyalty_card": LOYALTY_CARD,
        "lines": [{"ean": diesel.ean, "label": diesel.name_fr, "quantity": story.FUEL_LITRES,
                   "unit_price_cents": diesel.price_cents}],
    }  # fmt: skip
    with live.client(**{"X-API-Key": live.till_key}) as till:
        answer = till.post("/receipts", json=receipt)
        assert answer.status_code == 201, answer.text
        day.receipt = answer.json()
    with live.customer() as client:
        day.loyalty = client.get("/me/loyalty").json()


def _saturday_order(live: Live) -> list[dict[str, Any]]:
    """The lines of the order placed on Saturday morning, with the coupon each carries."""
    engine = make_engine(live.env["DATABASE_URL"])
    with Session(engine) as session:
        order = session.exec(
            # Placed on Saturday morning, made ready by the store before she arrived.
            select(Order).where(Order.household_id == live.household_id,
                                col(Order.status).in_(("placed", "picking", "ready")))
            .order_by(col(Order.id).desc())
        ).first()  # fmt: skip
        assert order is not None and order.id is not None
        rows = session.exec(
            select(OrderLine, Product, Coupon)
            .join(Product, col(Product.id) == col(OrderLine.product_id))
            .join(Coupon, col(Coupon.id) == col(OrderLine.coupon_id), isouter=True)
            .where(OrderLine.order_id == order.id)
        ).all()
        lines = [
            {"ean": product.ean, "label": product.name_fr, "quantity": line.quantity,
             "unit_price_cents": line.unit_price_cents, "discount_cents": line.discount_cents,
             "coupon_code": coupon.code if coupon is not None else None}
            for line, product, coupon in rows
        ]  # fmt: skip
    engine.dispose()
    return lines


def _collect(live: Live, day: Day) -> None:
    """The order handed over at the car (10:45): the till's receipt of its lines spends the
    coupons the order used, once (the till sends it twice)."""
    day.order_lines = _saturday_order(live)
    receipt = {
        "receipt_id": f"e2e-pickup-{live.saturday:%Y%m%d}", "store_code": ZERTY_HOME_STORE_CODE,
        "purchased_at": story.local(live.saturday, 10, 45).isoformat(), "kind": "store",
        "loyalty_card": LOYALTY_CARD,
        "lines": [{k: v for k, v in line.items() if v is not None} for line in day.order_lines],
    }  # fmt: skip
    with live.client(**{"X-API-Key": live.till_key}) as till:
        answer = till.post("/receipts", json=receipt)
        assert answer.status_code == 201, answer.text
        assert till.post("/receipts", json=receipt).status_code == 200
        day.order_receipt = answer.json()
    engine = make_engine(live.env["DATABASE_URL"])
    with Session(engine) as session:
        day.spent = [
            (code, receipt_id)
            for code, receipt_id in session.exec(
                select(Coupon.code, CouponAssignment.receipt_id)
                .join(Coupon, col(Coupon.id) == col(CouponAssignment.coupon_id))
                .where(CouponAssignment.household_id == live.household_id,
                       col(CouponAssignment.redeemed_at).is_not(None))
            )
        ]  # fmt: skip
    engine.dispose()


def _outbox(live: Live, day: Day) -> None:
    """The outbox rows behind the pushes: when (story's clock) and in which language."""
    engine = make_engine(live.env["DATABASE_URL"])
    with Session(engine, expire_on_commit=False) as session:
        ids = [int(push["data"]["notification_id"]) for push in day.pushes.values()]
        ids += [int(event["event"]["notification_id"]) for event in day.events]
        ids += [int(str(m["X-Idempotency-Key"]).removeprefix("outbox-")) for m in day.emails]
        for notification_id in ids:
            message = session.get(OutboxMessage, notification_id)
            assert message is not None and message.id is not None
            day.outbox[message.id] = message
    engine.dispose()


@pytest.fixture(scope="module")
def day(live: Live) -> Iterator[Day]:
    lang = live.lang
    played = Day(live)
    _friday(live, played)
    with connect(f"{live.ws_url}?token={live.token}", open_timeout=30) as socket:
        assert json.loads(socket.recv(timeout=30))["type"] == "auth_ok"
        phone = Phone(socket)
        phone.call({"type": "subscribe_notifications"})
        _saturday_list(live, played, phone, lang)
        _store(live, played, phone)
        _hotline(live, played)
        _fuel(live, played)
        live.move_clock(story.local(live.saturday, 11, 55))
        played.chat["points"] = phone.say(story.POINTS, lang)
        live.move_clock(story.local(live.saturday, 18, 0))
        played.chat["recipes"] = phone.say(story.RECIPES, lang)
        played.events = phone.events
    _collect(live, played)
    _outbox(live, played)
    yield played


def _local(moment: str | dt.datetime) -> dt.datetime:
    value = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(story.PARIS)


def _on_time(moment: str | dt.datetime, at: dt.datetime) -> None:
    assert at <= _local(moment) < at + LATE, (moment, at)


WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "briefing": (["4/12°C", "départ"], "Vous avez demandé un briefing à 07:00"),
        "digest": (["Dernier Phare"], "la sélection du week-end"),
        "digest_email": ["Cirque des Étoiles Filantes", "le nouveau film de Luc Besson",
                         "Braderie d'hiver : vêtements enfants", "Réserver 4 places en un clic"],
        "ssml_lang": "fr-FR",
        "radio": ["Tea for Two, par Erroll Garner", "vendredi",
                  "Météo du jour : ensoleillé, de 4 degrés à 12 degrés",
                  "Couvrez bien les enfants", "boisson chaude", "partez à 8 h 15 pour l'école",
                  "passez par les boulevards extérieurs jusqu'à la porte de Versailles",
                  "Prête au retrait à Carchan Montparnasse : Sacs aspirateur"],
        "list": "Café moulu pur arabica", "sugar": "Sucre en poudre",
        "with_coupon": "avec un bon de réduction (",
        "order": "à retirer à Carchan Montparnasse samedi {day} à 11:00",
        "order_no": "Commande n° {id} passée",
        "arrival": "nous apportons vos commandes", "offer": ["Lecteur DVD", "livraison"],
        "why_offer": ["3 ans", "livré et installé", "hotline"],
        "hotline": ["Bonjour la famille Zerty", "« Tea for Two », par Erroll Garner"],
        "dwell": ("Vous êtes à Carchan Montparnasse", "depuis quelques minutes"),
        "points": ["Vous avez 58 points", "Le souhait d'André est à votre portée",
                   "Ballon de football dédicacé"],
        "pressure_cooker": "À l'autocuiseur", "terroir": "Cuisine du terroir",
        "pintade_au_chou": "Pintade au chou du Quercy",
    },
    "en": {
        "briefing": (["4/12°C", "leave"], "You asked for a briefing at 07:00"),
        "digest": (["Dernier Phare"], "the weekend digest"),
        "digest_email": ["Cirque des Étoiles Filantes", "the new film by Luc Besson",
                         "Braderie d'hiver : vêtements enfants", "Book 4 seats in one click"],
        "ssml_lang": "en-GB",
        "radio": ["Tea for Two, by Erroll Garner", "Friday",
                  "Today's weather: sunny, 4 degrees to 12 degrees",
                  "Dress the kids warmly", "hot drink", "leave at 8:15 AM for school",
                  "take the outer boulevards to Porte de Versailles",
                  "Ready for pickup at Carchan Montparnasse: "],
        "list": "Ground pure arabica coffee", "sugar": "Caster sugar",
        "with_coupon": "with a coupon (you save €",
        "order": "pickup at Carchan Montparnasse on Saturday {day} at 11:00\xa0am",
        "order_no": "Order #{id} placed",
        "arrival": "we are bringing your orders", "offer": ["DVD player", "delivery"],
        "why_offer": ["3 years", "delivered and installed", "hotline"],
        "hotline": ["Hello, Zerty family", "“Tea for Two” by Erroll Garner"],
        "dwell": ("You are at Carchan Montparnasse", "for a few minutes"),
        "points": ["You have 58 points", "André's wish is within reach", "Signed football"],
        "pressure_cooker": "Pressure cooker", "terroir": "French regional cooking",
        # The demo's recipes are written in both languages: the household's is shown.
        "pintade_au_chou": "Quercy-style guinea fowl with cabbage",
    },
}  # fmt: skip


@pytest.mark.parametrize(("kind", "hour", "minute"), [("briefing", 7, 0), ("digest", 18, 30)])
def test_friday_pushes(day: Day, kind: str, hour: int, minute: int) -> None:
    phrases, why = WORDS[day.live.lang][kind]
    push, row = day.push(kind), day.row(kind)
    assert push["token"] == PUSH_TOKEN
    body = push["notification"]["body"]
    assert all(phrase in body for phrase in phrases), body
    assert push["data"]["explanation"] == row.explanation
    assert why in row.explanation
    assert (row.channel, row.lang, row.status) == ("push", day.live.lang, "sent")
    assert row.sent_at is not None
    _on_time(row.sent_at, story.local(day.live.friday, hour, minute))


def test_the_digest_email(day: Day) -> None:
    words = WORDS[day.live.lang]
    [email] = day.emails  # the only message of the story that goes by email
    row = day.outbox[int(str(email["X-Idempotency-Key"]).removeprefix("outbox-"))]
    assert (row.channel, row.kind, row.lang, row.status) == ("email", "digest", day.live.lang,
                                                             "sent")  # fmt: skip
    assert email["To"] == "anne.zerty@exemple.test" and email["List-Unsubscribe"]
    plain = email.get_body(preferencelist=("plain",))
    assert plain is not None
    text = plain.get_content()
    for phrase in words["digest_email"]:
        assert phrase in text, phrase
    assert words["digest"][1] in text  # the explanation, in the footer
    assert row.sent_at is not None
    _on_time(row.sent_at, story.local(day.live.friday, 18, 30))


def test_the_radio_briefing(day: Day) -> None:
    words = WORDS[day.live.lang]
    ssml, headers = day.radio
    root = ET.fromstring(ssml)
    assert root.tag == f"{SSML}speak" and root.get(XML_LANG) == words["ssml_lang"]
    assert headers["content-language"] == day.live.lang
    text = " ".join(root.itertext())
    for phrase in words["radio"]:
        assert phrase in text, phrase
    why = day.radio_why
    assert (why["channel"], why["kind"], why["purpose"]) == ("radio", "briefing", "service")
    assert why["explanation"] == words["briefing"][1] + "."


def test_saturday_list_order_and_pickup(day: Day) -> None:
    words = WORDS[day.live.lang]
    ready = day.row("list_ready")
    assert ready.payload["proposed"] >= 10 and ready.lang == day.live.lang
    _on_time(ready.sent_at or ready.created_at, story.local(day.live.saturday, 8, 30))
    chat = day.chat
    assert chat["show"]["intent"]["name"] == "shopping_list_show"
    assert words["list"] in " | ".join(card["title"] for card in _cards(chat["show"]))
    assert chat["add"]["intent"]["name"] == "shopping_list_add"
    assert words["sugar"] in _text(chat["add"])
    assert chat["place"]["intent"]["name"] == "order_place"
    assert chat["confirm"]["intent"]["name"] == "affirm"
    placed = _text(chat["confirm"])
    saturday = day.live.saturday
    said = format_date(saturday, "d MMMM", locale="fr_FR" if day.live.lang == "fr" else "en_GB")
    assert words["order"].format(day=said) in placed
    assert all(turn["lang"] == day.live.lang for turn in chat.values())


def test_the_order_carries_its_coupons_and_the_till_spends_them(day: Day) -> None:
    # Friday night's weekly selection put the coffee and sugar coupons on the card.
    coupons = {line["coupon_code"] for line in day.order_lines if line["coupon_code"]}
    assert {"CAFE-30", "SUCRE-1"} <= coupons
    ready = day.push("list_ready")
    assert int(ready["data"]["with_coupon"]) >= 1 and int(ready["data"]["saving_cents"]) > 0
    assert WORDS[day.live.lang]["with_coupon"] in ready["notification"]["body"]
    # The till's receipt of the order: each coupon spent once, by that receipt.
    receipt_id = day.order_receipt["id"]
    spent = dict(day.spent)
    assert spent["CAFE-30"] == spent["SUCRE-1"] == receipt_id
    assert len(day.spent) == len(set(spent))
    saved = sum(line["discount_cents"] for line in day.order_lines)
    assert saved > 0
    assert sum(line["discount_cents"] for line in day.order_receipt["lines"]) == saved


def test_store_entry_staff_and_offer(day: Day) -> None:
    words = WORDS[day.live.lang]
    [arrival] = day.arrivals
    # The vacuum bags (ready since Thursday) and this morning's order: both to the car.
    assert arrival["bring_to_car"] is True and len(arrival["orders"]) == 2
    assert "Zerty" in arrival["name"] and arrival["phone"]
    # One of them is the order Anne placed in the chat this morning.
    placed = _text(day.chat["confirm"])
    ids = [order["id"] for order in arrival["orders"]]
    assert sum(WORDS[day.live.lang]["order_no"].format(id=i) in placed for i in ids) == 1
    _on_time(arrival["entered_at"], story.local(day.live.saturday, 10, 40))
    assert words["arrival"] in day.push("pickup_arrival")["notification"]["body"]
    offer = day.push("store_entry_offer")
    assert all(w in offer["notification"]["body"] for w in words["offer"])
    assert all(w in offer["data"]["explanation"] for w in words["why_offer"])
    # Both pushes are written at the entry (whichever ping of the drive-up settles it) and
    # delivered within minutes of it; when the relay's next poll comes is not the story's.
    entered = _local(arrival["entered_at"])
    for kind in ("pickup_arrival", "store_entry_offer"):
        row = day.row(kind)
        assert (row.lang, row.status) == (day.live.lang, "sent")
        _on_time(row.created_at, entered)
        assert row.sent_at is not None
        _on_time(row.sent_at, entered)


def test_the_hotline_greets_the_family_by_its_music(day: Day) -> None:
    greeting = day.hotline
    assert (greeting["known"], greeting["lang"]) == (True, day.live.lang)
    assert all(w in greeting["text"] for w in WORDS[day.live.lang]["hotline"])
    assert greeting["hold_music"] == {"title": "Tea for Two", "artist": "Erroll Garner",
                                      "seconds": 227}  # fmt: skip
    assert f'xml:lang="{WORDS[day.live.lang]["ssml_lang"]}"' in greeting["ssml"]


def test_the_dwell_reaches_the_app_socket(day: Day) -> None:
    text, why = WORDS[day.live.lang]["dwell"]
    dwell = day.events_of("store_dwell")
    assert dwell["title"] == "Carchan Montparnasse"
    assert dwell["body"].startswith(text) and why in dwell["explanation"]
    row = day.outbox[dwell["notification_id"]]
    assert (row.channel, row.lang, row.status) == ("in_app", day.live.lang, "sent")
    _on_time(row.sent_at or row.created_at, story.local(day.live.saturday, 10, 55))


def test_fuel_points_and_the_football(day: Day) -> None:
    assert day.receipt["claimed"] is True
    assert day.loyalty["balance"] == 58
    latest = day.loyalty["items"][0]
    assert latest["points"] == 10 and latest["receipt_id"] == day.receipt["id"]
    # Why the points: the ledger line names the fuel receipt of the story's Saturday.
    assert latest["reason"] == f"Carburant du {day.live.saturday:%d/%m/%Y}"
    _on_time(latest["created_at"], story.local(day.live.saturday, 11, 50))
    points = day.chat["points"]
    assert points["intent"]["name"] == "loyalty_balance"
    for phrase in WORDS[day.live.lang]["points"]:
        assert phrase in _text(points)


def test_guinea_fowl_recipes(day: Day) -> None:
    recipes = day.chat["recipes"]
    assert recipes["intent"]["name"] == "recipe_suggest"
    words = WORDS[day.live.lang]
    cards = _cards(recipes)
    assert len(cards) == 3 and all(card["kind"] == "recipe" for card in cards)
    minutes = [int(re.search(r"(\d+) min", card["lines"][0])[1]) for card in cards]  # type: ignore[index]
    assert all(minute <= 30 for minute in minutes)
    # One of them the Quercy's pintade au chou, adapted to the pressure cooker.
    assert any(
        card["title"].startswith(words["pintade_au_chou"])
        and words["pressure_cooker"] in card["lines"]
        and any(line.startswith(words["terroir"]) and "Quercy" in line for line in card["lines"])
        for card in cards
    )


def _cards(turn: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        card for reply in turn["replies"] for card in (reply.get("custom") or {}).get("cards", [])
    ]


def _text(turn: dict[str, Any]) -> str:
    return "\n".join(reply["text"] for reply in turn["replies"])

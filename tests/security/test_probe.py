"""The black-box probe of a served app, replayed: what an attacker and a crowd tried, each as
requests against uvicorn on 127.0.0.1 (SQLite and PostgreSQL), so that a change that reopens
one of them is caught.

1. an erased household's tokens and links never open the household that gets its id next;
2. the token of `/ws/chat?token=` never reaches the server's log;
3. signing out everywhere ends the open sockets and their pushes at once;
4. speaker requests must be Amazon's (signature, chain, timestamp) and share the chat's limit
   (tests/api/channels/test_alexa_auth.py covers them in depth);
5. dates beyond UTC's range, oversized lists, blank names, absurd receipts, orders on another
   store's slot, huge frames before authentication, huge URLs, docs in production, 429
   without Retry-After;
6. a yes long after the question asks again instead of acting;
7. fifty phones sending pings at once to one SQLite process: no 5xx.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from api.channels.hub import hub_for
from api.main import create_app
from api.ratelimit import MemoryRateLimiter
from assistant.auth.service import create_api_key, issue_customer_token
from assistant.clock import FrozenClock
from assistant.config import Settings
from assistant.customers.models import Consent, Household
from assistant.db import make_engine, migrate
from assistant.notify.unsubscribe import unsubscribe_token
from assistant.orders.models import PickupSlot
from assistant.outings.links import booking_link
from assistant.outings.models import Booking, Event
from benchmarks.load.clients import pings_load
from benchmarks.load.world import LoadWorld, StoreSpot
from tests.clock import NOW
from tests.factories import make_household, make_product, make_stock, make_store
from tests.live import BACKENDS, scratch_database, serve
from tests.nlu.engines.trained import trained_engine

pytestmark = pytest.mark.slow
SECRET = "probe-secret-0123456789abcdefghijklmnopqrst"
SCOPES = ["households:write", "tokens:issue", "receipts:write", "staff:write"]
TIMEOUT = 30


@dataclass
class Live:
    base: str
    settings: Settings
    engine: Engine
    clock: FrozenClock
    key: str  # an API key with SCOPES
    store_code: str
    app: Any
    loop: asyncio.AbstractEventLoop

    @property
    def ws_url(self) -> str:
        return self.base.replace("http", "ws", 1) + "/ws/chat"

    def client(self, token: str | None = None, **headers: str) -> httpx.Client:
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.base, headers=headers, timeout=TIMEOUT)

    def enrol(self, name: str, **fields: Any) -> dict[str, Any]:
        with self.client(**{"X-API-Key": self.key}) as client:
            response = client.post("/households", json={"name": name, **fields})
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="module", params=BACKENDS)
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    with scratch_database(request.param, tmp_path_factory.mktemp("probe"), "probe") as url:
        migrate(url)
        # Production-like: speaker requests verified; a clock the tests can move.
        settings = Settings(
            assistant_env="test", database_url=url, secret_key=SecretStr(SECRET),
            public_base_url="http://testserver",
        )  # fmt: skip
        clock = FrozenClock(NOW)
        app = create_app(settings, clock=clock)
        app.state.nlu = trained_engine()
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            store = make_store(session, services=["drive"])
            _key, raw = create_api_key(session=session, name="probe", scopes=SCOPES)
            session.commit()
        try:
            with serve(app, log_level="info") as served:
                yield Live(served.base, settings, engine, clock, raw, store.code, app,
                           served.loop)  # fmt: skip
        finally:
            engine.dispose()
            app.state.engine.dispose()


# 1 ------------------------------------------------------------------------------------------


def test_an_erased_household_s_tokens_and_links_never_open_the_next_one(live: Live) -> None:
    first = live.enrol("Famille Première")
    old_token, old_id = first["token"]["access_token"], first["household"]["id"]
    with Session(live.engine) as session:
        erased = session.get(Household, old_id)
        assert erased is not None and erased.public_id
        event = Event(kind="circus", title="Cirque", starts_at=NOW + dt.timedelta(days=3),
                      capacity=10, price_cents=1000)  # fmt: skip
        session.add(event)
        session.commit()
        assert event.id is not None
        book = booking_link(settings=live.settings, household_id=old_id,
                            public_id=erased.public_id, event_id=event.id, seats=2,
                            expires=NOW + dt.timedelta(days=1))  # fmt: skip
        unsubscribe = unsubscribe_token(settings=live.settings, household_id=old_id,
                                        public_id=erased.public_id, channel="email",
                                        purpose="marketing")  # fmt: skip
    with live.client(old_token) as client:
        gone = client.request("DELETE", "/me", json={"confirm": "Famille Première"})
        assert gone.status_code == 200, gone.text
    second = live.enrol("Famille Suivante")
    # On SQLite the new household may well get the erased one's id: nothing may follow it.
    with live.client(old_token) as client:
        me = client.get("/me")
        assert (me.status_code, me.json()["error"]["code"]) == (401, "token_revoked")
    with live.client(second["token"]["access_token"]) as client:
        assert client.get("/me").json()["name"] == "Famille Suivante"
    with live.client() as client:
        clicked = client.post(book.removeprefix("http://testserver"))
        assert (clicked.status_code, clicked.json()["error"]["code"]) == (
            404, "booking_link_invalid",
        )  # fmt: skip
        withdrawn = client.post(f"/notifications/unsubscribe/{unsubscribe}")
        assert (withdrawn.status_code, withdrawn.json()["error"]["code"]) == (
            404, "unsubscribe_link_invalid",
        )  # fmt: skip
    with Session(live.engine) as session:
        assert session.exec(select(Booking).where(Booking.event_id == event.id)).all() == []


# 2 ------------------------------------------------------------------------------------------


def test_the_socket_token_never_reaches_the_server_log(
    live: Live, caplog: pytest.LogCaptureFixture
) -> None:
    token = live.enrol("Famille Log")["token"]["access_token"]
    with (
        caplog.at_level(logging.INFO),
        connect(f"{live.ws_url}?token={token}", open_timeout=TIMEOUT) as ws,
    ):
        assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "auth_ok"
    lines = [record.getMessage() for record in caplog.records]
    assert any("/ws/chat?token=[redacted]" in line for line in lines), lines
    assert not any(token in line or token[:40] in line for line in lines)


# 3 ------------------------------------------------------------------------------------------


def test_signing_out_ends_the_open_socket_and_its_pushes(live: Live) -> None:
    enrolled = live.enrol("Famille Socket")
    token, household_id = enrolled["token"]["access_token"], enrolled["household"]["id"]
    with connect(live.ws_url, open_timeout=TIMEOUT) as ws:
        ws.send(json.dumps({"type": "auth", "id": 1, "token": token}))
        assert json.loads(ws.recv(timeout=TIMEOUT))["type"] == "auth_ok"
        ws.send(json.dumps({"type": "subscribe_notifications", "id": 2}))
        assert json.loads(ws.recv(timeout=TIMEOUT))["success"] is True
        with live.client(token) as client:
            assert client.post("/auth/revoke").status_code == 204
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                frame = json.loads(ws.recv(timeout=TIMEOUT))
                assert frame.get("type") != "event", frame  # no push after the sign-out
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1008, "token_revoked")
    event = {"kind": "booking_confirmed", "title": "Réservé", "body": "Cirque, samedi"}
    reached = asyncio.run_coroutine_threadsafe(
        hub_for(live.app.state).publish(household_id, event), live.loop
    ).result(timeout=TIMEOUT)
    assert reached == 0


# 4 ------------------------------------------------------------------------------------------


def test_speaker_requests_must_be_amazon_s(live: Live) -> None:
    token = live.enrol("Famille Enceinte")["token"]["access_token"]
    body = {
        "version": "1.0",
        "session": {"user": {"accessToken": token}},
        "request": {"type": "LaunchRequest", "locale": "fr-FR",
                    "timestamp": NOW.strftime("%Y-%m-%dT%H:%M:%SZ")},
    }  # fmt: skip
    with live.client() as client:
        response = client.post("/voice/alexa", json=body)
    assert (response.status_code, response.json()["error"]["code"]) == (
        400, "alexa_signature_missing",
    )  # fmt: skip


# 5 ------------------------------------------------------------------------------------------


FAR = "0001-01-01T00:00:00+14:00"


def _receipt(live: Live, card: str, **fields: Any) -> dict[str, Any]:
    return {
        "receipt_id": f"probe-{id(fields)}-{len(fields)}-{fields.get('purchased_at', '')}",
        "store_code": live.store_code, "loyalty_card": card,
        "purchased_at": (NOW - dt.timedelta(hours=1)).isoformat(),
        "lines": [{"label": "Article", "quantity": 1, "unit_price_cents": 500}],
        **fields,
    }  # fmt: skip


def test_dates_beyond_what_utc_can_hold_are_refused(live: Live) -> None:
    enrolled = live.enrol("Famille Dates")
    token, card = enrolled["token"]["access_token"], enrolled["household"]["loyalty_card"]
    with live.client(token) as client:
        until = client.get("/me/receipts", params={"until": "9999-12-31T23:59:59-14:00"})
        assert until.status_code == 422, until.text
        ping = {"lat": 48.8, "lon": 2.3, "accuracy_m": 10, "recorded_at": FAR}
        assert client.post("/me/location/pings", json=[ping]).status_code == 422
    with live.client(**{"X-API-Key": live.key}) as till:
        stored = till.post("/receipts", json=_receipt(live, card, purchased_at=FAR))
        assert stored.status_code == 422, stored.text


def test_bounded_bodies_names_and_receipts(live: Live) -> None:
    enrolled = live.enrol("Famille Bornes")
    token, card = enrolled["token"]["access_token"], enrolled["household"]["loyalty_card"]
    with live.client(token) as client:
        many = [{"kind": "like", "value": f"v{n}"} for n in range(20_000)]
        assert client.put("/me/preferences", json=many).status_code == 422
        blank = client.patch("/me", json={"name": "   "})
        assert blank.status_code == 422, blank.text
        assert client.get("/me").json()["name"] == "Famille Bornes"
    with live.client(**{"X-API-Key": live.key}) as till:
        huge = till.post("/receipts", json=_receipt(live, card, lines=[
            {"label": "x", "quantity": 100_000, "unit_price_cents": 100_000_000}]))  # fmt: skip
        assert (huge.status_code, huge.json()["error"]["code"]) == (422, "total_out_of_range")
        ahead = (NOW + dt.timedelta(days=30)).isoformat()
        future = till.post("/receipts", json=_receipt(live, card, purchased_at=ahead))
        assert (future.status_code, future.json()["error"]["code"]) == (422, "receipt_in_future")
        early = (NOW + dt.timedelta(hours=2)).isoformat()
        held = till.post("/receipts", json=_receipt(live, card, purchased_at=early))
        assert held.status_code == 201 and held.json()["review_reason"] == "dated_ahead"
    with live.client(token) as client:
        assert client.get("/me/loyalty").json()["balance"] == 0  # no points until reviewed


def test_a_refusal_for_too_many_messages_says_when_to_come_back(live: Live) -> None:
    token = live.enrol("Famille Bavarde")["token"]["access_token"]
    limiter = live.app.state.chat_limiter
    live.app.state.chat_limiter = MemoryRateLimiter(limit=1, window=60)
    try:
        with live.client(token) as client:
            message = {"sender": "s", "message": "bonjour"}
            assert client.post("/webhooks/rest/webhook", json=message).status_code == 200
            refused = client.post("/webhooks/rest/webhook", json=message)
    finally:
        live.app.state.chat_limiter = limiter
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_an_order_on_another_store_s_slot_is_checked_against_its_stock(live: Live) -> None:
    enrolled = live.enrol("Famille Magasins")
    token = enrolled["token"]["access_token"]
    with Session(live.engine, expire_on_commit=False) as session:
        near = make_store(session, services=["drive"])
        far = make_store(session, services=["drive"])
        product = make_product(session)
        make_stock(session, near, product, 10)
        slot = PickupSlot(store_id=far.id or 0, starts_at=NOW + dt.timedelta(days=1),
                          ends_at=NOW + dt.timedelta(days=1, minutes=30), capacity=5)  # fmt: skip
        session.add(slot)
        session.commit()
    with live.client(token) as client:
        assert client.post("/me/list/lines", json={"product_id": product.id}).status_code == 201
        assert client.patch("/me/list", json={"store_id": near.id}).status_code == 200
        placed = client.post("/me/orders", json={"slot_id": slot.id})
        assert (placed.status_code, placed.json()["error"]["code"]) == (409, "out_of_stock")
        missing = placed.json()["error"]["details"]["missing"]
        assert [item["product_id"] for item in missing] == [product.id]
        assert client.get("/me/orders").json() == []


@pytest.mark.parametrize(
    ("size", "reason"),
    [(20_000, "auth_frame_too_big"), (2_000_000, "exceeds limit")],
    ids=["20kB", "2MB"],
)
def test_a_big_frame_before_authentication_is_refused(live: Live, size: int, reason: str) -> None:
    with connect(live.ws_url, open_timeout=TIMEOUT, max_size=None) as ws:
        ws.send("x" * size)
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    assert reason in closed.value.rcvd.reason


def _raw_get(live: Live, path: str) -> tuple[int, dict[str, str], bytes]:
    port = int(live.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: probe\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 20:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(
    ("length", "status", "code"),
    [(20_000, 414, "uri_too_long"), (100_000, 400, "malformed_request")],
)
def test_a_huge_url_gets_the_api_s_error_shape(
    live: Live, length: int, status: int, code: str
) -> None:
    got, headers, body = _raw_get(live, "/" + "a" * length)
    assert got == status and headers["content-type"] == "application/json"
    assert json.loads(body[: int(headers["content-length"])])["error"]["code"] == code


@pytest.mark.parametrize(("env", "served"), [("production", False), ("dev", True)])
def test_the_api_docs_are_off_in_production(tmp_path: Any, env: str, served: bool) -> None:
    settings = Settings(assistant_env=env, database_url=f"sqlite:///{tmp_path / 'docs.db'}",
                        secret_key=SecretStr(SECRET))  # fmt: skip
    with TestClient(create_app(settings)) as client:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (client.get(path).status_code == 200) is served, path


# 6 ------------------------------------------------------------------------------------------


def _say(client: httpx.Client, text: str) -> str:
    response = client.post("/webhooks/rest/webhook", json={"sender": "probe", "message": text})
    assert response.status_code == 200, response.text
    return " ".join(reply.get("text", "") for reply in response.json())


def test_a_yes_long_after_the_question_asks_again(live: Live) -> None:
    enrolled = live.enrol("Famille Tardive")
    token, household_id = enrolled["token"]["access_token"], enrolled["household"]["id"]
    saturday = (NOW + dt.timedelta(days=(5 - NOW.weekday()) % 7 or 7)).replace(hour=14)
    with Session(live.engine) as session:
        event = Event(kind="circus", title="Cirque du probe", starts_at=saturday, capacity=20,
                      price_cents=1000, venue="Chapiteau")  # fmt: skip
        session.add(event)
        session.commit()
        event_id = event.id
    try:
        with live.client(token) as client:
            asked = _say(client, f'/outing_book{{"event_id": {event_id}, "people_count": 2}}')
            assert "Confirmez-vous" in asked, asked
            live.clock.advance(dt.timedelta(minutes=11))
            late = _say(client, "oui")
            assert "plus de 10 minutes" in late and "Confirmez-vous" in late, late
            with Session(live.engine) as session:
                assert not session.exec(
                    select(Booking).where(Booking.household_id == household_id)
                ).all()
            booked = _say(client, "oui")
            assert "plus de 10 minutes" not in booked, booked
        with Session(live.engine) as session:
            (booking,) = session.exec(
                select(Booking).where(Booking.household_id == household_id)
            ).all()
            assert (booking.event_id, booking.seats, booking.status) == (event_id, 2, "confirmed")
    finally:
        live.clock.move_to(NOW)


# 7 ------------------------------------------------------------------------------------------

PHONES = 50


def test_fifty_phones_at_once_on_one_sqlite_process_get_no_5xx(live: Live) -> None:
    if not live.settings.is_sqlite:
        pytest.skip("the stall was SQLite's; PostgreSQL has its load tests")
    tokens = []
    with Session(live.engine, expire_on_commit=False) as session:
        households = [make_household(session) for _ in range(PHONES)]
        session.flush()
        for household in households:
            session.add(Consent(household_id=household.id or 0, channel="in_app",
                                purpose="location", granted=True, granted_at=NOW))  # fmt: skip
        session.commit()
        tokens = [
            issue_customer_token(settings=live.settings, household=h, now=NOW) for h in households
        ]
    world = LoadWorld(tokens=tokens, loyalty_cards=[], stores=[StoreSpot("S", 48.85, 2.35)],
                      eans=[], till_key="", now=NOW)  # fmt: skip
    result = asyncio.run(pings_load(live.base, world, concurrency=PHONES, seconds=4))
    # Every phone is answered, none with an error (how many pings fit in the window depends
    # on the machine's load: a benchmark's figure, not this test's).
    assert len(result.latencies) >= PHONES and result.unfinished == 0
    assert dict(result.errors) == {}, dict(result.errors)

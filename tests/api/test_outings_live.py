"""The last seats under contention against a real server: 40 clients (threads with their own
HTTP connections) book at once through uvicorn on 127.0.0.1, on SQLite and PostgreSQL.
Never oversold, exactly the seats left are confirmed, every loser gets 409 sold_out."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api.main import create_app
from assistant.clock import StartedClock
from assistant.config import Settings
from assistant.db import make_engine, migrate
from assistant.outings.links import booking_link
from assistant.outings.models import Booking, Event
from tests.clock import NOW
from tests.factories import customer_headers, make_household
from tests.live import BACKENDS, scratch_database, serve

CLIENTS = 40
SEATS_LEFT = 10


@dataclass
class Server:
    base: str
    settings: Settings
    engine: Engine


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    with scratch_database(request.param, tmp_path_factory.mktemp("book"), "book") as url:
        migrate(url)
        settings = Settings(
            assistant_env="test", database_url=url,
            secret_key=SecretStr("test-secret-key-0123456789abcdefghijklmnop"),
        )  # fmt: skip
        app = create_app(settings, clock=StartedClock(NOW))
        engine = make_engine(url)
        try:
            with serve(app) as served:
                yield Server(served.base, settings, engine)
        finally:
            engine.dispose()
            app.state.engine.dispose()


def _event(server: Server, capacity: int, taken: int) -> int:
    with Session(server.engine, expire_on_commit=False) as session:
        event = Event(kind="circus", title="Cirque des Étoiles Filantes",
                      starts_at=NOW + dt.timedelta(days=3), capacity=capacity,
                      seats_taken=taken, price_cents=1500)  # fmt: skip
        session.add(event)
        session.commit()
        assert event.id is not None
        return event.id


def _all_at_once(requests: list[tuple[str, str, dict[str, str], object]]) -> list[httpx.Response]:
    """Every request sent at the same moment, each on its own connection."""
    barrier = threading.Barrier(len(requests))

    def send(request: tuple[str, str, dict[str, str], object]) -> httpx.Response:
        method, url, headers, body = request
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            return client.request(method, url, headers=headers, json=body)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


def test_the_last_seats_are_never_oversold(server: Server) -> None:
    event_id = _event(server, capacity=50, taken=50 - SEATS_LEFT)
    expires = NOW + dt.timedelta(days=1)
    requests: list[tuple[str, str, dict[str, str], object]] = []
    with Session(server.engine, expire_on_commit=False) as session:
        households = [make_household(session) for _ in range(CLIENTS)]
        session.commit()
    for number, household in enumerate(households):
        assert household.id is not None
        if number % 2:  # half click the digest's link, half book in the app
            link = booking_link(settings=server.settings, household_id=household.id,
                                public_id=household.public_id or "", event_id=event_id,
                                seats=1, expires=expires)  # fmt: skip
            requests.append(("POST", link.replace(server.settings.base_url, server.base),
                             {}, None))  # fmt: skip
        else:
            requests.append(("POST", f"{server.base}/me/bookings",
                             customer_headers(server.settings, household),
                             {"event_id": event_id, "seats": 1, "confirm": True}))  # fmt: skip
    responses = _all_at_once(requests)
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * SEATS_LEFT + [409] * (CLIENTS - SEATS_LEFT)
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"sold_out"}
    with Session(server.engine) as session:
        event = session.get(Event, event_id)
        confirmed = session.exec(
            select(Booking).where(Booking.event_id == event_id, Booking.status == "confirmed")
        ).all()
        assert event is not None and event.seats_taken == event.capacity == 50
        assert sum(b.seats for b in confirmed) == SEATS_LEFT == len(confirmed)
        assert len({b.household_id for b in confirmed}) == SEATS_LEFT


def test_a_link_clicked_many_times_at_once_books_once(server: Server) -> None:
    event_id = _event(server, capacity=20, taken=0)
    with Session(server.engine, expire_on_commit=False) as session:
        household = make_household(session)
        session.commit()
    assert household.id is not None
    link = booking_link(settings=server.settings, household_id=household.id,
                        public_id=household.public_id or "", event_id=event_id, seats=3,
                        expires=NOW + dt.timedelta(days=1))  # fmt: skip
    url = link.replace(server.settings.base_url, server.base)
    responses = _all_at_once([("POST", url, {}, None)] * 12)
    assert sorted(r.status_code for r in responses) == [200] * 11 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    with Session(server.engine) as session:
        event = session.get(Event, event_id)
        assert event is not None and event.seats_taken == 3

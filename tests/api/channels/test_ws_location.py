"""Location pings over the chat WebSocket: the `location` frame (real server, real socket)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from sqlmodel import select
from websockets.sync.client import connect

from assistant.auth.service import issue_customer_token
from geofences.models import LocationPing
from geofences.schemas import MAX_PINGS_PER_BATCH
from tests.api.channels.conftest import LiveServer
from tests.api.channels.test_ws import TIMEOUT, call, chat
from tests.clock import NOW
from tests.factories import make_household, make_store
from tests.geofences.helpers import SERVICE_CONSENTS, grant
from tests.geofences.walks import walk_into_store

# Each test gets a store of its own, far from the others' (the live database is shared).
_places = itertools.count()


def seed(live: LiveServer, *, consent: bool = True) -> tuple[int, str, float, float]:
    lat, lon = 45.0 + next(_places) * 0.1, 4.0
    with live.unit_of_work() as session:
        household = make_household(session)
        if consent:
            grant(session, household, SERVICE_CONSENTS)
        make_store(session, name="Carchan Lyon", lat=lat, lon=lon, fence_radius_m=150)
        assert household.id is not None
        return (
            household.id,
            issue_customer_token(settings=live.settings, household=household, now=NOW),
            lat,
            lon,
        )


def recent(minutes: float) -> str:
    return (NOW - dt.timedelta(minutes=minutes)).isoformat()


def test_a_walk_over_the_socket(live: LiveServer) -> None:
    household_id, token, lat, lon = seed(live)
    start = (NOW - dt.timedelta(hours=1)).timestamp()
    pings = [p.payload() for p in walk_into_store(31, lat=lat, lon=lon, start=start)]
    kinds: list[str] = []
    with chat(live, token) as ws:
        for frame_id, i in enumerate(range(0, len(pings), 20), start=2):
            answer = call(ws, {"type": "location", "id": frame_id, "pings": pings[i : i + 20]})
            assert answer["type"] == "result" and answer["id"] == frame_id, answer
            assert answer["success"] is True
            kinds += [event["kind"] for event in answer["result"]["events"]]
    assert kinds == ["entry", "dwell", "exit"]
    with live.unit_of_work() as session:
        sources = session.exec(
            select(LocationPing.source).where(LocationPing.household_id == household_id)
        ).all()
    assert set(sources) == {"ws"} and len(sources) == len(pings)


@pytest.mark.parametrize(
    ("pings", "code"),
    [
        ([{"lat": 100, "lon": 2, "accuracy_m": 5, "recorded_at": recent(1)}], "invalid_format"),
        ([{"lat": 45, "lon": 2, "accuracy_m": 5}], "invalid_format"),
        ([], "invalid_format"),
        (
            [
                {"lat": 45 + i * 1e-5, "lon": 2, "accuracy_m": 5, "recorded_at": recent(1)}
                for i in range(MAX_PINGS_PER_BATCH + 1)
            ],
            "batch_too_large",
        ),
        (
            [{"lat": 45, "lon": 2, "accuracy_m": 5, "recorded_at": recent(-60)}],
            "ping_in_future",
        ),
    ],
)
def test_bad_location_frames_are_refused_with_a_code(
    live: LiveServer, pings: list[dict[str, Any]], code: str
) -> None:
    _household_id, token, _lat, _lon = seed(live)
    with chat(live, token) as ws:
        answer = call(ws, {"type": "location", "id": 2, "pings": pings})
        assert (answer["id"], answer["success"], answer["error"]["code"]) == (2, False, code)
        # The socket stays usable.
        assert call(ws, {"type": "ping", "id": 3}) == {"type": "pong", "id": 3}


def test_location_frames_need_the_consent(live: LiveServer) -> None:
    household_id, token, lat, lon = seed(live, consent=False)
    frame = {"lat": lat, "lon": lon, "accuracy_m": 5, "recorded_at": recent(1)}
    with connect(f"{live.ws_url}?token={token}", open_timeout=TIMEOUT) as ws:
        ws.recv(timeout=TIMEOUT)  # auth_ok
        answer = call(ws, {"type": "location", "id": 1, "pings": [frame]})
    assert answer["success"] is False
    assert answer["error"]["code"] == "location_consent_required"
    with live.unit_of_work() as session:
        stored = session.exec(
            select(LocationPing).where(LocationPing.household_id == household_id)
        ).all()
    assert stored == []

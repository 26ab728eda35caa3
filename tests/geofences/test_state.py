"""The pure state machine: entry, dwell, exit, hysteresis, cooldown, accuracy, ordering."""

from __future__ import annotations

import pytest

from geofences.index import Fence, FenceIndex
from geofences.state import Event, FenceParams, FenceState, Tracker, step
from tests.geofences.walks import stand_at, walk_into_store

LAT, LON, RADIUS = 48.8421, 2.3219, 150.0
PARAMS = FenceParams(dwell_s=300, hysteresis_m=50, cooldown_s=3600, max_accuracy_m=200)


def tracker(params: FenceParams = PARAMS) -> Tracker:
    return Tracker(FenceIndex([Fence.make(7, LAT, LON, RADIUS)]), params)


def run(t: Tracker, pings: list[tuple[float, float, float, float]]) -> list[Event]:
    events: list[Event] = []
    for ping in pings:
        events.extend(event for _store, event in t.observe(*ping))
    return events


def advance(state: FenceState, t: float, distance: float, accuracy: float = 10.0) -> Event | None:
    return step(
        state, t=t, distance_m=distance, accuracy_m=accuracy, radius_m=RADIUS, params=PARAMS
    )


def test_entry_needs_the_whole_accuracy_circle_inside() -> None:
    state = FenceState()
    assert advance(state, 0, 145, accuracy=10) is None  # 145 + 10 > 150
    assert not state.inside
    assert advance(state, 30, 140, accuracy=10) is Event.entry


@pytest.mark.parametrize(
    ("distance", "accuracy", "exits"),
    [(205, 10, False), (210, 10, False), (211, 10, True), (401, 200, True), (500, 201, False)],
)
def test_exit_needs_the_hysteresis(distance: float, accuracy: float, exits: bool) -> None:
    state = FenceState()
    advance(state, 0, 0)
    event = advance(state, 30, distance, accuracy)
    assert (event is Event.exit) is exits
    assert state.inside is not exits


def test_dwell_once_after_the_configured_time() -> None:
    state = FenceState()
    assert advance(state, 0, 0) is Event.entry
    assert advance(state, 299, 0) is None
    assert advance(state, 300, 0) is Event.dwell
    assert advance(state, 900, 0) is None


def test_inaccurate_pings_never_trigger() -> None:
    state = FenceState()
    assert advance(state, 0, 0, accuracy=201) is None
    assert advance(state, 10, 0, accuracy=10) is Event.entry
    assert advance(state, 400, 5000, accuracy=201) is None  # neither dwell nor exit
    assert state.inside


def test_reentry_within_the_cooldown_resumes_the_visit() -> None:
    state = FenceState()
    assert advance(state, 0, 0) is Event.entry
    assert advance(state, 60, 1000) is Event.exit
    assert advance(state, 600, 0) is Event.resume
    assert advance(state, 700, 1000) is Event.exit
    assert advance(state, 3700, 0) is Event.entry  # past the cooldown: a new visit


def test_out_of_order_and_repeated_times_change_nothing() -> None:
    t = tracker()
    assert run(t, [(100.0, LAT, LON, 10.0)]) == [Event.entry]
    far = LAT + 0.02
    assert run(t, [(50.0, far, LON, 10.0), (100.0, far, LON, 10.0)]) == []
    assert t.states[7].inside
    assert run(t, [(130.0, far, LON, 10.0)]) == [Event.exit]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_walk_home_to_store_and_away(seed: int) -> None:
    pings = walk_into_store(seed, lat=LAT, lon=LON, start=1_000_000.0)
    events = run(t := tracker(), [(p.t, p.lat, p.lon, p.accuracy_m) for p in pings])
    assert events == [Event.entry, Event.dwell, Event.exit]
    assert not t.inside


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("offset", [-20.0, 0.0, 20.0, 45.0])
def test_jitter_at_the_edge_does_not_flap(seed: int, offset: float) -> None:
    pings = stand_at(seed, lat=LAT, lon=LON, distance_m=RADIUS + offset, start=0.0)
    events = run(tracker(), [(p.t, p.lat, p.lon, p.accuracy_m) for p in pings])
    assert Event.exit not in events
    assert events.count(Event.entry) <= 1


def test_standing_well_inside_enters_once() -> None:
    pings = stand_at(3, lat=LAT, lon=LON, distance_m=0.0, start=0.0)
    events = run(tracker(), [(p.t, p.lat, p.lon, p.accuracy_m) for p in pings])
    assert events == [Event.entry, Event.dwell]

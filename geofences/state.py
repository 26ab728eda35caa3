"""The per-(customer, store) presence state machine and the per-customer tracker. Pure.

Times are epoch seconds (floats). Decisions, for a fence of radius R:
- ENTRY only when the whole accuracy circle is inside: distance + accuracy <= R;
- EXIT only when it is wholly outside by the hysteresis: distance - accuracy > R + H, so that
  jitter at the edge (GPS noise of tens of metres) never makes a customer flap in and out;
- DWELL once per visit, on the first ping at least `dwell_s` after the entry;
- a re-entry within `cooldown_s` of the last ENTRY event resumes that visit (RESUME, which
  triggers nothing) instead of firing a second ENTRY;
- a ping less accurate than `max_accuracy_m` never triggers anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from geofences.index import FenceIndex


class Event(StrEnum):
    entry = "entry"
    dwell = "dwell"
    exit = "exit"
    resume = "resume"


@dataclass(frozen=True, slots=True)
class FenceParams:
    dwell_s: float = 300.0
    hysteresis_m: float = 50.0
    cooldown_s: float = 3600.0
    max_accuracy_m: float = 200.0

    @classmethod
    def from_settings(cls, settings: Any) -> FenceParams:
        return cls(
            dwell_s=float(settings.geofence_dwell_seconds),
            hysteresis_m=float(settings.geofence_exit_hysteresis_m),
            cooldown_s=float(settings.geofence_cooldown_seconds),
            max_accuracy_m=float(settings.geofence_max_accuracy_m),
        )


@dataclass(slots=True)
class FenceState:
    inside: bool = False
    entered_at: float | None = None  # start of the current (or last) visit
    dwelled: bool = False
    last_entry_at: float | None = None  # of the last ENTRY event: the cooldown's origin
    exited_at: float | None = None
    last_seen_at: float | None = None


def step(
    state: FenceState,
    *,
    t: float,
    distance_m: float,
    accuracy_m: float,
    radius_m: float,
    params: FenceParams,
) -> Event | None:
    """Advance one fence's state with one in-order ping; mutates `state`, returns the event."""
    if accuracy_m > params.max_accuracy_m:
        return None
    if not state.inside:
        if distance_m + accuracy_m > radius_m:
            return None
        state.inside = True
        state.last_seen_at = t
        state.exited_at = None
        if state.last_entry_at is not None and t - state.last_entry_at < params.cooldown_s:
            return Event.resume
        state.entered_at = t
        state.last_entry_at = t
        state.dwelled = False
        return Event.entry
    state.last_seen_at = t
    if distance_m - accuracy_m > radius_m + params.hysteresis_m:
        state.inside = False
        state.exited_at = t
        return Event.exit
    entered = state.entered_at if state.entered_at is not None else t
    if not state.dwelled and t - entered >= params.dwell_s:
        state.dwelled = True
        return Event.dwell
    return None


_NOTHING: tuple[tuple[int, Event], ...] = ()


class Tracker:
    """One customer's fences: the stores they are inside are checked on every ping, the
    others only when the grid cell of the ping lists them."""

    __slots__ = ("dirty", "index", "inside", "last_t", "params", "states")

    def __init__(
        self,
        index: FenceIndex,
        params: FenceParams,
        *,
        states: dict[int, FenceState] | None = None,
        last_t: float | None = None,
    ) -> None:
        self.index = index
        self.params = params
        self.states: dict[int, FenceState] = states if states is not None else {}
        self.inside: set[int] = {sid for sid, s in self.states.items() if s.inside}
        self.last_t = last_t
        self.dirty: set[int] = set()  # stores whose state changed (for the DB side)

    def is_in_order(self, t: float) -> bool:
        return self.last_t is None or t > self.last_t

    def observe(
        self, t: float, lat: float, lon: float, accuracy_m: float
    ) -> tuple[tuple[int, Event], ...] | list[tuple[int, Event]]:
        """Process one ping; out-of-order ones (not newer than the last) change nothing."""
        last = self.last_t
        if last is not None and t <= last:
            return _NOTHING
        self.last_t = t
        params = self.params
        if accuracy_m > params.max_accuracy_m:
            return _NOTHING
        events: list[tuple[int, Event]] | None = None
        inside = self.inside
        if inside:
            fences = self.index.fences
            for store_id in tuple(inside):
                fence = fences.get(store_id)
                if fence is None:  # the store was removed: the visit ends there
                    inside.discard(store_id)
                    continue
                state = self.states[store_id]
                event = step(
                    state,
                    t=t,
                    distance_m=fence.distance_m(lat, lon),
                    accuracy_m=accuracy_m,
                    radius_m=fence.radius_m,
                    params=params,
                )
                self.dirty.add(store_id)
                if event is not None:
                    if event is Event.exit:
                        inside.discard(store_id)
                    events = events or []
                    events.append((store_id, event))
        cell = self.index.cell(lat, lon)
        if cell is None:
            return events or _NOTHING
        kx, ky, entries = cell
        for store_id, slat, slon, radius in entries:
            reach = radius - accuracy_m
            if reach < 0.0 or store_id in inside:
                continue
            dx = (lon - slon) * kx
            dy = (lat - slat) * ky
            if dx * dx + dy * dy > reach * reach:
                continue
            known = self.states.get(store_id)
            if known is None:
                known = self.states[store_id] = FenceState()
            event = step(
                known,
                t=t,
                distance_m=(dx * dx + dy * dy) ** 0.5,
                accuracy_m=accuracy_m,
                radius_m=radius,
                params=params,
            )
            self.dirty.add(store_id)
            if event is not None:
                inside.add(store_id)
                events = events or []
                events.append((store_id, event))
        return events or _NOTHING

"""The database side of presence: consent, ping ingestion, states, visits, retention.

Ingestion runs the pure state machine (`geofences.state`) over the fence index built from
the `stores` table, persists what changed and calls the triggers (`geofences.triggers`) for
each event, all in the caller's transaction (services flush, the boundary commits).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from assistant.catalog.models import Store
from assistant.config import Settings
from assistant.customers.models import Consent, Household, Purpose
from assistant.errors import Forbidden, NotFound, Unprocessable
from geofences import triggers
from geofences.index import Fence, FenceIndex
from geofences.models import LocationPing, PresenceState, Visit
from geofences.schemas import (
    MAX_CLOCK_SKEW,
    MAX_PINGS_PER_BATCH,
    IngestResult,
    PingIn,
    PresenceEventPublic,
    VisitUpdate,
)
from geofences.state import Event, FenceParams, FenceState, Tracker

_INDEX_CACHE_SIZE = 4
_index_cache: OrderedDict[tuple[object, ...], FenceIndex] = OrderedDict()
_index_lock = threading.Lock()


def _ts(value: dt.datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def _dt(value: float | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value, dt.UTC) if value is not None else None


def has_location_consent(*, session: Session, household_id: int) -> bool:
    """Granted on any channel for the purpose "location"."""
    granted = session.exec(
        select(Consent.id).where(
            Consent.household_id == household_id,
            Consent.purpose == Purpose.location,
            col(Consent.granted).is_(True),
        )
    ).first()
    return granted is not None


def fence_index(*, session: Session) -> FenceIndex:
    """The index of every store's fence, rebuilt only when the stores change.

    The fingerprint (count, max id and sums of the fence columns) is one aggregate query,
    far cheaper than rebuilding; a changed radius or a moved store changes it.
    """
    row = session.execute(
        sa.select(
            func.count(col(Store.id)),
            func.max(Store.id),
            func.sum(Store.fence_radius_m),
            func.sum(Store.lat),
            func.sum(Store.lon),
        )
    ).one()
    key = tuple(round(float(v), 6) if isinstance(v, float) else v for v in row)
    with _index_lock:
        cached = _index_cache.get(key)
        if cached is not None:
            _index_cache.move_to_end(key)
            return cached
    rows = session.exec(select(Store.id, Store.lat, Store.lon, Store.fence_radius_m)).all()
    index = FenceIndex(
        Fence.make(int(sid or 0), lat, lon, radius) for sid, lat, lon, radius in rows
    )
    with _index_lock:
        _index_cache[key] = index
        while len(_index_cache) > _INDEX_CACHE_SIZE:
            _index_cache.popitem(last=False)
    return index


def _lock_household(session: Session, household_id: int) -> Household:
    """Serialises the batches of one household (PostgreSQL row lock; SQLite has one writer)."""
    household = session.exec(
        select(Household).where(Household.id == household_id).with_for_update()
    ).first()
    if household is None:
        raise NotFound("no such household", code="household_not_found")
    return household


def _check_batch(pings: Sequence[PingIn], now: dt.datetime) -> None:
    if not pings:
        raise Unprocessable("a batch holds at least one ping", code="empty_batch")
    if len(pings) > MAX_PINGS_PER_BATCH:
        raise Unprocessable(
            f"a batch holds at most {MAX_PINGS_PER_BATCH} pings",
            code="batch_too_large",
            details={"max": MAX_PINGS_PER_BATCH},
        )
    future = [i for i, p in enumerate(pings) if p.recorded_at > now + MAX_CLOCK_SKEW]
    if future:
        raise Unprocessable(
            "pings recorded in the future", code="ping_in_future", details={"indexes": future}
        )


def _existing_keys(
    session: Session, household_id: int, pings: Sequence[PingIn]
) -> tuple[set[str], set[tuple[float, float, float]]]:
    ids = [p.ping_id for p in pings if p.ping_id is not None]
    seen_ids: set[str] = set()
    if ids:
        seen_ids = {
            str(v)
            for v in session.exec(
                select(LocationPing.client_ping_id).where(
                    LocationPing.household_id == household_id,
                    col(LocationPing.client_ping_id).in_(ids),
                )
            ).all()
        }
    first = min(p.recorded_at for p in pings)
    last = max(p.recorded_at for p in pings)
    rows = session.exec(
        select(LocationPing.recorded_at, LocationPing.lat, LocationPing.lon).where(
            LocationPing.household_id == household_id,
            col(LocationPing.recorded_at) >= first,
            col(LocationPing.recorded_at) <= last,
        )
    ).all()
    return seen_ids, {(at.timestamp(), lat, lon) for at, lat, lon in rows}


def _load_tracker(
    session: Session, household_id: int, index: FenceIndex, params: FenceParams
) -> tuple[Tracker, dict[int, PresenceState]]:
    rows = {
        r.store_id: r
        for r in session.exec(
            select(PresenceState).where(PresenceState.household_id == household_id)
        ).all()
    }
    states = {
        store_id: FenceState(
            inside=r.inside,
            entered_at=_ts(r.entered_at),
            dwelled=r.dwelled,
            last_entry_at=_ts(r.last_entry_at),
            exited_at=_ts(r.exited_at),
            last_seen_at=_ts(r.last_seen_at),
        )
        for store_id, r in rows.items()
    }
    cursor = session.exec(
        select(func.max(LocationPing.recorded_at)).where(
            LocationPing.household_id == household_id, col(LocationPing.processed).is_(True)
        )
    ).one()
    return Tracker(index, params, states=states, last_t=_ts(cursor)), rows


def ingest_pings(
    *,
    session: Session,
    household_id: int,
    pings: Sequence[PingIn],
    settings: Settings,
    source: str = "rest",
    now: dt.datetime,
) -> IngestResult:
    """Store a batch of pings and run the in-order ones through the state machine.

    Without the location consent nothing is stored (403 `location_consent_required`).
    """
    if not has_location_consent(session=session, household_id=household_id):
        raise Forbidden(
            "location is processed only with the geolocation consent",
            code="location_consent_required",
        )
    _check_batch(pings, now)
    household = _lock_household(session, household_id)
    cutoff = now - dt.timedelta(hours=settings.ping_retention_hours)
    purge_pings(
        session=session,
        now=now,
        retention_hours=settings.ping_retention_hours,
        household_id=household_id,
    )
    result = IngestResult()
    seen_ids, seen_keys = _existing_keys(session, household_id, pings)
    index = fence_index(session=session)
    params = FenceParams.from_settings(settings)
    tracker, rows = _load_tracker(session, household_id, index, params)
    events: list[tuple[int, Event, float]] = []
    # In recorded order: a batch buffered offline by the phone may arrive shuffled.
    for ping in sorted(pings, key=lambda p: p.recorded_at):
        at = ping.recorded_at.astimezone(dt.UTC)
        key = (at.timestamp(), ping.lat, ping.lon)
        if (ping.ping_id is not None and ping.ping_id in seen_ids) or key in seen_keys:
            result.duplicates += 1
            continue
        if at < cutoff:
            result.stale += 1
            continue
        if ping.ping_id is not None:
            seen_ids.add(ping.ping_id)
        seen_keys.add(key)
        in_order = tracker.is_in_order(key[0])
        session.add(
            LocationPing(
                household_id=household_id,
                client_ping_id=ping.ping_id,
                recorded_at=at,
                received_at=now,
                lat=ping.lat,
                lon=ping.lon,
                accuracy_m=ping.accuracy_m,
                source=source,
                processed=in_order,
            )
        )
        result.accepted += 1
        if not in_order:
            result.out_of_order += 1
            continue
        result.processed += 1
        for store_id, event in tracker.observe(key[0], ping.lat, ping.lon, ping.accuracy_m):
            events.append((store_id, event, key[0]))
    session.flush()
    _apply(session, household, tracker, rows, events, now, result)
    return result


def _apply(
    session: Session,
    household: Household,
    tracker: Tracker,
    rows: dict[int, PresenceState],
    events: list[tuple[int, Event, float]],
    now: dt.datetime,
    result: IngestResult,
) -> None:
    assert household.id is not None
    for store_id in tracker.dirty:
        state = tracker.states[store_id]
        row = rows.get(store_id)
        if row is None:
            row = rows[store_id] = PresenceState(household_id=household.id, store_id=store_id)
        row.inside = state.inside
        row.entered_at = _dt(state.entered_at)
        row.dwelled = state.dwelled
        row.last_entry_at = _dt(state.last_entry_at)
        row.exited_at = _dt(state.exited_at)
        row.last_seen_at = _dt(state.last_seen_at)
        row.updated_at = now
        session.add(row)
    session.flush()
    for store_id, event, t in events:
        at = _dt(t)
        assert at is not None
        row = rows[store_id]
        visit = session.get(Visit, row.visit_id) if row.visit_id is not None else None
        if event is Event.entry or visit is None:
            visit = Visit(household_id=household.id, store_id=store_id, entered_at=at)
            session.add(visit)
            session.flush()
            row.visit_id = visit.id
            session.add(row)
        if event is Event.resume:
            visit.exited_at = None
        elif event is Event.dwell:
            visit.dwell_at = at
        elif event is Event.exit:
            visit.exited_at = at
        visit.last_seen_at = at
        session.add(visit)
        session.flush()
        store = session.get(Store, store_id)
        if store is not None and event is Event.entry:
            triggers.on_entry(
                session=session, household=household, store=store, visit=visit, now=now
            )
        elif store is not None and event is Event.dwell:
            triggers.on_dwell(
                session=session, household=household, store=store, visit=visit, now=now
            )
        result.events.append(
            PresenceEventPublic(kind=event.value, store_id=store_id, visit_id=visit.id, at=at)
        )
    # Open visits follow the customer: the staff feed hides those not seen for a while.
    for store_id in tracker.inside:
        row = rows[store_id]
        state = tracker.states[store_id]
        if row.visit_id is not None and state.last_seen_at is not None:
            visit = session.get(Visit, row.visit_id)
            if visit is not None:
                visit.last_seen_at = _dt(state.last_seen_at)
                session.add(visit)
    session.flush()


def purge_pings(
    *,
    session: Session,
    now: dt.datetime,
    retention_hours: int,
    household_id: int | None = None,
) -> int:
    """Delete raw pings recorded before the retention window; returns how many."""
    cutoff = (now) - dt.timedelta(hours=retention_hours)
    statement = sa.delete(LocationPing).where(col(LocationPing.recorded_at) < cutoff)
    if household_id is not None:
        statement = statement.where(col(LocationPing.household_id) == household_id)
    deleted = session.execute(statement).rowcount  # type: ignore[attr-defined]
    session.flush()
    return int(deleted or 0)


def list_visits(*, session: Session, household_id: int, limit: int = 50) -> list[Visit]:
    return list(
        session.exec(
            select(Visit)
            .where(Visit.household_id == household_id)
            .order_by(col(Visit.entered_at).desc(), col(Visit.id).desc())
            .limit(limit)
        ).all()
    )


def update_visit(*, session: Session, household_id: int, visit_id: int, data: VisitUpdate) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.household_id != household_id:
        raise NotFound("no such visit", code="visit_not_found")
    changes = data.model_dump(exclude_unset=True)
    if "bring_to_car" in changes and changes["bring_to_car"] is not None:
        visit.bring_to_car = bool(changes["bring_to_car"])
    if "vehicle" in changes:
        visit.vehicle = changes["vehicle"]
    session.add(visit)
    session.flush()
    return visit

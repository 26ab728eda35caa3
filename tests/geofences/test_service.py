"""Ingestion rules: consent, duplicates, out-of-order pings, accuracy, retention, the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
import typer
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from assistant.config import Settings
from assistant.customers.models import Household
from assistant.db import migrate, session_scope
from assistant.errors import Forbidden
from geofences import service
from geofences.cli import presence_app
from geofences.models import LocationPing, PresenceState
from geofences.schemas import PingIn
from tests.clock import NOW
from tests.factories import make_household
from tests.geofences.helpers import STORE_LAT, STORE_LON, grant, montparnasse


def ping(
    minutes: float, *, lat: float = STORE_LAT, acc: float = 10.0, pid: str | None = None
) -> PingIn:
    return PingIn(
        lat=lat,
        lon=STORE_LON,
        accuracy_m=acc,
        recorded_at=NOW + dt.timedelta(minutes=minutes),
        ping_id=pid,
    )


FAR = STORE_LAT + 0.02  # ~2.2 km north


def stored(session: Session, household: Household) -> list[LocationPing]:
    return list(
        session.exec(
            select(LocationPing)
            .where(LocationPing.household_id == household.id)
            .order_by(LocationPing.recorded_at)  # type: ignore[arg-type]
        ).all()
    )


def ingest(
    session: Session,
    household: Household,
    settings: Settings,
    pings: list[PingIn],
    now: dt.datetime = NOW + dt.timedelta(hours=1),
) -> service.IngestResult:
    assert household.id is not None
    return service.ingest_pings(
        session=session, household_id=household.id, pings=pings, settings=settings, now=now
    )


@pytest.fixture
def consenting(session: Session) -> Household:
    household = make_household(session)
    grant(session, household, [("push", "location")])
    montparnasse(session)
    return household


def test_without_location_consent_nothing_is_stored(session: Session, settings: Settings) -> None:
    household = make_household(session)
    grant(session, household, [("push", "marketing"), ("push", "service")])
    montparnasse(session)
    with pytest.raises(Forbidden) as refused:
        ingest(session, household, settings, [ping(0)])
    assert refused.value.code == "location_consent_required"
    assert stored(session, household) == []
    assert session.exec(select(func.count()).select_from(PresenceState)).one() == 0


def test_duplicates_by_id_and_by_time_and_position(
    session: Session, settings: Settings, consenting: Household
) -> None:
    first = ingest(session, consenting, settings, [ping(0, pid="a"), ping(1)])
    assert (first.accepted, first.duplicates) == (2, 0)
    again = ingest(
        session,
        consenting,
        settings,
        [ping(5, lat=FAR, pid="a"), ping(1), ping(2, pid="b"), ping(2, pid="b")],
    )
    assert (again.accepted, again.duplicates) == (1, 3)
    assert len(stored(session, consenting)) == 3


def test_out_of_order_pings_are_stored_but_never_trigger(
    session: Session, settings: Settings, consenting: Household
) -> None:
    entry = ingest(session, consenting, settings, [ping(10)])
    assert [e.kind for e in entry.events] == ["entry"]
    late = ingest(session, consenting, settings, [ping(5, lat=FAR), ping(9, lat=FAR)])
    assert (late.accepted, late.out_of_order, late.processed, late.events) == (2, 2, 0, [])
    assert [p.processed for p in stored(session, consenting)] == [False, False, True]
    # A later ping far away is in order again and ends the visit.
    assert [e.kind for e in ingest(session, consenting, settings, [ping(11, lat=FAR)]).events] == [
        "exit"
    ]


def test_a_shuffled_batch_is_processed_in_recorded_order(
    session: Session, settings: Settings, consenting: Household
) -> None:
    result = ingest(session, consenting, settings, [ping(12, lat=FAR), ping(0), ping(6)])
    assert [e.kind for e in result.events] == ["entry", "dwell", "exit"]
    assert result.out_of_order == 0


def test_inaccurate_pings_never_trigger(
    session: Session, settings: Settings, consenting: Household
) -> None:
    result = ingest(
        session, consenting, settings, [ping(0, acc=settings.geofence_max_accuracy_m + 1)]
    )
    assert result.processed == 1 and result.events == []


def test_pings_older_than_the_retention_are_not_stored(
    session: Session, settings: Settings, consenting: Household
) -> None:
    result = ingest(session, consenting, settings, [ping(0), ping(-25 * 60)])
    assert (result.accepted, result.stale) == (1, 1)


def test_purge_deletes_raw_pings_only_past_the_retention(
    session: Session, settings: Settings, consenting: Household
) -> None:
    pings = [ping(0), ping(6), ping(60 * 20, lat=FAR)]
    ingest(session, consenting, settings, pings, now=NOW + dt.timedelta(hours=21))
    assert len(stored(session, consenting)) == 3
    deleted = service.purge_pings(
        session=session, now=NOW + dt.timedelta(hours=24, minutes=3), retention_hours=24
    )
    assert deleted >= 1
    assert [p.recorded_at for p in stored(session, consenting)] == [
        NOW + dt.timedelta(minutes=6),
        NOW + dt.timedelta(hours=20),
    ]
    assert service.list_visits(session=session, household_id=consenting.id or 0)  # kept


def test_cli_purge(cli_database_url: str) -> None:
    migrate(cli_database_url)
    old = NOW - dt.timedelta(hours=30)
    with session_scope() as session:
        household = make_household(session)
        session.add(
            LocationPing(
                household_id=household.id or 0, recorded_at=old, lat=1.0, lon=2.0, accuracy_m=5
            )
        )
        session.add(
            LocationPing(
                household_id=household.id or 0,
                recorded_at=old + dt.timedelta(hours=10),
                lat=1.0,
                lon=2.0,
                accuracy_m=5,
            )
        )
    cli = typer.Typer()
    cli.add_typer(presence_app, name="presence")  # as assistant/cli.py registers it
    result = CliRunner().invoke(cli, ["presence", "purge"])
    assert result.exit_code == 0, result.output
    assert "purged 1 location ping" in result.output
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(LocationPing)).one() == 1

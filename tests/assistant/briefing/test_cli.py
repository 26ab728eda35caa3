"""`assistant briefing run` and `assistant scheduler run --once` against a SQLite file, with
the weather served by the local fake Open-Meteo."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from assistant.briefing.cli import briefing_app
from assistant.customers.models import Address, Consent, Device, Household
from assistant.db import make_engine, migrate
from assistant.notify.models import OutboxMessage
from assistant.scheduler.cli import scheduler_app
from assistant.scheduler.models import Job
from tests.assistant.briefing.fake_open_meteo import FakeOpenMeteo
from tests.clock import NOW, TODAY

runner = CliRunner()


def _household(url: str, briefing_time: dt.time) -> int:
    migrate(url)
    with Session(make_engine(url)) as session:
        household = Household(name="Famille CLI", briefing_time=briefing_time)
        session.add(household)
        session.flush()
        assert household.id is not None
        hid = household.id
        session.add_all([
            Address(household_id=hid, kind="home", lat=48.8344, lon=2.3262),
            Device(household_id=hid, platform="android", push_token=f"cli-token-{hid}"),
            Consent(household_id=hid, channel="push", purpose="service", granted=True),
        ])  # fmt: skip
        session.commit()
    return hid


def _briefings(url: str) -> list[OutboxMessage]:
    with Session(make_engine(url)) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == "briefing")))


def test_briefing_run_enqueues_the_window(
    cli_database_url: str, open_meteo: FakeOpenMeteo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEATHER_URL", open_meteo.url)
    hid = _household(cli_database_url, dt.time(7, 0))
    result = runner.invoke(briefing_app, ["run", "--from", "06:30", "--to", "07:30",
                                          "--date", TODAY.isoformat()])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 households briefed" in result.output
    [message] = _briefings(cli_database_url)
    assert message.household_id == hid and message.channel == "push"
    assert "°C" in message.body


def test_briefing_run_refuses_a_bad_time(cli_database_url: str) -> None:
    result = runner.invoke(briefing_app, ["run", "--from", "7h", "--to", "08:00"])
    assert result.exit_code != 0


def test_scheduler_sync_then_run_once(cli_database_url: str, open_meteo: FakeOpenMeteo,
                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("WEATHER_URL", open_meteo.url)
    hid = _household(cli_database_url, dt.time(7, 0))
    assert runner.invoke(scheduler_app, ["sync"]).exit_code == 0
    engine = make_engine(cli_database_url)
    with Session(engine) as session:  # make the briefing due now, as after a short downtime
        job = session.exec(select(Job).where(Job.key == f"briefing:{hid}")).one()
        job.run_at = NOW - dt.timedelta(minutes=5)
        session.add(job)
        session.commit()
    result = runner.invoke(scheduler_app, ["run", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent: push" in result.output
    assert len(_briefings(cli_database_url)) == 1
    with Session(engine) as session:
        job = session.exec(select(Job).where(Job.key == f"briefing:{hid}")).one()
        assert job.run_at > NOW and job.last_outcome == "sent: push"

"""`assistant scheduler run [--once]`: run due briefings, digests and reminders."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console

scheduler_app = typer.Typer(help="Scheduled jobs (briefings, digests, reminders).",
                            no_args_is_help=True)  # fmt: skip
console = Console()


@scheduler_app.callback()
def scheduler() -> None:
    """Scheduled jobs (briefings, digests, reminders)."""


@scheduler_app.command("sync")
def sync() -> None:
    """Create or update every household's briefing and digest jobs, and the housekeeping job."""
    from sqlmodel import Session, col, select

    from assistant.config import get_settings
    from assistant.customers.models import Household
    from assistant.db import get_engine
    from assistant.scheduler.service import (
        ensure_housekeeping,
        ensure_weekly_offers,
        sync_household_jobs,
    )

    settings = get_settings()
    now = settings.clock().now()
    with Session(get_engine()) as session:
        ensure_housekeeping(session=session, now=now)
        ensure_weekly_offers(session=session, now=now, timezone=settings.default_timezone)
        ids = session.exec(select(Household.id).order_by(col(Household.id))).all()
        for household_id in ids:
            if household_id is not None:
                sync_household_jobs(session=session, household_id=household_id, now=now)
        session.commit()
    console.print(f"{len(ids)} households synced")


@scheduler_app.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="run what is due, then exit")] = False,
    poll_seconds: Annotated[float, typer.Option(min=0.1)] = 30.0,
) -> None:
    """Run due jobs until interrupted (or once)."""
    from sqlmodel import Session

    from assistant.briefing.service import traffic_provider, weather_provider
    from assistant.config import get_settings
    from assistant.db import get_engine
    from assistant.scheduler.runner import run_due
    from assistant.scheduler.service import ensure_housekeeping, ensure_weekly_offers

    settings = get_settings()
    engine = get_engine()
    clock = settings.clock()
    with Session(engine) as session:
        ensure_housekeeping(session=session, now=clock.now())
        ensure_weekly_offers(session=session, now=clock.now(), timezone=settings.default_timezone)
        session.commit()
    weather, traffic = weather_provider(settings), traffic_provider(settings)
    while True:
        done = run_due(engine=engine, now=clock.now(), weather=weather, traffic=traffic)
        for job_id, outcome in done:
            console.print(f"job {job_id}: {outcome}")
        if once:
            console.print(f"{len(done)} jobs run")
            return
        try:
            time.sleep(poll_seconds)
        except KeyboardInterrupt:
            return

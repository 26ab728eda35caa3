"""`assistant briefing run --from HH:MM --to HH:MM [--date]`: the briefings due in a window."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console

briefing_app = typer.Typer(help="Daily briefings.", no_args_is_help=True)
console = Console()


def _hhmm(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not HH:MM") from error


@briefing_app.callback()
def briefing() -> None:
    """Daily briefings."""


@briefing_app.command("run")
def run(
    start: Annotated[str, typer.Option("--from", help="local briefing time, from (HH:MM)")],
    end: Annotated[str, typer.Option("--to", help="local briefing time, until (excluded)")],
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today")] = None,
) -> None:
    """Enqueue the briefings of every household whose briefing time is in the window."""
    from sqlmodel import Session

    from assistant.briefing.batch import run_window
    from assistant.briefing.service import traffic_provider, weather_provider
    from assistant.config import get_settings
    from assistant.db import get_engine

    settings = get_settings()
    day = dt.date.fromisoformat(date) if date else None
    with Session(get_engine()) as session:
        report = run_window(session=session, start=_hhmm(start), end=_hhmm(end), day=day,
                            now=settings.clock().now(), weather=weather_provider(settings),
                            traffic=traffic_provider(settings))  # fmt: skip
        session.commit()
    channels = ", ".join(f"{k}: {v}" for k, v in sorted(report.by_channel.items())) or "none"
    console.print(
        f"{report.households} households briefed, {report.messages} messages ({channels})"
    )

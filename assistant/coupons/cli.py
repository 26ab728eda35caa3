"""`assistant offers weekly`: load the week's personalised selection onto every card now
(the scheduler does it each Friday night; this is for a first run or a re-run)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console

offers_app = typer.Typer(help="Offers and coupons.", no_args_is_help=True)
console = Console()


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from exc


@offers_app.callback()
def offers() -> None:
    """Offers and coupons."""


@offers_app.command("weekly")
def weekly(
    start: Annotated[
        str | None,
        typer.Option(help="first day of the week, YYYY-MM-DD (default: tomorrow, local)"),
    ] = None,
    per_household: Annotated[
        int | None,
        typer.Option(min=0, max=50, help="offers per card (default: the setting)"),
    ] = None,
    first_id: Annotated[int, typer.Option(min=1, help="first household id")] = 1,
    last_id: Annotated[int | None, typer.Option(min=1, help="last household id")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=16,
            help="processes, each a slice of the households "
            "(default: the setting; not with --first-id/--last-id)",
        ),
    ] = None,
) -> None:
    """Select each household's offers of the week and load them onto its card."""
    from assistant.config import get_settings
    from assistant.coupons.weekly import select_week, select_week_in_processes, week_after
    from assistant.db import get_engine

    settings = get_settings()
    now = settings.clock().now()
    day = _day(start) or week_after(now, settings.default_timezone)
    if last_id is not None and last_id < first_id:
        raise typer.BadParameter("--last-id is before --first-id")
    per_card = settings.weekly_offers_per_household if per_household is None else per_household
    processes = settings.weekly_offers_workers if workers is None else workers
    if processes > 1 and (first_id != 1 or last_id is not None):
        raise typer.BadParameter("--workers splits all households: not with --first-id/--last-id")
    if processes > 1:
        report = select_week_in_processes(
            settings.database_url, start=day, now=now, per_household=per_card, workers=processes
        )
    else:
        report = select_week(get_engine(), start=day, now=now, first_id=first_id,
                             last_id=last_id, per_household=per_card)  # fmt: skip
    console.print(
        f"week of {report.start}: {report.households} households, {report.loaded} coupons "
        f"loaded from {report.active_offers} active offers, {report.without_personal} without "
        f"a personal offer ({report.per_second:,.0f} households/s)"
    )

"""`assistant import ...`: real data sets into the database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from sqlalchemy.engine import Engine

from assistant.demo.importers._bulk import ImportReport

import_app = typer.Typer(help="Import real data (Complete Journey, recipes).", no_args_is_help=True)
console = Console()


def _engine() -> Engine:
    """The database the commands write to (Settings' DATABASE_URL); tests replace it."""
    from assistant.db import get_engine

    return get_engine()


def _print_report(title: str, report: ImportReport) -> None:
    table = Table(title=title)
    table.add_column("table")
    table.add_column("inserted", justify="right")
    table.add_column("skipped", justify="right")
    for name in sorted(set(report.inserted) | set(report.skipped)):
        table.add_row(name, f"{report.inserted.get(name, 0):,}", f"{report.skipped.get(name, 0):,}")
    console.print(table)
    console.print(f"elapsed: {report.elapsed_s:.1f} s")


@import_app.command("completejourney")
def import_completejourney(
    limit_households: Annotated[
        int | None,
        typer.Option(min=1, help="Load only the first N households by id (quick runs)."),
    ] = None,
) -> None:
    """Load The Complete Journey (installed package data) into the database.

    Re-running adds only what is missing: existing rows are skipped, never updated.
    """
    from assistant.db import session_scope
    from assistant.demo.importers.completejourney import CompleteJourneyData, load_completejourney

    started = time.perf_counter()
    with console.status("reading the Complete Journey parquet files"):
        data = CompleteJourneyData.from_package()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress, session_scope(_engine()) as session:
        report = load_completejourney(
            session=session, data=data, limit_households=limit_households, progress=progress
        )
    report.elapsed_s = time.perf_counter() - started
    _print_report("The Complete Journey", report)


@import_app.command("recipes")
def import_recipes(
    path: Annotated[
        Path, typer.Argument(exists=True, help="A Wikibooks JSON, a schema.org JSON-LD, or a dir.")
    ],
) -> None:
    """Import recipes (format detected from the content); upsert on (source, external_id)."""
    from assistant.db import session_scope
    from assistant.demo.importers.recipes import UnknownRecipeFormat, read_recipes, upsert_recipes

    try:
        parsed = read_recipes(path)
    except UnknownRecipeFormat as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from exc
    with session_scope(_engine()) as session:
        result = upsert_recipes(session=session, records=parsed.records, skipped=parsed.skipped)
    console.print(
        f"recipes: {result.inserted} inserted, {result.updated} updated, "
        f"{sum(result.skipped.values())} skipped"
    )
    for reason, count in sorted(result.skipped.items()):
        console.print(f"  skipped ({reason}): {count}")

"""`assistant demo ...`: the Carchan demo world."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlmodel import Session

from assistant.config import PROJECT_ROOT
from assistant.customers.models import Household

demo_app = typer.Typer(help="The Carchan demo world.", no_args_is_help=True)
console = Console()
DEMO_POS_KEY_NAME = "demo-pos"
DEMO_REPLAY_DB = PROJECT_ROOT / "var" / "zerty-replay.db"


def _parse_today(value: str | None) -> dt.date:
    """--today, or the day it is now where the demo lives (the configured clock)."""
    if value is None:
        from assistant.clock import local_day
        from assistant.config import get_settings

        settings = get_settings()
        return local_day(settings.clock().now(), settings.default_timezone)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--today"
        ) from exc


def _fresh_demo_pos_key(session: Session, day: dt.date) -> str:
    """A new demo till key; earlier ones are revoked so re-runs do not pile up live keys."""
    from sqlmodel import col, select

    from assistant.auth.models import ApiKey
    from assistant.auth.service import create_api_key, revoke_api_key
    from assistant.config import get_settings

    earlier = select(ApiKey).where(
        col(ApiKey.name).startswith(DEMO_POS_KEY_NAME), col(ApiKey.revoked_at).is_(None)
    )
    now = get_settings().clock().now()
    for key in session.exec(earlier).all():
        revoke_api_key(session=session, prefix=key.prefix, now=now)
    _, raw_key = create_api_key(
        session=session, name=f"{DEMO_POS_KEY_NAME}-{day.isoformat()}", scopes=["receipts:write"]
    )
    return raw_key


@demo_app.command("seed")
def seed(
    households: Annotated[
        int, typer.Option("--households", min=0, help="synthetic households to generate")
    ] = 200,
    seed_value: Annotated[int, typer.Option("--seed", help="population RNG seed")] = 42,
    today: Annotated[
        str | None, typer.Option("--today", help="YYYY-MM-DD; dates are relative to it")
    ] = None,
    reset: Annotated[bool, typer.Option("--reset", help="delete synthetic data first")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 500,
) -> None:
    """Load the demo world, the Zerty household, the recipes and a synthetic population."""
    from assistant.config import get_settings
    from assistant.db import get_engine, migrate, session_scope
    from assistant.demo.population import delete_synthetic, seed_population
    from assistant.demo.recipes_fr import seed_demo_recipes
    from assistant.demo.world import seed_world
    from assistant.demo.zerty import seed_zerty
    from assistant.models import metadata

    day = _parse_today(today)
    settings = get_settings()
    started = time.perf_counter()
    migrate(settings.database_url)
    engine = get_engine(settings.database_url)
    with session_scope(engine) as session:
        if reset:
            removed = delete_synthetic(session=session)
            console.print(f"removed {removed} synthetic households")
        added = seed_world(session=session, today=day)
        seed_zerty(session=session, today=day)
        recipes = seed_demo_recipes(session=session)
    console.print(f"world: {added}; recipes: {recipes}")
    with session_scope(engine) as session, _progress() as progress:
        task = progress.add_task("households", total=households, rate="")

        def report(done: int, rows: int) -> None:
            elapsed = max(time.perf_counter() - population_started, 1e-6)
            progress.update(task, completed=done, rate=f"{rows / elapsed:,.0f} rows/s")

        population_started = time.perf_counter()
        stats = seed_population(
            session=session, households=households, seed=seed_value, today=day,
            batch_size=batch_size, progress=report,
        )  # fmt: skip
    elapsed = time.perf_counter() - started
    table = Table(title=f"demo seed ({elapsed:.1f} s)")
    table.add_column("table")
    table.add_column("rows", justify="right")
    with engine.connect() as connection:
        for name in sorted(metadata.tables):
            count = connection.execute(
                sa.select(sa.func.count()).select_from(metadata.tables[name])
            ).scalar_one()
            table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(
        f"population: {stats.added} added, {stats.skipped} already there, "
        f"{stats.receipts:,} receipts, {stats.lines:,} lines"
    )
    # The secrets are printed by `welcome` alone: its new till key revokes the earlier ones,
    # so a key printed here by `make run` would no longer work.
    typer.echo("Zerty's token and a till key: `assistant demo welcome`")


def _print_secrets(engine: sa.Engine, zerty: Household, day: dt.date) -> None:
    from assistant.auth.service import issue_customer_token
    from assistant.config import get_settings
    from assistant.db import session_scope

    settings = get_settings()
    # Plain echo: Rich would wrap the long secrets and break copy and paste.
    token = issue_customer_token(settings=settings, household=zerty, now=settings.clock().now())
    typer.echo(f"Zerty customer token: {token}")
    if settings.assistant_env != "production":
        with session_scope(engine) as session:
            raw_key = _fresh_demo_pos_key(session, day)
        typer.echo(f"demo POS API key (receipts:write): {raw_key}")


@demo_app.command("welcome")
def welcome() -> None:
    """Where the app and the API docs are, Zerty's token and a till key: what `make run`
    prints last, right before serving, so that it does not scroll away."""
    from sqlmodel import select

    from assistant.config import get_settings
    from assistant.db import get_engine, session_scope

    settings = get_settings()
    engine = get_engine(settings.database_url)
    with session_scope(engine) as session:
        zerty = session.exec(select(Household).where(Household.slug == "zerty")).first()
        if zerty is not None:
            session.expunge(zerty)
    if zerty is None:
        typer.echo("no demo world in this database: run `assistant demo seed` first", err=True)
        raise typer.Exit(1)
    base = settings.base_url
    typer.echo(f"The app (sign in as the Zerty family): {base}/app/")
    typer.echo(f"The API and its documentation: {base}/docs")
    _print_secrets(engine, zerty, _parse_today(None))


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@demo_app.command("zerty")
def zerty(
    speed: Annotated[
        float, typer.Option("--speed", min=0.0, help="simulated seconds per real second")
    ] = 2000.0,
    instant: Annotated[bool, typer.Option("--instant", help="no pauses between moments")] = False,
    lang: Annotated[str, typer.Option("--lang", help="fr or en")] = "fr",
    today: Annotated[
        str | None,
        typer.Option("--today", help="YYYY-MM-DD; an empty database is seeded for this day"),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            help="where to replay (a SQLAlchemy URL); default: a fresh SQLite file "
            f"{DEMO_REPLAY_DB}, recreated each run",
        ),
    ] = None,
) -> None:
    """Replay the Zerty household's Friday and Saturday on a simulated clock.

    The replay writes days ahead of now (briefings, pushes, receipts): by default it plays in
    a database of its own, never in the app's (`make run`'s), whose customers would find
    alerts dated next Saturday. `--database "$DATABASE_URL"` replays there on purpose."""
    from assistant.config import get_settings
    from assistant.db import make_engine, migrate, safe_url
    from assistant.demo.scenario.printer import MomentPrinter
    from assistant.demo.scenario.run import AlreadyPlayed, run_scenario
    from nlu.engines import build_engine

    if lang not in ("fr", "en"):
        raise typer.BadParameter(f"{lang!r}: expected fr or en", param_hint="--lang")
    day = _parse_today(today)
    settings = get_settings()
    if database is None:
        DEMO_REPLAY_DB.parent.mkdir(parents=True, exist_ok=True)
        DEMO_REPLAY_DB.unlink(missing_ok=True)
        database = f"sqlite:///{DEMO_REPLAY_DB}"
    settings = settings.model_copy(update={"database_url": database})
    console.print(f"replaying in {safe_url(database)}")
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    with console.status("loading the NLU model"):
        nlu = build_engine(settings)
    printer = MomentPrinter(console, speed=0.0 if instant else speed)
    try:
        moments = run_scenario(engine=engine, settings=settings, nlu=nlu, lang=lang, today=day,
                               on_moment=printer)  # fmt: skip
    except AlreadyPlayed as error:
        console.print(f"[red]{error}[/red]: replay it on a fresh database (the default)")
        raise typer.Exit(1) from error
    finally:
        engine.dispose()
    console.print(f"{len(moments)} moments")

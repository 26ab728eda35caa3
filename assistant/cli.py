"""The `assistant` command line."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from assistant.auth.cli import apikey_app, auth_app
from assistant.briefing.cli import briefing_app
from assistant.config import get_settings
from assistant.coupons.cli import offers_app
from assistant.demo.cli import demo_app
from assistant.demo.import_cli import import_app
from assistant.nlu_cli import nlu_app
from assistant.notify.cli import notify_app
from assistant.scheduler.cli import scheduler_app
from geofences.cli import presence_app

app = typer.Typer(help="Carchan customer assistant.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(import_app, name="import")
app.add_typer(auth_app, name="auth")
app.add_typer(apikey_app, name="apikey")
app.add_typer(nlu_app, name="nlu")
app.add_typer(notify_app, name="notify")
app.add_typer(briefing_app, name="briefing")
app.add_typer(scheduler_app, name="scheduler")
app.add_typer(presence_app, name="presence")
app.add_typer(offers_app, name="offers")
console = Console()


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply the migrations (creates the SQLite file if needed)."""
    from assistant.db import migrate, safe_url

    settings = get_settings()
    migrate(settings.database_url, revision)
    console.print(f"database at {revision}: {safe_url(settings.database_url)}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's migration revision."""
    from assistant.db import current_revision, get_engine

    typer.echo(current_revision(get_engine()) or "empty")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default: API_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default: API_PORT")] = None,
) -> None:
    """Serve the API with uvicorn."""
    from api.server import serve as run_server

    # The options stand for API_HOST and API_PORT everywhere, the links sent to customers too.
    if host is not None:
        os.environ["API_HOST"] = host
    if port is not None:
        os.environ["API_PORT"] = str(port)
    get_settings.cache_clear()
    settings = get_settings()
    run_server(settings, host=settings.api_host, port=settings.api_port)


if __name__ == "__main__":
    app()

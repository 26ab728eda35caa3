"""`assistant presence ...`: retention of raw location pings."""

from __future__ import annotations

import typer
from rich.console import Console

from assistant.config import get_settings
from assistant.db import session_scope
from geofences.service import purge_pings

presence_app = typer.Typer(help="Presence: location pings and visits.", no_args_is_help=True)
console = Console()


@presence_app.command("purge")
def purge() -> None:
    """Delete raw pings older than PING_RETENTION_HOURS (at most 24 h); visits are kept."""
    settings = get_settings()
    with session_scope() as session:
        deleted = purge_pings(
            session=session, retention_hours=settings.ping_retention_hours,
            now=settings.clock().now(),
        )  # fmt: skip
    console.print(f"purged {deleted} location ping(s) older than {settings.ping_retention_hours} h")

"""`assistant auth ...` and `assistant apikey ...`: tokens and keys from the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import select

from assistant.auth.models import ApiKey
from assistant.auth.service import SCOPES, create_api_key, issue_customer_token, revoke_api_key
from assistant.config import get_settings
from assistant.customers.models import Household
from assistant.db import session_scope
from assistant.errors import AppError

auth_app = typer.Typer(help="Customer tokens.", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys for tills and partners.", no_args_is_help=True)
console = Console()


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}")
    return typer.Exit(code=2)


@auth_app.command("token")
def token(
    household: Annotated[str, typer.Argument(help="household id or slug (e.g. zerty)")],
    ttl_minutes: Annotated[int | None, typer.Option(min=1, help="token lifetime")] = None,
) -> None:
    """Print a customer bearer token for a household."""
    settings = get_settings()
    with session_scope() as session:
        if household.isdigit():
            found = session.get(Household, int(household))
        else:
            found = session.exec(select(Household).where(Household.slug == household)).first()
        if found is None:
            raise _fail(f"no household {household!r}")
        ttl = dt.timedelta(minutes=ttl_minutes) if ttl_minutes else None
        typer.echo(
            issue_customer_token(
                settings=settings, household=found, now=settings.clock().now(), ttl=ttl
            )
        )


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option(help="who holds the key, e.g. pos-montparnasse")],
    scope: Annotated[list[str], typer.Option(help=f"repeatable; one of {', '.join(SCOPES)}")],
) -> None:
    """Create an API key and print it (it is shown only once)."""
    try:
        with session_scope() as session:
            _key, raw = create_api_key(session=session, name=name, scopes=scope)
    except AppError as exc:
        raise _fail(exc.message) from exc
    typer.echo(raw)


@apikey_app.command("list")
def apikey_list() -> None:
    """List API keys (never their secrets)."""
    table = Table("prefix", "name", "scopes", "created", "revoked")
    with session_scope() as session:
        for key in session.exec(select(ApiKey).order_by(ApiKey.id)):  # type: ignore[arg-type]
            revoked = key.revoked_at.isoformat() if key.revoked_at else ""
            table.add_row(
                key.prefix, key.name, " ".join(key.scopes), key.created_at.isoformat(), revoked
            )
    console.print(table)


@apikey_app.command("revoke")
def apikey_revoke(prefix: str) -> None:
    """Revoke an API key by its prefix."""
    try:
        with session_scope() as session:
            revoke_api_key(session=session, prefix=prefix, now=get_settings().clock().now())
    except AppError as exc:
        raise _fail(exc.message) from exc
    console.print(f"revoked {prefix}")

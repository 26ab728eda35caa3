"""`assistant demo ...`: the Carchan demo world."""

from __future__ import annotations

import typer

demo_app = typer.Typer(help="The Carchan demo world.", no_args_is_help=True)

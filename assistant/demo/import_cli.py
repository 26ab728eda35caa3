"""`assistant import ...`: real data sets into the database."""

from __future__ import annotations

import typer

import_app = typer.Typer(help="Import real data (Complete Journey, recipes).", no_args_is_help=True)

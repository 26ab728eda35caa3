"""`assistant nlu ...`: train, evaluate and try the embedded NLU engine."""

from __future__ import annotations

import typer

nlu_app = typer.Typer(help="NLU: train, evaluate, parse.", no_args_is_help=True)

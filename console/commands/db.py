"""comptoir db: placeholder until it lands."""

from __future__ import annotations

import typer

app = typer.Typer(help="db", no_args_is_help=True)

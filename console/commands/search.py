"""`comptoir search`: full-text search, newest first."""

from __future__ import annotations

from typing import Annotated

import typer

from console.runtime import fail, state


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Words to find (any text is safe) and the console's prefixes: "
            "from: subject: tag: status: channel: order: before: after: is: "
            "assignee: priority: lang: intent:"
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, help="At most this many results.")] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    json: Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")] = False,
) -> None:
    """Search every message's subject, text and sender, newest first."""
    from console.search_fast import SearchFailed, run_search

    where = state(ctx)
    try:
        lines = run_search(
            where.db_path, " ".join(words), limit, offset, json, where.config_path
        )
    except SearchFailed as exc:
        fail(str(exc), exc.code)
    for line in lines:
        typer.echo(line)

"""`comptoir search`: full-text search, newest first."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from console.runtime import emit_json, fail, state
from console.text import one_line


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="Words to find; any text is safe.")
    ],
    limit: Annotated[int, typer.Option(min=1, help="At most this many results.")] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    json: Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")] = False,
) -> None:
    """Search every message's subject, text and sender, newest first."""
    import sqlite3

    from storage.connection import explain_sqlite_error
    from storage.search import search_messages_readonly

    path = state(ctx).db_path
    if not path.exists():
        fail(f"no database at {path}: import mail first, or point --db at one")
    try:
        hits = search_messages_readonly(path, " ".join(words), limit, offset)
    except sqlite3.Error as exc:
        fail(explain_sqlite_error(exc, path).message)
    for hit in hits:
        if json:
            emit_json(asdict(hit))
        else:
            typer.echo(
                f"{hit.conversation_id:>7}  {hit.sent_at:%Y-%m-%d}  "
                f"{one_line(hit.sender_name or hit.sender_address, 22):<22}  "
                f"{one_line(hit.subject, 40):<40}  {one_line(hit.snippet, 80)}"
            )

"""`comptoir import mbox|maildir|eml`: lossless, idempotent, resumable imports."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, Annotated, Any

import typer

from console.runtime import EXIT_FAILURE, emit_json, run, shop_addresses, state
from console.text import escaped_line

if TYPE_CHECKING:
    from console.mail_import import ImportSummary, MailKind

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders or glob patterns.", show_default=False),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress, no summary.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def _progress(quiet: bool) -> Any:
    """A live count on stderr, only on a terminal."""
    if quiet or not sys.stderr.isatty():
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} messages"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _report(summary: ImportSummary, as_json: bool, quiet: bool) -> None:
    for problem in summary.problems:
        print(
            f"error: {escaped_line(problem.file)}: {escaped_line(problem.message)}",
            file=sys.stderr,
        )
    if as_json:
        emit_json(
            {
                "new": summary.new,
                "present": summary.present,
                "partial": summary.partial,
                "messages": summary.messages,
                "problems": [
                    {"file": p.file, "error": p.message} for p in summary.problems
                ],
            }
        )
    elif not quiet:
        print(
            f"{summary.new} new, {summary.present} already present, "
            f"{summary.partial} partially parsed",
            file=sys.stderr,
        )


def _import(
    ctx: typer.Context, kind: MailKind, paths: list[str], quiet: bool, as_json: bool
) -> None:
    from console.mail_import import import_mail, start_pool
    from storage.connection import open_store

    where = state(ctx).db_path
    shop = shop_addresses(ctx)
    pool = start_pool()  # before the store's thread exists: forking is safe now

    async def go() -> ImportSummary:
        with _progress(quiet) as progress:
            task = (
                progress.add_task(f"importing {kind}", total=None) if progress else None
            )

            def show(summary: ImportSummary) -> None:
                if progress is not None:
                    progress.update(task, completed=summary.messages)

            async with open_store(where) as store:
                return await import_mail(store, pool, kind, paths, shop, show)

    try:
        summary = run(go(), where)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _report(summary, as_json, quiet)
    if summary.problems:
        raise typer.Exit(EXIT_FAILURE)


def mbox(
    ctx: typer.Context, paths: PathsArg, quiet: QuietOpt = False, json: JsonOpt = False
) -> None:
    """Import mbox files."""
    _import(ctx, "mbox", paths, quiet, json)


def maildir(
    ctx: typer.Context, paths: PathsArg, quiet: QuietOpt = False, json: JsonOpt = False
) -> None:
    """Import Maildir folders (cur/ and new/)."""
    _import(ctx, "maildir", paths, quiet, json)


def eml(
    ctx: typer.Context, paths: PathsArg, quiet: QuietOpt = False, json: JsonOpt = False
) -> None:
    """Import single message files (.eml), or every file under a folder."""
    _import(ctx, "eml", paths, quiet, json)

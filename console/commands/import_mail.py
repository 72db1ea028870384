"""`comptoir import mbox|maildir|eml`: lossless, idempotent, resumable imports.

The formats are those a channel plugin reads (`Capabilities.file_formats`:
the email channel's); the files go through the core's one ingest loop, like a
fetch, into the `import` channel."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, Annotated, Any

import typer

from console.i18n import _
from console.runtime import (
    EXIT_FAILURE,
    EXIT_USAGE,
    emit_json,
    fail,
    run,
    shop_addresses,
    state,
)
from console.text import escaped_line

if TYPE_CHECKING:
    from plugins.api import Channel
    from storage.pipeline.runs import FileImport

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files, folders or glob patterns.", show_default=False),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress, no summary.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
IMPORT_STATEMENTS = 32  # a batch's own statements are about 30


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


def _report(done: FileImport, as_json: bool, quiet: bool) -> None:
    summary = done.report
    for problem in done.problems:
        print(
            _("error: ")
            + (
                f"{escaped_line(problem.file)}: {escaped_line(problem.message)}"
                if not problem.line
                else escaped_line(str(problem))
            ),
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
                    {"file": p.file, "error": p.message} for p in done.problems
                ],
            }
        )
    elif not quiet:
        print(
            _(
                "{new} new, {present} already present, {partial} partially parsed"
            ).format(new=summary.new, present=summary.present, partial=summary.partial),
            file=sys.stderr,
        )


def reader_for(file_format: str) -> type[Channel]:
    """The installed channel that reads this file format; exit 2 if none."""
    from plugins.api import PluginError
    from plugins.registry import CHANNELS, list_plugins, load_channel

    for entry in list_plugins(CHANNELS):
        try:
            channel = load_channel(entry.name)
        except (PluginError, ImportError):
            continue  # a broken plugin is `comptoir plugins list`'s to report
        if file_format in channel.capabilities.file_formats:
            return channel
    said = _("no installed channel reads {format} files")
    fail(said.format(format=file_format), EXIT_USAGE)


def _import(
    ctx: typer.Context, kind: str, paths: list[str], quiet: bool, as_json: bool
) -> None:
    from storage.connection import open_store
    from storage.pipeline.ingest import IngestReport
    from storage.pipeline.runs import import_files
    from storage.pipeline.workers import start_pool

    where = state(ctx).db_path
    shop = shop_addresses(ctx)
    reader = reader_for(kind)
    pool = start_pool([reader])  # before the store's thread: forking is safe now

    async def go() -> FileImport:
        with _progress(quiet) as progress:
            task = (
                progress.add_task(_("importing {kind}").format(kind=kind), total=None)
                if progress
                else None
            )

            def show(summary: IngestReport) -> None:
                if progress is not None:
                    progress.update(task, completed=summary.messages)

            # Few statements kept: a batch's look-ups are one-off statements
            # (their IN lists vary in length), and 128 of them held 7 MB.
            async with open_store(where, statements=IMPORT_STATEMENTS) as store:
                return await import_files(
                    store, reader, kind, paths, pool=pool, shop=shop, on_progress=show
                )

    try:
        done = run(go(), where)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _report(done, as_json, quiet)
    if done.problems:
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

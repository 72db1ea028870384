"""`comptoir fetch [INSTANCE] [--since DATE]`: one sync of the channels, for
cron: silent unless something is wrong or a person watches."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from console.channel_setup import channel_setup
from console.i18n import _
from console.runtime import (
    EXIT_FAILURE,
    EXIT_TEMPORARY,
    emit_json,
    parse_when,
    run,
    state,
    warn,
)

if TYPE_CHECKING:
    from storage.pipeline.ingest import IngestReport


def fetch(
    ctx: typer.Context,
    instance: Annotated[
        str | None, typer.Argument(help="One channel (default: all).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Also fetch what arrived since DATE (backfill).", show_default=False
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
    json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON.")
    ] = False,
) -> None:
    """Fetch what is new on every configured channel (exit 1 if any failed,
    75 if every failure is temporary: a server unreachable or gone mid-sync,
    or the database busy with another process)."""
    from plugins.api import PluginError, TemporarilyUnavailable
    from storage.connection import open_store
    from storage.errors import StoreBusy
    from storage.pipeline.runs import fetch_instance, fetches
    from storage.pipeline.workers import start_pool

    setup = channel_setup(ctx, instance)
    moment: datetime | None = None
    if since is not None:
        moment = datetime.fromtimestamp(parse_when(since, "--since"), UTC)
    where = state(ctx).db_path
    pool = start_pool(setup.parsers())  # forked before the store's thread exists
    results: dict[str, IngestReport | str] = {}
    temporary: list[bool] = []  # per failed instance
    said: dict[str, list[str]] = {}  # what each channel warned of, as it did

    async def go() -> None:
        async with open_store(where) as store:
            for name in setup.names:
                setup.channels.say = _telling(said.setdefault(name, []))
                try:
                    async with setup.channels.open(name, store, True) as channel:
                        if not fetches(channel):
                            continue  # it only pushes (a chat server receives)
                        results[name] = await fetch_instance(
                            store, channel, since=moment, pool=pool, shop=setup.shop
                        )
                except (PluginError, StoreBusy) as exc:
                    results[name] = exc.message
                    temporary.append(
                        isinstance(exc, TemporarilyUnavailable | StoreBusy)
                    )

    try:
        run(go(), where)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _report(results, said, quiet, json)
    if temporary:
        raise typer.Exit(EXIT_TEMPORARY if all(temporary) else EXIT_FAILURE)


def _telling(lines: list[str]) -> Callable[[str], None]:
    """A channel's warnings: said on stderr as they come, kept for --json."""

    def say(line: str) -> None:
        warn(line)
        lines.append(line)

    return say


def _warnings(name: str, report: IngestReport) -> list[str]:
    """What the person must hear although the fetch went on: one line each."""
    given_up = _(
        "{channel}: not fetched: {problem}; given up (`comptoir channels check` "
        "lists it); the rest is stored"
    )
    again = _(
        "{channel}: not fetched: {problem}; tried again at the next fetch; the rest "
        "is stored"
    )
    return [
        _("warning: ")
        + (given_up if p.final else again).format(channel=name, problem=p.message)
        for p in report.problems
    ]


def _summary(report: IngestReport, said: list[str]) -> dict[str, object]:
    return {
        "new": report.new,
        "present": report.present,
        "not_fetched": [
            {"id": p.external_id, "reason": p.message, "given_up": p.final}
            for p in report.problems
        ],
        "warnings": said,
    }


def _report(
    results: dict[str, IngestReport | str],
    said: dict[str, list[str]],
    quiet: bool,
    as_json: bool,
) -> None:
    for name, result in results.items():
        if isinstance(result, str):
            print(f"{_('error: ')}{name}: {result}", file=sys.stderr)
        else:
            for line in _warnings(name, result):
                print(line, file=sys.stderr)
    if as_json:
        emit_json(
            {
                name: {"error": r}
                if isinstance(r, str)
                else _summary(r, said.get(name, []))
                for name, r in results.items()
            }
        )
    elif not quiet and sys.stderr.isatty():
        for name, r in results.items():
            if not isinstance(r, str):
                new = _("{channel}: {count} new").format(channel=name, count=r.new)
                print(new, file=sys.stderr)

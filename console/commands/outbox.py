"""`comptoir outbox list|retry|cancel|flush`: replies waiting to be sent."""

from __future__ import annotations

import sys
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from console.i18n import _
from console.jsonout import stamps_as_iso
from console.runtime import EXIT_FAILURE, emit_json, run, state, zone_of
from console.text import one_line

if TYPE_CHECKING:
    from storage.pipeline.outbox import FlushReport

app = typer.Typer(
    help="Replies waiting to be sent, sent, or failed.", no_args_is_help=True
)
STATES = ("queued", "sending", "sent", "failed", "cancelled")
_TWICE = (
    "may have been sent twice: a send was cut off before the server confirmed it, "
    "and it went again (same Message-ID, so mail clients show one)"
)


def _when(stamp: int | None, zone: tzinfo) -> str:
    from storage.timewords import format_instant

    return "-" if stamp is None else format_instant(stamp, zone)


@app.command("list")
def list_(
    ctx: typer.Context,
    state_: Annotated[
        list[str] | None,
        typer.Option("--state", help=f"Only these: {', '.join(STATES)}."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print as JSON lines.")] = False,
) -> None:
    """Outbox entries, oldest first, with their state and last error."""
    from dataclasses import asdict

    from console.runtime import EXIT_USAGE, fail
    from storage.connection import open_store
    from storage.outbox import OutboxEntry, list_outbox

    wanted = state_ or []
    if bad := [s for s in wanted if s not in STATES]:
        said = _("--state {value}: expected one of {states}")
        fail(said.format(value=repr(bad[0]), states=", ".join(STATES)), EXIT_USAGE)
    where = state(ctx).db_path

    async def go() -> list[OutboxEntry]:
        async with open_store(where) as store:
            return await list_outbox(store, wanted)

    zone = zone_of(ctx)
    for entry in run(go(), where):
        if json:
            times = ("next_attempt_at", "created_at", "sent_at")
            emit_json(stamps_as_iso(asdict(entry), *times))
            continue
        notes = [one_line(entry.last_error)] if entry.last_error else []
        if entry.maybe_twice:
            notes.append(_TWICE)
        typer.echo(
            f"{entry.id}\t{entry.state}\t{_when(entry.created_at, zone)}\t"
            f"{entry.channel or '-'}\t{one_line(entry.recipient)}\t"
            f"{one_line(entry.subject)}" + "".join(f"\t{note}" for note in notes)
        )


def _change(ctx: typer.Context, ids: list[int], verb: str) -> None:
    from storage.connection import open_store
    from storage.outbox_state import cancel_entry, retry_entry

    change = retry_entry if verb == "retry" else cancel_entry
    where = state(ctx).db_path

    async def go() -> None:
        async with open_store(where) as store:
            for outbox_id in ids:
                await change(store, outbox_id)

    run(go(), where)


IdsArg = Annotated[list[int], typer.Argument(help="Outbox entry ids (outbox list).")]


@app.command()
def retry(ctx: typer.Context, ids: IdsArg) -> None:
    """Send failed or waiting entries at the next flush, attempts reset."""
    _change(ctx, ids, "retry")


@app.command()
def cancel(ctx: typer.Context, ids: IdsArg) -> None:
    """Never send these entries (the reply stays in its conversation)."""
    _change(ctx, ids, "cancel")


@app.command()
def flush(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Send what is due now on each reply's channel and file copies (a Sent
    folder); exit 1 on errors, a reply no channel can send among them."""
    from console.channel_setup import channel_setup
    from storage.connection import open_store
    from storage.pipeline.outbox import flush_outbox

    setup = channel_setup(ctx, required=False)
    where = state(ctx).db_path

    async def go() -> FlushReport:
        async with open_store(where) as store:
            return await flush_outbox(store, setup.channels)

    report = run(go(), where)
    for error in report.errors:
        print(_("error: ") + str(error), file=sys.stderr)
    if not quiet and sys.stderr.isatty():
        said = _("{sent} sent, {retrying} to retry, {failed} failed")
        print(
            said.format(
                sent=report.sent, retrying=report.retrying, failed=report.failed
            ),
            file=sys.stderr,
        )
    if report.failed or report.retrying or report.errors:
        raise typer.Exit(EXIT_FAILURE)

"""`comptoir surveys send`: satisfaction surveys for conversations closed a while."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import typer

from console.i18n import _
from console.jsonout import stamps_as_iso
from console.runtime import EXIT_USAGE, emit_json, fail, run, state

if TYPE_CHECKING:
    from console.config import Config
    from storage.surveys import DueSurvey

app = typer.Typer(help="Satisfaction surveys after closing.", no_args_is_help=True)


def _load(ctx: typer.Context) -> Config:
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        return load_config(state(ctx).config_path)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


def _line(due: DueSurvey, zone: ZoneInfo) -> str:
    from storage.timewords import format_instant

    closed = format_instant(due.closed_at, zone)
    return (
        f"{due.conversation_id}\t{closed}\t{due.channel}\t{due.address}\t{due.subject}"
    )


@app.command()
def send(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be sent; send nothing.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")] = False,
) -> None:
    """Queue a survey for each conversation due one (`comptoir outbox flush` or
    the app sends it); quiet unless --dry-run; exit 2 if surveys are off."""
    from dataclasses import asdict

    from storage.connection import open_store
    from storage.surveys import send_surveys

    config = _load(ctx)
    if not config.survey.enabled:
        fail(_("surveys are off: set enabled = true in [survey]"), EXIT_USAGE)
    from console.config_survey import survey_senders  # jinja2: only here

    senders = survey_senders(config)
    if not senders:
        wanted = ", ".join(config.survey.channels)
        said = _("no configured channel is one of survey.channels ({channels})")
        fail(said.format(channels=wanted), EXIT_USAGE)
    where = state(ctx).db_path

    async def go() -> list[DueSurvey]:
        async with open_store(where) as store:
            return await send_surveys(
                store, config.survey, senders, config.shop.name, dry_run=dry_run
            )

    done = run(go(), where)
    for due in done:
        if json:
            emit_json(stamps_as_iso(asdict(due), "closed_at"))
        elif dry_run:
            typer.echo(_line(due, ZoneInfo(config.shop.timezone)))
    if not dry_run and done and sys.stderr.isatty():
        print(_("{count} surveys queued").format(count=len(done)), file=sys.stderr)

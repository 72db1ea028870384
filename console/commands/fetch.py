"""`comptoir fetch [INSTANCE] [--since DATE]`: one sync of the email accounts,
for cron: silent unless something is wrong or a person watches."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from console.email_config import email_setup
from console.runtime import (
    EXIT_FAILURE,
    EXIT_TEMPORARY,
    emit_json,
    parse_when,
    run,
    state,
)

if TYPE_CHECKING:
    from plugins.email.imap_sync import SyncReport


def fetch(
    ctx: typer.Context,
    instance: Annotated[
        str | None, typer.Argument(help="One email channel (default: all).")
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
    """Fetch new mail from the configured IMAP accounts (exit 1 if any failed,
    75 if every failure is temporary: a server unreachable or gone mid-sync)."""
    from console.mail_import import start_pool
    from plugins.api import PluginError, TemporarilyUnavailable
    from plugins.email.service import fetch_account
    from storage.connection import open_store

    setup = email_setup(ctx, instance)
    day: date | None = None
    if since is not None:
        day = datetime.fromtimestamp(parse_when(since, "--since"), UTC).date()
    where = state(ctx).db_path
    pool = start_pool()  # forked before the store's thread exists
    results: dict[str, SyncReport | str] = {}
    temporary: list[bool] = []  # per failed account

    async def go() -> None:
        async with open_store(where) as store:
            for settings in setup.instances:
                try:
                    results[settings.instance] = await fetch_account(
                        settings, store, setup.shop, since=day, pool=pool
                    )
                except PluginError as exc:
                    results[settings.instance] = exc.message
                    temporary.append(isinstance(exc, TemporarilyUnavailable))

    try:
        run(go(), where)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _report(results, quiet, json)
    if temporary:
        raise typer.Exit(EXIT_TEMPORARY if all(temporary) else EXIT_FAILURE)


def _warnings(name: str, report: SyncReport) -> list[str]:
    """What the person must hear although the fetch went on: one line each."""
    lines = [f"warning: {name}: {text}" for text in report.warnings]
    by_folder: dict[str, list[int]] = {}
    for folder, uid in report.refused:
        by_folder.setdefault(folder, []).append(uid)
    for folder, uids in by_folder.items():
        words = report.refused[folder, uids[0]]
        some = ", ".join(str(uid) for uid in uids[:5]) + (", ..." if uids[5:] else "")
        lines.append(
            f"warning: {name}: {folder}: the server refused {len(uids)} message(s) "
            f"(UID {some}): {words}; the rest is stored"
        )
    return lines


def _summary(report: SyncReport) -> dict[str, object]:
    refused = [
        {"folder": folder, "uid": uid, "reason": words}
        for (folder, uid), words in report.refused.items()
    ]
    return {
        "new": report.new,
        "present": report.present,
        "folders": report.folders,
        "refused": refused,
        "warnings": report.warnings + report.remarks,
    }


def _report(results: dict[str, SyncReport | str], quiet: bool, as_json: bool) -> None:
    for name, result in results.items():
        if isinstance(result, str):
            print(f"error: {name}: {result}", file=sys.stderr)
        else:
            for line in _warnings(name, result):
                print(line, file=sys.stderr)
    if as_json:
        emit_json(
            {
                name: {"error": r} if isinstance(r, str) else _summary(r)
                for name, r in results.items()
            }
        )
    elif not quiet and sys.stderr.isatty():
        for name, r in results.items():
            if not isinstance(r, str):
                print(f"{name}: {r.new} new", file=sys.stderr)

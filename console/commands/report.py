"""`comptoir report`: response times, attainment, CSAT, volume and backlog."""

from __future__ import annotations

import csv as csvlib
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from console.i18n import _
from console.runtime import EXIT_USAGE, emit_json, fail, parse_when, run, state

GROUPINGS = ("channel", "tag", "priority", "week")


def _flat(prefix: str, value: object) -> list[tuple[str, object]]:
    if isinstance(value, dict):
        rows: list[tuple[str, object]] = []
        for key, inner in value.items():
            rows += _flat(f"{prefix}.{key}" if prefix else str(key), inner)
        return rows
    return [(prefix, value)]


def _text(value: object, name: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and (
        "attainment" in name
        or name.endswith(("kept", "satisfied", "resolution", "reopen_rate"))
    ):
        return f"{value:.1%}"
    if isinstance(value, float) and "seconds" in name:
        return f"{value / 3600:.1f}h"
    return str(value)


def report(
    ctx: typer.Context,
    since: Annotated[
        str, typer.Option(help="Period start (2026-01-31 or 30d).")
    ] = "30d",
    until: Annotated[
        str | None, typer.Option(help="Period end [default: now].")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Group by channel, tag, priority or week.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
    csv: Annotated[
        bool, typer.Option("--csv", help="CSV rows: group, figure, value.")
    ] = False,
) -> None:
    """Service figures over a period: response and resolution times, SLA
    attainment, first-contact resolution, reopen rate, promises, CSAT and CES,
    volume, backlog."""
    from zoneinfo import ZoneInfo

    from console.commands.sla import load_sla
    from storage.connection import open_store
    from storage.sla.figures import report as figures
    from storage.sla.history import History, active_between
    from storage.timewords import format_instant, iso_utc

    if by is not None and by not in GROUPINGS:
        said = _("--by {value}: expected one of {groupings}")
        fail(said.format(value=repr(by), groupings=", ".join(GROUPINGS)), EXIT_USAGE)
    if json and csv:
        fail(_("--json and --csv: choose one"), EXIT_USAGE)
    config, settings = load_sla(state(ctx).config_path)
    zone = ZoneInfo(config.shop.timezone)
    start = parse_when(since, "--since", zone)
    # The period ends after this very second, so what just happened counts.
    now = int(datetime.now(UTC).timestamp()) + 1
    end = parse_when(until, "--until", zone) if until else now
    if end <= start:
        fail(_("--until must come after --since"), EXIT_USAGE)

    async def go() -> list[History]:
        async with open_store(state(ctx).db_path) as store:
            return await active_between(store, start, end)

    histories = run(go(), state(ctx).db_path)
    found = figures(histories, settings, start, end, by, zone)
    if json:
        emit_json(
            {"since": iso_utc(start), "until": iso_utc(end), "by": by, "groups": found}
        )
        return
    rows = [
        (group, name, value)
        for group, f in found.items()
        for name, value in _flat("", f)
    ]
    if csv:
        writer = csvlib.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["group", "figure", "value"])
        writer.writerows(rows)
        return
    period = _("{start} to {end}").format(
        start=format_instant(start, zone), end=format_instant(end, zone)
    )
    lines = [period]
    for group, f in found.items():
        lines += ["", f"[{group}]"] if by else [""]
        lines += [
            f"  {name:<48} {_text(value, name)}"
            for name, value in _flat("", f)
            if "by_hour" not in name
        ]
    typer.echo("\n".join(lines))

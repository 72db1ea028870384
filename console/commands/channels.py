"""`comptoir channels list|check`: the configured channels, and whether each works."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from console.i18n import _
from console.runtime import EXIT_FAILURE, emit_json, run, state, warn

if TYPE_CHECKING:
    from datetime import datetime

    from plugins.api import CheckReport
    from storage.pipeline.instances import Channels
    from storage.sync_state import StoredProblem

app = typer.Typer(
    help="Channel instances: list them, check them.", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def _settings(channels: Channels, name: str) -> tuple[str, dict[str, Any]]:
    """The instance's label and its settings in their declared order, defaults
    filled in, where-secrets-come-from masked; ("", options) when its plugin
    cannot be loaded."""
    from plugins.api import PluginError
    from plugins.options import with_defaults

    found = channels.named(name)
    assert found is not None
    values = {k: v for k, v in found.options.items() if k != "type"}
    try:
        cls = channels.plugin(found.kind)
    except (PluginError, ImportError):
        return "", values
    filled = with_defaults(cls.options, values)
    order = [o.name for o in cls.options if o.name in filled]
    shown = {k: filled[k] for k in [*order, *(k for k in filled if k not in order)]}
    for option in cls.options:
        if option.secret and shown.get(option.name):
            shown[option.name] = "***"
    return cls.label, shown


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _warn_broken_plugins() -> None:
    """A channel plugin that cannot be loaded is one line here, never fatal."""
    from plugins.registry import CHANNELS, load_all

    for broken in load_all(CHANNELS)[1]:
        warn(str(broken))


@app.command("list")
def list_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """The configured channel instances, one per line, with their settings."""
    from console.channel_setup import channel_setup

    setup = channel_setup(ctx, required=False)
    _warn_broken_plugins()
    rows: list[dict[str, Any]] = []
    for name in setup.names:
        found = setup.channels.named(name)
        kind = found.kind if found else ""
        label, shown = _settings(setup.channels, name)
        rows.append({"name": name, "type": kind, "label": label, "settings": shown})
    if json:
        emit_json(rows)
        return
    for row in rows:
        label = row["label"] or "its plugin cannot be loaded (comptoir plugins list)"
        pairs = " ".join(f"{k}={_value(v)}" for k, v in row["settings"].items())
        typer.echo(f"{row['name']}\t{row['type']}\t{label}\t{pairs}".rstrip())
    if not rows:
        print(_("no channels configured"), file=sys.stderr)


async def _check(channels: Channels, name: str) -> CheckReport:
    from plugins.api import CheckReport, CheckStep, PluginError

    try:
        async with channels.open(name, None, True) as channel:
            return await channel.check()
    except PluginError as exc:  # not installed, options wrong, no password
        return CheckReport((CheckStep("setup", False, exc.message),))


async def _problems(ctx: typer.Context, names: list[str]) -> list[StoredProblem]:
    """What channels gave up fetching (the server's words), from the store."""
    from storage.connection import open_store
    from storage.sync_state import fetch_problems

    where = state(ctx).db_path
    if not where.exists():
        return []
    async with open_store(where) as store:
        return await fetch_problems(store, names)


def _moment(stamp: int) -> datetime:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(stamp, UTC)


def _when(stamp: int) -> str:
    return _moment(stamp).strftime("%Y-%m-%d %H:%M")


@app.command()
def check(
    ctx: typer.Context,
    instance: Annotated[str | None, typer.Argument(help="Only this one.")] = None,
    json: JsonOpt = False,
) -> None:
    """Probe each channel step by step (for email: connection, TLS, login,
    folders, SMTP login), and list the messages a server would not give."""
    from console.channel_setup import channel_setup

    setup = channel_setup(ctx, instance)

    async def go() -> tuple[list[CheckReport], list[StoredProblem]]:
        reports = [await _check(setup.channels, n) for n in setup.names]
        return reports, await _problems(ctx, setup.names)

    reports, problems = run(go(), state(ctx).db_path)
    if json:
        emit_json(
            [_json(n, r, problems) for n, r in zip(setup.names, reports, strict=True)]
        )
    else:
        for name, report in zip(setup.names, reports, strict=True):
            verdict = _("ok") if report.ok else _("FAILED")
            typer.echo(f"{name}: {verdict}: {report.summary()}")
        for problem in problems:
            typer.echo(
                _("{channel}: not fetched since {when}: {problem}").format(
                    channel=problem.channel,
                    when=_when(problem.first_at),
                    problem=problem.message,
                )
            )
    if not all(r.ok for r in reports):
        raise typer.Exit(EXIT_FAILURE)


def _json(
    name: str, report: CheckReport, problems: list[StoredProblem]
) -> dict[str, Any]:
    return {
        "name": name,
        "ok": report.ok,
        "verdict": report.summary(),
        "steps": [
            {"name": s.name, "ok": s.ok, "detail": s.detail} for s in report.steps
        ],
        "not_fetched": [
            {"id": p.external_id, "error": p.message, "since": _moment(p.first_at)}
            for p in problems
            if p.channel == name
        ],
    }

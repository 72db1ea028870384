"""`comptoir channels list|check`: the configured channels, and whether each works."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from console.runtime import (
    EXIT_FAILURE,
    EXIT_USAGE,
    emit_json,
    fail,
    run,
    state,
    warn,
)

app = typer.Typer(
    help="Channel instances: list them, check them.", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def _channels(ctx: typer.Context) -> dict[str, dict[str, Any]]:
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        return load_config(state(ctx).config_path).channels
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


def _where(options: dict[str, Any]) -> str:
    if options.get("type") != "email":
        return ""
    folders = ",".join(options.get("folders", ["INBOX"]))
    return f"{options.get('username', '')}@{options.get('imap_host', '')} {folders}"


def _warn_broken_plugins() -> None:
    """A channel plugin that cannot be loaded is one line here, never fatal."""
    from plugins.registry import CHANNELS, load_all

    for broken in load_all(CHANNELS)[1]:
        warn(str(broken))


@app.command("list")
def list_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """The configured channel instances, one per line."""
    channels = _channels(ctx)
    _warn_broken_plugins()
    if json:
        emit_json([{"name": n, **o} for n, o in channels.items()])
        return
    for name, options in channels.items():
        typer.echo(f"{name}\t{options.get('type', '')}\t{_where(options)}".rstrip())
    if not channels:
        print("no channels configured", file=sys.stderr)


@app.command()
def check(
    ctx: typer.Context,
    instance: Annotated[str | None, typer.Argument(help="Only this one.")] = None,
    json: JsonOpt = False,
) -> None:
    """Probe each email account: connection, TLS, login, folders, SMTP login."""
    from console.email_config import email_setup
    from plugins.email.passwords import prompt_tty
    from plugins.email.service import CheckResult, check_account

    setup = email_setup(ctx, instance)

    async def go() -> list[CheckResult]:
        return [await check_account(s, prompt_tty) for s in setup.instances]

    results = run(go())
    if json:
        emit_json(
            [{"name": r.instance, "ok": r.ok, "verdict": r.verdict} for r in results]
        )
    else:
        for r in results:
            typer.echo(f"{r.instance}: {'ok' if r.ok else 'FAILED'}: {r.verdict}")
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FAILURE)

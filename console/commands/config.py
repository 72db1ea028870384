"""comptoir config: where the config file is, what it says, what is wrong with it.

console.config is imported inside each command: `comptoir --help` stays cheap.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date, time
from typing import Annotated, Any

import typer

from console.i18n import _, ngettext
from console.runtime import EXIT_USAGE, emit_json, fail, state, warn

app = typer.Typer(
    help="Show and check the configuration file.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("path")
def path_command(ctx: typer.Context) -> None:
    """Print where the config file is (--config, then COMPTOIR_CONFIG, then default)."""
    from console.config import resolve_config_path

    typer.echo(str(resolve_config_path(state(ctx).config_path).absolute()))


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the effective configuration, defaults filled in."""
    from dataclasses import asdict

    from console.config import (
        ConfigError,
        check_config,
        load_config,
        resolve_config_path,
    )

    path = resolve_config_path(state(ctx).config_path)
    try:
        config = load_config(path)
    except ConfigError as exc:
        fail(f"{exc.title}: {exc.message}", EXIT_USAGE)
    for issue in check_config(path):  # only warnings are left: say them, on stderr
        warn(issue.format(path).replace(": warning: ", ": ", 1))
    replies = config.replies
    writing = {
        "max_attachments_mb": round(replies.max_attachments / 1024 / 1024, 2),
        "spelling": replies.spelling,
        "words": replies.words,
    }
    signatures = {**replies.signatures.shop, "agents": replies.signatures.agents}
    if as_json:
        exists = config.path is not None
        shop, channels = asdict(config.shop), config.channels
        emit_json(
            {"path": path, "exists": exists, "shop": shop, "channels": channels}
            | {"replies": writing, "signatures": signatures}
        )
        return
    source = (
        f"# {path}"
        if config.path
        else "# " + _("no file at {path}; defaults apply").format(path=path)
    )
    tables: dict[str, Mapping[str, Any]] = {"shop": asdict(config.shop)}
    tables |= {f"channels.{_key(n)}": o for n, o in config.channels.items()}
    tables |= {"replies": writing, "signatures": signatures}
    lines = [source]
    for name, values in tables.items():
        lines += ["", f"[{name}]"]
        lines += [f"{_key(k)} = {_toml(v)}" for k, v in values.items()]
    typer.echo("\n".join(lines))


@app.command("check")
def check(ctx: typer.Context) -> None:
    """List every problem of the config file by line; exit 2 if any is an error."""
    from console.config import check_config, resolve_config_path

    path = resolve_config_path(state(ctx).config_path)
    issues = check_config(path)
    for issue in issues:
        print(issue.format(path), file=sys.stderr)
    if any(issue.severity == "error" for issue in issues):
        raise typer.Exit(EXIT_USAGE)
    if not path.exists():
        typer.echo(_("no config file at {path}; using defaults").format(path=path))
        return
    count = len(issues)
    warnings = ngettext("{count} warning", "{count} warnings", count).format(
        count=count
    )
    typer.echo(_("{path}: ok").format(path=path) + (f" ({warnings})" if issues else ""))


def _key(name: str) -> str:
    from console.config import dotted

    return dotted((name,))


def _toml(value: object) -> str:
    """A TOML literal for the values tomllib can return (inline tables included)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
        )
    return json.dumps(str(value), ensure_ascii=False)  # JSON's escapes suit TOML

"""The root `comptoir` command: global options, then one sub-app per noun.

Sub-app modules import only typer and the standard library at module level, so
that `comptoir --help` answers without loading storage or Textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from console.commands import (
    channels,
    config,
    conversations,
    db,
    demo,
    export,
    fetch,
    imports,
    outbox,
    plugins,
    replies,
    report,
    search,
    setup,
    sla,
    surveys,
)
from console.exits import guarded
from console.runtime import CliState

app = typer.Typer(
    name="comptoir",
    help="A keyboard-first customer-support console for small online shops.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(imports.app, name="import")
app.add_typer(conversations.app, name="conversations")
app.add_typer(export.app, name="export")
app.add_typer(db.app, name="db")
app.add_typer(config.app, name="config")
app.add_typer(sla.app, name="sla")
app.add_typer(channels.app, name="channels")
app.add_typer(outbox.app, name="outbox")
app.add_typer(plugins.app, name="plugins")
app.add_typer(replies.app, name="replies")
app.add_typer(surveys.app, name="surveys")
app.command("fetch")(fetch.fetch)
app.command("search")(search.search)
app.command("report")(report.report)
app.command("demo")(demo.demo)
app.command("setup")(setup.setup)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db_path: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Database file [env: COMPTOIR_DB]", show_default=False
        ),
    ] = None,
    config_path: Annotated[
        Path | None,
        typer.Option("--config", help="Config file [default: user config directory]"),
    ] = None,
) -> None:
    from console.config import resolve_config_path
    from console.i18n import configured, set_language
    from storage.connection import resolve_database_path

    set_language(configured(resolve_config_path(config_path)))
    ctx.obj = CliState(resolve_database_path(db_path), config_path)
    if ctx.invoked_subcommand is None:
        from console.open_app import on_a_terminal, open_console

        if not on_a_terminal():  # a script: the console needs a person
            typer.echo(ctx.get_help())
            return
        open_console(ctx.obj.db_path, config_path)


def main() -> None:
    guarded(app)

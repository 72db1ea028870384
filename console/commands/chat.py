"""`comptoir chat serve|snippet`: the website chat's widget server."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from console.runtime import EXIT_USAGE, fail, run, state

if TYPE_CHECKING:
    from console.chat_serve import ChatInstance
    from console.config import Config

app = typer.Typer(help="The website chat: its widget server.", no_args_is_help=True)
InstanceArg = Annotated[
    str | None,
    typer.Argument(help="The chat channel instance (default: the only one)."),
]
HostOpt = Annotated[
    str | None,
    typer.Option(
        help="Address to listen on [default: the instance's host, 127.0.0.1]."
    ),
]
PortOpt = Annotated[
    int | None, typer.Option(help="Port [default: the instance's port, 8765].")
]


def _chosen(ctx: typer.Context, instance: str | None) -> tuple[Config, ChatInstance]:
    from console.chat_serve import chat_instance
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        config = load_config(state(ctx).config_path)
        return config, chat_instance(config, instance)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


def _announce(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@app.command()
def serve(
    ctx: typer.Context,
    instance: InstanceArg = None,
    host: HostOpt = None,
    port: PortOpt = None,
) -> None:
    """Serve the widget's script, the visitors' API and the channel's API."""
    from console.chat_serve import serve as serve_chat

    config, chosen = _chosen(ctx, instance)
    where_host = host or str(chosen.options.get("host", "127.0.0.1"))
    where_port = port if port is not None else int(chosen.options.get("port", 8765))
    inbox = state(ctx).db_path
    run(serve_chat(config, chosen, inbox, where_host, where_port, _announce))


@app.command()
def snippet(ctx: typer.Context, instance: InstanceArg = None) -> None:
    """Print the <script> tag to paste into the shop's theme."""
    _, chosen = _chosen(ctx, instance)
    options = chosen.options
    public = str(options.get("public_url") or options.get("url") or "").rstrip("/")
    tag = f'<script src="{public}/static/widget.js" defer></script>'
    typer.echo(tag)  # markup to paste, the same in every language

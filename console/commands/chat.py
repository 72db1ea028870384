"""`comptoir chat serve|snippet`: the website chat's widget server."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from console.runtime import EXIT_USAGE, fail, run, state

app = typer.Typer(help="The website chat: its widget server.", no_args_is_help=True)
InstanceArg = Annotated[
    str | None,
    typer.Argument(help="The chat channel instance (default: the only one)."),
]


def _config_and_instance(ctx: typer.Context, instance: str | None):  # type: ignore[no-untyped-def]
    from console.chat_serve import chat_instance
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        config = load_config(state(ctx).config_path)
        return config, chat_instance(config, instance)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


@app.command()
def serve(
    ctx: typer.Context,
    instance: InstanceArg = None,
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on [default: the instance's host, else 127.0.0.1]."
        ),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port [default: the instance's port, else 8765].")
    ] = None,
) -> None:
    """Serve the widget's script, the visitors' API and the channel's API."""
    from console.chat_serve import serve as serve_chat

    config, chosen = _config_and_instance(ctx, instance)
    where_host = host or str(chosen.options.get("host", "127.0.0.1"))
    where_port = port if port is not None else int(chosen.options.get("port", 8765))
    public = str(
        chosen.options.get("public_url") or f"http://{where_host}:{where_port}"
    )
    print(
        f"serving the {chosen.name} chat on http://{where_host}:{where_port} "
        f"(script: {public.rstrip('/')}/static/widget.js); ctrl+c stops",
        file=sys.stderr,
    )
    run(serve_chat(config, chosen, state(ctx).db_path, where_host, where_port))


@app.command()
def snippet(ctx: typer.Context, instance: InstanceArg = None) -> None:
    """Print the <script> tag to paste into the shop's theme."""
    _, chosen = _config_and_instance(ctx, instance)
    options = chosen.options
    public = str(options.get("public_url") or options.get("url") or "").rstrip("/")
    typer.echo(f'<script src="{public}/static/widget.js" defer></script>')

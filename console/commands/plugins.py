"""`comptoir plugins list`: the installed channels and order sources, and their versions.

Each plugin is loaded in a child process (plugins.probe), never in comptoir's
own: a broken one is a line with its name and its error, and the list goes on.
"""

from __future__ import annotations

from typing import Annotated

import typer

from console.i18n import _
from console.runtime import emit_json

app = typer.Typer(
    help="Installed plugins: channels and order sources.", no_args_is_help=True
)


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Installed plugins, one per line: kind, name, package, version, what it is."""
    from plugins.probe import inspect_installed

    found = inspect_installed()
    if as_json:
        emit_json(
            [
                {
                    "kind": s.entry.kind,
                    "name": s.entry.name,
                    "distribution": s.entry.distribution,
                    "version": s.entry.version,
                    "target": s.entry.target,
                    "label": s.label,
                    "api_version": s.api_version,
                    "error": s.error or None,
                }
                for s in found
            ]
        )
        return
    for s in found:
        entry = s.entry
        what = _("broken: {error}").format(error=s.error) if s.error else s.label
        typer.echo(
            f"{entry.kind}\t{entry.name}\t{entry.distribution or entry.target}\t"
            f"{entry.version}\t{what}"
        )

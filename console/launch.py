"""The `comptoir` script: a plain search runs at once, the rest goes to typer."""

from __future__ import annotations

import sys


def main() -> None:
    from console.search_fast import try_fast_search

    code = try_fast_search(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from console.cli import main as typer_main

    typer_main()

"""The `comptoir` script: a plain search runs at once, and so does the console
(`comptoir`, `comptoir demo` once built, on a terminal); the rest goes to typer,
whose import and command tree cost tens of milliseconds more."""

from __future__ import annotations

import sys


def _open_at_once(args: list[str]) -> bool:
    """The console without typer, for the two commands that open it plainly."""
    from console.open_app import on_a_terminal

    if args not in ([], ["demo"]) or not on_a_terminal():
        return False
    if args == ["demo"]:
        from console.demo.opening import open_built_demo

        return open_built_demo()
    from console.open_app import open_console
    from storage.paths import resolve_database_path

    open_console(resolve_database_path(None), None)
    return True


def main() -> None:
    from console.search_fast import try_fast_search

    args = sys.argv[1:]
    code = try_fast_search(args)
    if code is not None:
        sys.exit(code)
    from console.exits import guarded

    opened = False

    def open_at_once() -> None:
        nonlocal opened
        opened = _open_at_once(args)

    guarded(open_at_once)
    if opened:
        return
    from console.cli import main as typer_main

    typer_main()

"""`comptoir import orders`: order exports, updated in place on re-import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from console.runtime import EXIT_FAILURE, EXIT_USAGE, emit_json, fail, run, state

if TYPE_CHECKING:
    from plugins.api import OrderRecord, OrderSource, RowProblem


def _formats() -> list[str]:
    """`auto`, then every installed order source (entry points, not imported)."""
    from plugins.registry import ORDER_SOURCES, list_plugins

    return ["auto", *(entry.name for entry in list_plugins(ORDER_SOURCES))]


def _source(fmt: str, path: Path) -> OrderSource:
    from plugins.orders.detect import detect_source
    from plugins.registry import load_order_source

    return detect_source(path) if fmt == "auto" else load_order_source(fmt)()


def _read(
    fmt: str, paths: list[Path]
) -> tuple[list[OrderRecord], list[RowProblem], list[str]]:
    """Every readable file's orders; a file that cannot be read is noted, not fatal."""
    from plugins.api import OrderRecord, PluginError

    orders: list[OrderRecord] = []
    problems: list[RowProblem] = []
    unreadable: list[str] = []
    for path in paths:
        try:
            for found in _source(fmt, path).read(path):
                if isinstance(found, OrderRecord):
                    orders.append(found)
                else:
                    problems.append(found)
        except PluginError as exc:
            unreadable.append(f"{exc.title or path}: {exc.message}")
    return orders, problems, unreadable


def orders(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="Order export CSV files.", show_default=False)
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="An installed order source (shopify, woocommerce, a plugin's), "
            "or auto (by the header).",
        ),
    ] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
    json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON.")
    ] = False,
) -> None:
    """Import order exports (Shopify, WooCommerce, or any installed order
    source); orders link to customers by e-mail."""
    from storage.connection import open_store
    from storage.orders import UpsertSummary, upsert_orders

    if fmt not in (formats := _formats()):
        fail(f"--format {fmt!r}: expected one of {', '.join(formats)}", EXIT_USAGE)
    found, problems, unreadable = _read(fmt, files)
    where = state(ctx).db_path

    async def go() -> UpsertSummary:
        async with open_store(where) as store:
            return await upsert_orders(store, found)

    summary = run(go(), where)
    for line in unreadable:
        print(f"error: {line}", file=sys.stderr)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if json:
        emit_json(
            {
                "files": [str(p) for p in files],
                "new": summary.new,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "problems": [
                    {"file": p.file, "line": p.line, "message": p.message}
                    for p in problems
                ],
                "unreadable": unreadable,
            }
        )
    elif not quiet:
        print(
            f"orders: {summary.new} new, {summary.updated} updated, "
            f"{summary.unchanged} unchanged; {len(problems)} rows skipped or partly read",
            file=sys.stderr,
        )
    if unreadable:
        raise typer.Exit(EXIT_FAILURE)

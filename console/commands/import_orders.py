"""`comptoir import orders`: order exports, updated in place on re-import."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from console.i18n import _
from console.runtime import EXIT_FAILURE, EXIT_USAGE, emit_json, fail, run, state
from console.text import escaped_line

if TYPE_CHECKING:
    from plugins.api import OrderSource, RowProblem
    from storage.connection import Store
    from storage.orders import UpsertSummary


def _formats() -> list[str]:
    """`auto`, then every installed order source (entry points, not imported)."""
    from plugins.registry import ORDER_SOURCES, list_plugins

    return ["auto", *(entry.name for entry in list_plugins(ORDER_SOURCES))]


def _source(fmt: str, path: Path) -> OrderSource:
    from plugins.orders.detect import detect_source
    from plugins.registry import load_order_source

    return detect_source(path) if fmt == "auto" else load_order_source(fmt)()


BATCH = 500  # orders a transaction: memory stays flat, other writers get turns


@dataclass(slots=True)
class _Outcome:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def add(self, summary: UpsertSummary) -> None:
        self.new += summary.new
        self.updated += summary.updated
        self.unchanged += summary.unchanged


async def _import(store: Store, fmt: str, paths: list[Path]) -> _Outcome:
    """Every readable file's orders, stored a batch at a time as they are read;
    a file that cannot be read is noted, not fatal; each row problem is said
    as it comes (a million-row file is never held whole)."""
    from plugins.api import OrderRecord, PluginError
    from storage.orders import upsert_orders

    outcome = _Outcome()
    for path in paths:
        batch: list[OrderRecord] = []
        try:
            for found in _source(fmt, path).read(path):
                if isinstance(found, OrderRecord):
                    batch.append(found)
                else:
                    outcome.problems.append(found)
                    print(_("warning: ") + escaped_line(str(found)), file=sys.stderr)
                if len(batch) >= BATCH:
                    outcome.add(await upsert_orders(store, batch))
                    batch = []
        except PluginError as exc:
            outcome.unreadable.append(f"{exc.title or path}: {exc.message}")
        if batch:
            outcome.add(await upsert_orders(store, batch))
    return outcome


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

    if fmt not in (formats := _formats()):
        said = _("--format {value}: expected one of {formats}")
        fail(said.format(value=repr(fmt), formats=", ".join(formats)), EXIT_USAGE)
    where = state(ctx).db_path

    async def go() -> _Outcome:
        async with open_store(where) as store:
            return await _import(store, fmt, files)

    summary = run(go(), where)
    problems, unreadable = summary.problems, summary.unreadable
    for line in unreadable:
        print(_("error: ") + escaped_line(line), file=sys.stderr)
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
            _(
                "orders: {new} new, {updated} updated, {unchanged} unchanged; "
                "{skipped} rows skipped or partly read"
            ).format(
                new=summary.new,
                updated=summary.updated,
                unchanged=summary.unchanged,
                skipped=len(problems),
            ),
            file=sys.stderr,
        )
    if unreadable:
        raise typer.Exit(EXIT_FAILURE)

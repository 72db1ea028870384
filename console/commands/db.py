"""`comptoir db path|migrate|check`: where the store is and whether it is sound."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from console.i18n import _
from console.runtime import EXIT_FAILURE, emit_json, fail, run, shop_addresses, state

if TYPE_CHECKING:
    from storage.maintenance import StoreReport

app = typer.Typer(
    help="The database: its path, migrations and health.", no_args_is_help=True
)


@app.command()
def path(ctx: typer.Context) -> None:
    """Print the database file's path."""
    typer.echo(str(state(ctx).db_path))


@app.command()
def migrate(ctx: typer.Context) -> None:
    """Apply pending schema migrations (every command also does this on open),
    then detect the language of customer messages stored before detection."""
    from storage.connection import open_store
    from storage.language_store import detect_stored
    from storage.migrations import migrate as apply

    shop_addresses(ctx)  # the shop's languages, for the detector

    async def go() -> tuple[list[str], int]:
        async with open_store(state(ctx).db_path, apply_migrations=False) as store:
            return await apply(store.conn), await detect_stored(store)

    applied, detected = run(go(), state(ctx).db_path)
    for name in applied:
        typer.echo(_("applied {migration}").format(migration=name))
    if detected:
        said = _("read the language of {count} stored messages")
        typer.echo(said.format(count=detected), err=True)
    if not applied and not detected:
        typer.echo(_("the database is up to date"), err=True)


@app.command()
def check(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option(help="Rebuild the search index.")] = False,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check integrity, foreign keys, the search index and migrations."""
    from storage.connection import open_store
    from storage.maintenance import check_store, rebuild_search_index

    where = state(ctx).db_path
    if not where.exists():
        fail(_("no database at {path}").format(path=where))

    async def go() -> StoreReport:
        async with open_store(where, apply_migrations=False) as store:
            if repair:
                await rebuild_search_index(store)
            return await check_store(store)

    report = run(go(), where)
    if json:
        emit_json(asdict(report))
    else:
        for name, count in report.counts.items():
            typer.echo(f"{name}: {count}")
        for name in report.pending:
            said = _("pending migration: {migration} (run `comptoir db migrate`)")
            typer.echo(said.format(migration=name), err=True)
        for problem in report.problems:
            typer.echo(_("problem: {problem}").format(problem=problem), err=True)
        if not report.problems:
            typer.echo(_("{path}: ok").format(path=where), err=True)
    if report.problems:
        raise typer.Exit(EXIT_FAILURE)

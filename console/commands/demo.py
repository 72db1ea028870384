"""`comptoir demo`: a ready demo inbox of a small tea shop."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from console.demo.opening import config_usable, demo_paths
from console.i18n import _
from console.runtime import emit_json, run
from console.words import status_name

if TYPE_CHECKING:
    from console.demo.build import DemoSummary


async def _build(target: Path) -> DemoSummary:
    """Build beside the target, then rename: a killed build leaves no half demo."""
    from datetime import UTC, datetime

    from console.demo.build import build_demo
    from storage.connection import open_store

    partial = target.with_name(target.name + ".building")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    async with open_store(partial) as store:
        summary = await build_demo(store, datetime.now(UTC))
        await store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(partial, target)
    return summary


async def _describe(target: Path) -> tuple[DemoSummary, int | None]:
    """What the demo holds, and the conversation waiting longest for an answer."""
    from console.demo.build import describe_demo
    from storage.connection import open_store
    from storage.queue import queue_ids

    async with open_store(target) as store:
        waiting = await queue_ids(store, "status:open is:unanswered", limit=1)
        return await describe_demo(store), next(iter(waiting), None)


def _hints(db: Path, config: Path, waiting: int | None) -> str:
    """Commands that work as printed, in a POSIX shell: the two exports point
    every plain `comptoir ...` at the demo, as the console sees it."""
    from shlex import quote

    example = waiting or 1
    return "\n".join(
        [
            _("Explore it from this shell; the two exports point comptoir at the demo"),
            _("(`unset COMPTOIR_DB COMPTOIR_CONFIG` goes back to your own inbox):"),
            f"  export COMPTOIR_DB={quote(str(db))}",
            f"  export COMPTOIR_CONFIG={quote(str(config))}",
            "  comptoir conversations list --status open",
            f"  comptoir sla explain {example}",
            f"  comptoir conversations show {example}",
            "  comptoir search colis",
            "  comptoir report --since 30d",
            _("Open it again with `comptoir demo` on a terminal."),
        ]
    )


def demo(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build it anew.")] = False,
    json: Annotated[bool, typer.Option("--json", help="The summary as JSON.")] = False,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Build and describe it; do not open it.")
    ] = False,
) -> None:
    """Build (once) and open the demo inbox of a small tea shop."""
    from console.config_file import write_default_config
    from console.demo import data
    from console.open_app import on_a_terminal, open_console

    db, config = demo_paths()
    # The demo's own file: written anew when missing or no longer valid (an
    # older version's), never the shop's config.
    if rebuild or not config_usable(config):
        write_default_config(
            config,
            data.SHOP_NAME,
            [data.SHOP_ADDRESS],
            "Europe/Paris",
            data.AGENT,
            data.SLA,
        )
    if rebuild or not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        run(_build(db), db)
    if not json and not no_open and on_a_terminal():
        open_console(db, config)
        return
    summary, waiting = run(_describe(db), db)
    if json:
        env = {"COMPTOIR_DB": str(db), "COMPTOIR_CONFIG": str(config)}
        emit_json(
            {"database": str(db), "config": str(config), "env": env, **asdict(summary)}
        )
        return
    statuses = ", ".join(
        f"{n} {status_name(status)}" for status, n in summary.conversations.items()
    )
    said = _(
        "Demo inbox of {shop}: {db}\nconfig: {config}\n{customers} customers, "
        "{orders} orders, {messages} messages in {conversations} conversations "
        "({statuses}), {replies} canned replies; {waiting} open conversations have "
        "waited over 4 hours."
    ).format(
        shop=data.SHOP_NAME,
        db=db,
        config=config,
        customers=summary.customers,
        orders=summary.orders,
        messages=summary.messages,
        conversations=sum(summary.conversations.values()),
        statuses=statuses,
        replies=summary.canned_replies,
        waiting=summary.open_waiting_over_4h,
    )
    typer.echo(said + "\n\n" + _hints(db, config, waiting))

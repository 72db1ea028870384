"""`comptoir conversations close|reopen|pending|snooze|tag|untag|priority|assign|note
ID...`: what the console's keys do, for scripts. Each conversation gets one
event per change, through the same storage calls as the console; one that
cannot be changed is named on stderr and the others still are (exit 1)."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from console.i18n import _
from console.runtime import EXIT_FAILURE, EXIT_USAGE, emit_json, fail, run, state

if TYPE_CHECKING:
    from console.config import Config
    from storage.connection import Store

Ids = Annotated[list[int], typer.Argument(help="Conversation numbers.", min=1)]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="One JSON line per conversation.")
]
# What to do to one conversation: True if it changed, False if it already was so.
Change = Callable[["Store", int], Awaitable[bool]]


def _config(ctx: typer.Context) -> Config:
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        return load_config(state(ctx).config_path)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


def _apply(
    ctx: typer.Context,
    ids: list[int],
    action: str,
    value: object,
    change: Change,
    as_json: bool,
) -> None:
    """Run `change` on each conversation in turn, each in its own transaction."""
    from storage.connection import open_store
    from storage.errors import StoreError

    where = state(ctx).db_path

    async def go() -> list[tuple[int, bool | None, str]]:
        done: list[tuple[int, bool | None, str]] = []
        async with open_store(where) as store:
            for cid in ids:
                try:
                    done.append((cid, await change(store, cid), ""))
                except StoreError as exc:
                    done.append((cid, None, exc.message))
        return done

    failed = False
    for cid, changed, problem in run(go(), where):
        if changed is None:
            failed = True
            said = _("conversation {number}: {problem}")
            print(
                _("error: ") + said.format(number=cid, problem=problem), file=sys.stderr
            )
        elif as_json:
            emit_json(
                {
                    "conversation": cid,
                    "action": action,
                    "value": value,
                    "changed": changed,
                }
            )
        else:
            shown = f" {value}" if value not in (None, "") else ""
            already = "" if changed else " " + _("(already)")
            typer.echo(f"{cid}: {action}{shown}{already}")
    if failed:
        raise typer.Exit(EXIT_FAILURE)


def _status(
    ctx: typer.Context, ids: list[int], status: str, until: int | None, as_json: bool
) -> None:
    from storage.actions import Actor, set_status

    actor = Actor("agent", _config(ctx).shop.agent)

    async def change(store: Store, cid: int) -> bool:
        made = await set_status(store, cid, status, actor, snoozed_until=until)
        return made is not None

    _apply(ctx, ids, status, until and _iso(until), change, as_json)


def _iso(stamp: int) -> str | None:
    from storage.timewords import iso_utc

    return iso_utc(stamp)


def close(ctx: typer.Context, ids: Ids, json: JsonOpt = False) -> None:
    """Close conversations (the console's `c`)."""
    _status(ctx, ids, "closed", None, json)


def reopen(ctx: typer.Context, ids: Ids, json: JsonOpt = False) -> None:
    """Reopen conversations (`O`)."""
    _status(ctx, ids, "open", None, json)


def pending(ctx: typer.Context, ids: Ids, json: JsonOpt = False) -> None:
    """Set conversations pending: waiting on the customer, timers paused (`p`)."""
    _status(ctx, ids, "pending", None, json)


def snooze(
    ctx: typer.Context,
    ids: Ids,
    until: Annotated[
        str,
        typer.Option(
            "--until",
            help="2h, 30min, tomorrow 9:00, monday, 2026-05-04 14:00 (shop time).",
        ),
    ],
    json: JsonOpt = False,
) -> None:
    """Snooze conversations until a time (`s`); they open again by themselves."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from storage.timewords import TimeWordError, future_instant

    zone = ZoneInfo(_config(ctx).shop.timezone)
    try:
        moment = future_instant(until, datetime.now(zone))
    except TimeWordError as problem:
        fail(f"--until: {problem}", EXIT_USAGE)
    _status(ctx, ids, "snoozed", int(moment.timestamp()), json)


TagOpt = Annotated[list[str], typer.Option("--tag", "-t", help="A tag (repeatable).")]


def _tags(
    ctx: typer.Context, ids: list[int], tags: list[str], remove: bool, as_json: bool
) -> None:
    from storage.actions import Actor, tag

    actor = Actor("agent", _config(ctx).shop.agent)
    names = [t.strip().lstrip("#") for t in tags if t.strip().lstrip("#")]
    if not names:
        fail(_("give a tag with --tag"), EXIT_USAGE)

    async def change(store: Store, cid: int) -> bool:
        changed = [await tag(store, cid, name, actor, remove=remove) for name in names]
        return any(changed)

    _apply(ctx, ids, "untag" if remove else "tag", " ".join(names), change, as_json)


def tag(ctx: typer.Context, ids: Ids, tags: TagOpt, json: JsonOpt = False) -> None:
    """Add tags to conversations (`t vip`), one event per tag added."""
    _tags(ctx, ids, tags, False, json)


def untag(ctx: typer.Context, ids: Ids, tags: TagOpt, json: JsonOpt = False) -> None:
    """Remove tags from conversations (`t -vip`)."""
    _tags(ctx, ids, tags, True, json)


def priority(
    ctx: typer.Context,
    ids: Ids,
    to: Annotated[str, typer.Option("--to", help="low, normal, high or urgent.")],
    json: JsonOpt = False,
) -> None:
    """Set conversations' priority (`P`); the policy that applies may change."""
    from storage.actions import Actor, set_priority
    from storage.vocabulary import Priority, VocabularyError, word

    try:
        chosen = word(Priority, to, "priority")
    except VocabularyError as problem:
        fail(f"--to: {problem}", EXIT_USAGE)
    actor = Actor("agent", _config(ctx).shop.agent)

    async def change(store: Store, cid: int) -> bool:
        return await set_priority(store, cid, chosen, actor)

    _apply(ctx, ids, "priority", str(chosen), change, json)


def assign(
    ctx: typer.Context,
    ids: Ids,
    to: Annotated[str | None, typer.Option("--to", help="Who takes them.")] = None,
    nobody: Annotated[bool, typer.Option("--nobody", help="Unassign them.")] = False,
    json: JsonOpt = False,
) -> None:
    """Assign conversations to a person (`a`), or to nobody."""
    from storage.actions import Actor
    from storage.actions import assign as assign_to

    if (to is None or not to.strip()) == (not nobody):
        fail(_("give --to NAME or --nobody"), EXIT_USAGE)
    person = None if nobody else (to or "").strip()
    actor = Actor("agent", _config(ctx).shop.agent)

    async def change(store: Store, cid: int) -> bool:
        return await assign_to(store, cid, person, actor)

    _apply(ctx, ids, "assign", person or "nobody", change, json)


def note(
    ctx: typer.Context,
    ids: Ids,
    text: Annotated[
        str, typer.Option("--text", help="The note; - reads it from stdin.")
    ] = "-",
    json: JsonOpt = False,
) -> None:
    """Add an internal note to conversations (`n`): never sent to the customer."""
    from storage.outbox import Author, add_note

    body = sys.stdin.read() if text == "-" else text
    if not body.strip():
        fail(_("the note is empty: give --text or write it on stdin"), EXIT_USAGE)
    config = _config(ctx)
    shop = config.shop.addresses[0] if config.shop.addresses else ""
    author = Author(config.shop.agent, shop)

    async def change(store: Store, cid: int) -> bool:
        await add_note(store, cid, body.strip("\n"), author)
        return True

    _apply(ctx, ids, "note", None, change, json)


def register(app: typer.Typer) -> None:
    commands: list[Callable[..., Any]] = [
        close, reopen, pending, snooze, tag, untag, priority, assign, note,
    ]  # fmt: skip
    for command in commands:
        app.command(command.__name__)(command)

"""`comptoir replies list|show|add|edit|import|export`: the shop's canned replies."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from console.runtime import EXIT_FAILURE, EXIT_USAGE, emit_json, fail, run, state
from console.text import one_line, printable

if TYPE_CHECKING:
    from console.reply_files import ReplyFile
    from storage.connection import Store
    from storage.replies import CannedReply

T = TypeVar("T")
app = typer.Typer(
    help="Canned replies: list, show, add, edit, import, export.", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]
Name = Annotated[str, typer.Argument(help="The reply's name, like `tracking`.")]


def _plain(reply: CannedReply) -> dict[str, object]:
    return {
        "name": reply.name,
        "title": reply.title,
        "tags": list(reply.tags),
        "body": reply.body,
    }


async def _with_store(ctx: typer.Context, work: Callable[[Store], Awaitable[T]]) -> T:
    from storage.connection import open_store

    async with open_store(state(ctx).db_path) as store:
        return await work(store)


def _run(ctx: typer.Context, work: Callable[[Store], Awaitable[T]]) -> T:
    return run(_with_store(ctx, work), state(ctx).db_path)


@app.command("list")
def list_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Every canned reply, by name."""
    from storage.replies import list_replies

    replies = _run(ctx, list_replies)
    if json:
        emit_json([_plain(r) for r in replies])
        return
    for reply in replies:
        tags = f"  [{', '.join(reply.tags)}]" if reply.tags else ""
        typer.echo(f"{one_line(reply.name, 24):<24}  {one_line(reply.title, 40)}{tags}")


@app.command()
def show(
    ctx: typer.Context,
    name: Name,
    conversation: Annotated[
        int | None, typer.Option(help="Render it for this conversation.")
    ] = None,
    order: Annotated[
        str | None, typer.Option(help="With this order of the customer.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """A reply's template, or its text rendered for a conversation."""
    from storage.errors import NotFound
    from storage.replies import get_reply
    from storage.reply_context import reply_context
    from storage.reply_templates import TemplateProblem, render_reply

    async def work(store: Store) -> tuple[CannedReply, str | None]:
        reply = await get_reply(store, name)
        if conversation is None:
            return reply, None
        context = await reply_context(
            store, conversation, order_number=order, shop=_shop(ctx), agent=_agent(ctx)
        )
        return reply, render_reply(reply.body, context)

    try:
        reply, rendered = _run(ctx, work)
    except TemplateProblem as problem:
        fail(f"canned reply {name!r}: {problem}", EXIT_FAILURE)
    except NotFound as missing:
        fail(str(missing), EXIT_FAILURE)
    if json:
        emit_json({**_plain(reply), "rendered": rendered})
        return
    typer.echo(printable(rendered if rendered is not None else reply.body), nl=False)


def _shop(ctx: typer.Context) -> dict[str, str]:
    from console.config import load_config

    shop = load_config(state(ctx).config_path).shop
    return {"name": shop.name, "email": shop.addresses[0] if shop.addresses else ""}


def _agent(ctx: typer.Context) -> dict[str, str]:
    from console.config import load_config

    return {"name": load_config(state(ctx).config_path).shop.agent}


def _save(ctx: typer.Context, replies: list[ReplyFile]) -> None:
    from storage.replies import save_reply
    from storage.reply_templates import TemplateProblem, prompts

    for reply in replies:
        try:
            prompts(reply.body)  # a template that cannot be read is refused now
        except TemplateProblem as problem:
            fail(f"canned reply {reply.name!r}: {problem}", EXIT_USAGE)

    async def work(store: Store) -> None:
        for reply in replies:
            await save_reply(store, reply.name, reply.body, reply.title, reply.tags)

    _run(ctx, work)


@app.command()
def add(
    ctx: typer.Context,
    name: Name,
    title: Annotated[str, typer.Option(help="A short title shown in the picker.")] = "",
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="A tag (repeatable).")
    ] = None,
    body: Annotated[
        str | None, typer.Option(help="The template; `-` or absent reads stdin.")
    ] = None,
) -> None:
    """Add (or replace) a canned reply."""
    from console.reply_files import ReplyFile, valid_name

    if not valid_name(name):
        fail(f"{name!r} is not a reply name: use letters, digits, - . _", EXIT_USAGE)
    text = sys.stdin.read() if body in (None, "-") else str(body)
    _save(ctx, [ReplyFile(name, title, tuple(tag or ()), text)])


@app.command()
def edit(ctx: typer.Context, name: Name) -> None:
    """Edit a reply (or start a new one) in $VISUAL or $EDITOR, front matter included."""
    from console.editor import EditorFailed, edit_text
    from console.reply_files import ReplyFile, ReplyFileError, format_reply, parse_reply
    from storage.errors import NotFound
    from storage.replies import get_reply

    async def current(store: Store) -> ReplyFile:
        try:
            found = await get_reply(store, name)
        except NotFound:
            return ReplyFile(name, "", (), "")
        return ReplyFile(found.name, found.title, found.tags, found.body)

    before = format_reply(_run(ctx, current))
    try:
        after = edit_text(before, f"{name}.md")
    except EditorFailed as error:
        fail(f"{error}; the reply {name!r} is unchanged", EXIT_FAILURE)
    if after == before:
        typer.echo(f"{name}: unchanged", err=True)
        return
    try:
        _save(ctx, [parse_reply(name, after)])
    except ReplyFileError as error:
        fail(f"{name}.md:{error.line}: {error}; nothing was saved", EXIT_USAGE)


@app.command("import")
def import_(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A folder of NAME.md files.")],
) -> None:
    """Add or replace the replies of a folder of Markdown files (again changes nothing)."""
    from console.reply_files import read_folder

    if not folder.is_dir():
        fail(f"{folder}: not a folder of NAME.md files", EXIT_USAGE)
    replies, problems = read_folder(folder)
    for problem in problems:
        typer.echo(problem, err=True)
    _save(ctx, replies)
    typer.echo(f"{len(replies)} replies imported from {folder}", err=True)
    if problems:
        raise typer.Exit(EXIT_FAILURE)


@app.command("export")
def export(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Where to write NAME.md files.")],
) -> None:
    """Write every reply as NAME.md into the folder (the format `import` reads)."""
    from console.reply_files import ReplyFile, format_reply
    from storage.replies import list_replies

    replies = _run(ctx, list_replies)
    folder.mkdir(parents=True, exist_ok=True)
    for reply in replies:
        file = ReplyFile(reply.name, reply.title, reply.tags, reply.body)
        (folder / f"{reply.name}.md").write_text(format_reply(file), encoding="utf-8")
    typer.echo(f"{len(replies)} replies written to {folder}", err=True)

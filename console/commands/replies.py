"""`comptoir replies list|show|add|edit|import|export`: the shop's canned replies."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from console.i18n import _
from console.runtime import (
    EXIT_FAILURE,
    EXIT_USAGE,
    config_of,
    emit_json,
    fail,
    run,
    state,
    warn,
)
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
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="The variant in this language, like `en`."),
]


def _plain(reply: CannedReply) -> dict[str, object]:
    return {
        "name": reply.name,
        "language": reply.language,
        "title": reply.title,
        "tags": list(reply.tags),
        "attach": reply.attach,
        "body": reply.body,
    }


def _default_language(ctx: typer.Context) -> str:
    """The shop's first language: a variant written without one is in it."""
    return config_of(ctx).shop.languages[0]


def _lang(code: str | None) -> str:
    """A `--lang` value checked: a language code, lower-cased ('' for none)."""
    from storage.language_codes import KNOWN

    wanted = (code or "").strip().lower()
    if wanted and wanted not in KNOWN:
        said = _("--lang {code}: not a language code; write it like en or fr")
        fail(said.format(code=code), EXIT_USAGE)
    return wanted


async def _with_store(ctx: typer.Context, work: Callable[[Store], Awaitable[T]]) -> T:
    from storage.connection import open_store

    async with open_store(state(ctx).db_path) as store:
        return await work(store)


def _run(ctx: typer.Context, work: Callable[[Store], Awaitable[T]]) -> T:
    return run(_with_store(ctx, work), state(ctx).db_path)


@app.command("list")
def list_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Every canned reply, by name, with the languages it is written in."""
    from storage.replies import list_replies

    replies = _run(ctx, list_replies)
    if json:
        emit_json([_plain(r) for r in replies])
        return
    default = _default_language(ctx)
    by_name: dict[str, list[CannedReply]] = {}
    for reply in replies:
        by_name.setdefault(reply.name, []).append(reply)
    for name, variants in by_name.items():
        first = variants[0]
        tags = f"  [{', '.join(first.tags)}]" if first.tags else ""
        languages = " ".join(dict.fromkeys(v.language_or(default) for v in variants))
        typer.echo(
            f"{one_line(name, 24):<24}  {languages:<14}  "
            f"{one_line(first.title, 40)}{tags}"
        )


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
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """A reply's template, or its text rendered for a conversation (in the
    conversation's language, unless --lang says another)."""
    from console.l10n import language_in_sentence, language_name
    from storage.errors import NotFound
    from storage.language_store import conversation_language
    from storage.replies import closest_variant, get_reply, reply_variants
    from storage.reply_context import reply_context
    from storage.reply_templates import TemplateProblem, render_reply

    wanted, default = _lang(lang), _default_language(ctx)

    async def work(store: Store) -> tuple[CannedReply, str | None]:
        if wanted:
            reply = await get_reply(store, name, wanted, default)
        else:
            said = None
            if conversation is not None:
                said = (await conversation_language(store, conversation)).language
            variants = await reply_variants(store, name)
            if not variants:
                said = _("there is no canned reply named {name}")
                raise NotFound(said.format(name=repr(name)), _("canned reply"))
            reply, exact = closest_variant(variants, said or default, default)
            if not exact:
                have = language_name(reply.language_or(default))
                missing = language_in_sentence(said or default)
                warn(
                    _("{name} has no {language} variant: {have} shown").format(
                        name=name, language=missing, have=have
                    )
                )
        if conversation is None:
            return reply, None
        context = await reply_context(
            store, conversation, order_number=order, shop=_shop(ctx), agent=_agent(ctx)
        )
        return reply, render_reply(reply.body, context)

    try:
        reply, rendered = _run(ctx, work)
    except TemplateProblem as problem:
        said = _("canned reply {name}: {problem}")
        fail(said.format(name=repr(name), problem=problem), EXIT_FAILURE)
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
            said = _("canned reply {name}: {problem}")
            fail(said.format(name=reply.file_name, problem=problem), EXIT_USAGE)

    async def work(store: Store) -> None:
        for r in replies:
            await save_reply(
                store,
                r.name,
                r.body,
                r.title,
                r.tags,
                language=r.language,
                attach=r.attach,
            )

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
    lang: LangOpt = None,
    attach: Annotated[
        str, typer.Option(help="The attachment it expects, like `invoice`.")
    ] = "",
) -> None:
    """Add (or replace) a canned reply, or its variant in a language."""
    from console.reply_files import ReplyFile, valid_name

    if not valid_name(name):
        said = _("{name} is not a reply name: use letters, digits, - . _")
        fail(said.format(name=repr(name)), EXIT_USAGE)
    language = _lang(lang)
    text = sys.stdin.read() if body in (None, "-") else str(body)
    _save(ctx, [ReplyFile(name, title, tuple(tag or ()), text, language, attach)])


@app.command()
def edit(ctx: typer.Context, name: Name, lang: LangOpt = None) -> None:
    """Edit a reply (or start a new one) in $VISUAL or $EDITOR, front matter included."""
    from console.editor import EditorFailed, edit_text
    from console.reply_files import ReplyFile, ReplyFileError, format_reply, parse_reply
    from storage.errors import NotFound
    from storage.replies import get_reply

    language = _lang(lang)

    async def current(store: Store) -> ReplyFile:
        try:
            found = await get_reply(store, name, language, language)
        except NotFound:
            return ReplyFile(name, "", (), "", language)
        return ReplyFile(
            found.name,
            found.title,
            found.tags,
            found.body,
            found.language,
            found.attach,
        )

    file = _run(ctx, current)
    before = format_reply(file)
    try:
        after = edit_text(before, file.file_name)
    except EditorFailed as error:
        said = _("{error}; the reply {name} is unchanged")
        fail(said.format(error=error, name=repr(name)), EXIT_FAILURE)
    if after == before:
        typer.echo(_("{path}: unchanged").format(path=file.file_name), err=True)
        return
    try:
        _save(ctx, [parse_reply(name, after, file.language)])
    except ReplyFileError as error:
        said = _("{name}: {error}; nothing was saved")
        fail(
            said.format(name=f"{file.file_name}:{error.line}", error=error), EXIT_USAGE
        )


@app.command("import")
def import_(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(help="A folder of NAME.md and NAME.LANG.md files.")
    ],
) -> None:
    """Add or replace the replies of a folder of Markdown files (again changes nothing)."""
    from console.reply_files import read_folder

    if not folder.is_dir():
        fail(
            _("{folder}: not a folder of NAME.md files").format(folder=folder),
            EXIT_USAGE,
        )
    replies, problems = read_folder(folder)
    for problem in problems:
        typer.echo(problem, err=True)
    _save(ctx, replies)
    said = _("{count} reply files imported from {folder}")
    typer.echo(said.format(count=len(replies), folder=folder), err=True)
    if problems:
        raise typer.Exit(EXIT_FAILURE)


@app.command("export")
def export(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Where to write the files.")],
) -> None:
    """Write every reply as NAME.md, each variant as NAME.LANG.md (what `import` reads)."""
    from console.reply_files import ReplyFile, format_reply
    from storage.replies import list_replies

    replies = _run(ctx, list_replies)
    folder.mkdir(parents=True, exist_ok=True)
    for r in replies:
        file = ReplyFile(r.name, r.title, r.tags, r.body, r.language, r.attach)
        (folder / file.file_name).write_text(format_reply(file), encoding="utf-8")
    said = _("{count} reply files written to {folder}")
    typer.echo(said.format(count=len(replies), folder=folder), err=True)

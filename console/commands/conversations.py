"""`comptoir conversations list|show`: what the inbox holds, for people and scripts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from console.commands import conversation_actions
from console.i18n import N_, _
from console.runtime import (
    EXIT_USAGE,
    config_of,
    emit_json,
    fail,
    parse_when,
    run,
    state,
    zone_of,
)
from console.text import one_line, printable, signed_by
from console.words import priority_name, status_name

if TYPE_CHECKING:
    from storage.models import ConversationDetail, ConversationSummary, MessageView

app = typer.Typer(help="List, show and change conversations.", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]


def _row(c: ConversationSummary, zone: tzinfo) -> str:
    from storage.timewords import format_instant

    who = one_line(c.customer_name or c.customer_address or _("(no address)"), 24)
    tags = f"  [{one_line(', '.join(c.tags))}]" if c.tags else ""
    return (
        f"{c.id:>7}  {status_name(c.status):<8} {format_instant(c.last_message_at, zone)}  "
        f"{who:<24}  {one_line(c.subject or _('(no subject)'), 60)}{tags}"
        f"  ({c.message_count})"
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", "-s", help="open, pending, snoozed, closed (repeatable)."
        ),
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only with this tag.")] = None,
    channel: Annotated[
        str | None, typer.Option(help="Only from this channel instance.")
    ] = None,
    customer: Annotated[
        str | None, typer.Option(help="Part of the customer's name or address.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Active since (2026-01-31 or 30d).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Active before.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    json: JsonOpt = False,
) -> None:
    """Conversations, the latest activity first."""
    from storage.connection import open_store
    from storage.conversations import ConversationFilter, list_conversations
    from storage.vocabulary import STATUSES

    zone = zone_of(ctx)
    for value in status or []:
        if value not in STATUSES:
            said = _("--status {value}: expected one of {statuses}")
            fail(
                said.format(value=repr(value), statuses=", ".join(STATUSES)), EXIT_USAGE
            )
    filters = ConversationFilter(
        statuses=tuple(status or ()),
        tag=tag,
        channel=channel,
        customer=customer,
        since=parse_when(since, "--since", zone) if since else None,
        until=parse_when(until, "--until", zone) if until else None,
        limit=limit,
        offset=offset,
    )

    async def go() -> list[ConversationSummary]:
        async with open_store(state(ctx).db_path) as store:
            return await list_conversations(store, filters)

    found = run(go(), state(ctx).db_path)
    if json:
        for conversation in found:
            emit_json(asdict(conversation))
        return
    for conversation in found:
        typer.echo(_row(conversation, zone))


def _message_lines(m: MessageView, zone: tzinfo) -> list[str]:
    from storage.timewords import format_instant

    arrow = {"in": "<-", "out": "->", "note": "##"}[m.direction]
    lines = [
        f"{arrow} #{m.id} {format_instant(m.sent_at, zone)} "
        f"{one_line(m.sender_name)} <{one_line(m.sender_address)}>",
        "   " + _("subject: {subject}").format(subject=one_line(m.subject)),
        "   "
        + _("threaded: {reason} ({detail})").format(
            reason=m.thread_reason, detail=one_line(m.thread_detail)
        ),
    ]
    lines += [
        "   " + _("defect: {defect}").format(defect=one_line(d)) for d in m.defects
    ]
    signed = _("signed: {kind} signature {name} (not verified)")
    attached = _("attachment: {name} ({type}, {size} bytes)")
    lines += [
        "   "
        + (
            signed.format(kind=signed_by(a.content_type), name=one_line(a.filename))
            if signed_by(a.content_type)
            else attached.format(
                name=one_line(a.filename), type=a.content_type, size=a.size
            )
        )
        for a in m.attachments
    ]
    lines += ["", *("   " + printable(line) for line in m.text.splitlines()), ""]
    return lines


_LANGUAGE_SOURCES = {
    "detected": N_("detected"),
    "customer": N_("the customer's, as set before"),
    "agent": N_("set by hand"),
}


def language_line(language: str | None, source: str | None) -> str:
    if not language:
        return _("language: not known yet")
    from console.l10n import language_name

    why = _(_LANGUAGE_SOURCES[source]) if source in _LANGUAGE_SOURCES else ""
    return _("language: {code} ({name}, {how})").format(
        code=language, name=language_name(language), how=why
    )


def _customer_line(s: ConversationSummary) -> str:
    if not s.customer_address:  # mail with no sender address: nobody to merge with
        name = one_line(s.customer_name) or _("unidentified sender")
        return _("customer: {name} (no sender address)").format(name=name)
    who = f"{one_line(s.customer_name)} <{one_line(s.customer_address)}>"
    return _("customer: {name}").format(name=who)


def _detail_lines(d: ConversationDetail, zone: tzinfo) -> list[str]:
    from storage.timewords import format_instant

    s = d.summary
    until = (
        " " + _("until {when}").format(when=format_instant(s.snoozed_until, zone))
        if s.snoozed_until
        else ""
    )

    def local(stamp: int) -> str:
        return format_instant(stamp, zone)

    lines = [
        _("conversation {number}: {subject}").format(
            number=s.id, subject=one_line(s.subject or _("(no subject)"))
        ),
        _customer_line(s),
        language_line(s.language, s.language_source),
        _("status: {status}  priority: {priority}  channel: {channel}").format(
            status=status_name(s.status) + until,
            priority=priority_name(s.priority).lower(),
            channel=s.channel,
        )
        + (
            "  " + _("tags: {tags}").format(tags=", ".join(one_line(t) for t in s.tags))
            if s.tags
            else ""
        ),
        "",
    ]
    for message in d.messages:
        lines += _message_lines(message, zone)
    lines.append(_("events:"))
    by, snoozed = _("by"), _("snoozed until {when}")
    lines += [
        f"  {format_instant(e.at, zone)} {e.kind} {by} {e.actor_type} {one_line(e.actor)}"
        + (
            f": {one_line(_snooze(e.previous, local, snoozed) or '')} -> "
            f"{one_line(_snooze(e.value, local, snoozed) or '')}"
            if e.value
            else ""
        )
        for e in d.events
    ]
    return lines


@app.command()
def show(
    ctx: typer.Context,
    conversation_id: Annotated[int, typer.Argument(help="The conversation's number.")],
    json: JsonOpt = False,
) -> None:
    """One conversation: its messages, why each joined it, and its events."""
    from storage.connection import open_store
    from storage.conversations import get_conversation

    async def go() -> ConversationDetail:
        async with open_store(state(ctx).db_path) as store:
            return await get_conversation(store, conversation_id)

    detail = run(go(), state(ctx).db_path)
    if json:
        from storage.timewords import iso_utc

        found = asdict(detail)
        for event in found["events"]:  # a snooze's wake-up time, as every time
            for key in ("value", "previous"):
                event[key] = _snooze(event[key], iso_utc)
        emit_json(found)
        return
    typer.echo("\n".join(_detail_lines(detail, zone_of(ctx))))


def _snooze(
    value: str | None,
    write: Callable[[int], str | None],
    words: str = "snoozed until {when}",  # --json's, in English as every value
) -> str | None:
    """`snoozed:1764950400` (as stored) with its time written for the reader."""
    status, _colon, until = (value or "").partition(":")
    if status != "snoozed" or not until.isdigit():
        return value
    return words.format(when=write(int(until)))


@app.command()
def language(
    ctx: typer.Context,
    conversation_id: Annotated[int, typer.Argument(help="The conversation's number.")],
    code: Annotated[
        str,
        typer.Argument(help="A language code like `en`, or `auto` to detect it again."),
    ],
) -> None:
    """Set a conversation's language (the customer's next conversations take it)."""
    from storage.connection import open_store
    from storage.language_store import ConversationLanguage, set_conversation_language

    wanted = code.strip().lower()
    languages = config_of(ctx).shop.languages
    if wanted != "auto" and wanted not in languages:
        said = _(
            "{code} is not one of the shop's languages ({languages}); "
            "add it to shop.languages, or write auto"
        )
        fail(said.format(code=repr(code), languages=", ".join(languages)), EXIT_USAGE)

    async def go() -> ConversationLanguage:
        async with open_store(state(ctx).db_path) as store:
            chosen = None if wanted == "auto" else wanted
            return await set_conversation_language(store, conversation_id, chosen)

    found = run(go(), state(ctx).db_path)
    typer.echo(language_line(found.language, found.source))


conversation_actions.register(app)

"""`comptoir outreach list|send|dismiss`: late orders told before the customer asks."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from console.commands.automation import load
from console.i18n import _
from console.runtime import EXIT_USAGE, emit_json, fail, run, state

if TYPE_CHECKING:
    from console.config import Config
    from storage.outreach.drafts import OutreachDraft, Sender

app = typer.Typer(
    help="Messages about late orders ([outreach] rules), before the customer asks.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")]
RuleOpt = Annotated[
    list[str] | None,
    typer.Option("--rule", help="Only unfulfilled, tracking or refund (repeatable)."),
]


def sender_for(config: Config) -> Sender:
    from console.routine import senders
    from storage.outreach.drafts import Sender

    return Sender(
        config.shop.name,
        config.shop.agent,
        config.shop.addresses[0] if config.shop.addresses else "",
        senders(config),
        config.automation.transit_days,
    )


def _json(draft: OutreachDraft) -> dict[str, object]:
    late = draft.late
    return {
        "rule": late.rule,
        "order": late.number,
        "customer": late.customer_name,
        "to": late.email,
        "since": late.since,
        "why": late.detail,
        "conversation": draft.conversation_id,
        "channel": draft.channel,
        "language": draft.language,
        "subject": draft.subject,
        "text": draft.body,
        "problem": draft.problem,
    }


def _print(drafts: list[OutreachDraft], json: bool, texts: bool) -> None:
    from console.text import one_line

    rule = ""
    for draft in drafts:
        if json:
            emit_json(_json(draft))
            continue
        late = draft.late
        if late.rule != rule:
            rule = late.rule
            typer.echo(f"== {rule}")
        where = f"#{draft.conversation_id}" if draft.conversation_id else "new"
        line = (
            f"{one_line(late.number, 12):<12} {one_line(late.email, 36):<36} "
            f"{where:<8} {late.detail}"
        )
        typer.echo(line + (f"  (cannot go: {draft.problem})" if draft.problem else ""))
        if texts:
            typer.echo(f"    Subject: {one_line(draft.subject, 100)}")
            for text in draft.body.splitlines():
                typer.echo(f"    | {one_line(text, 100)}")


def _drafts(
    ctx: typer.Context, rules: list[str] | None
) -> tuple[Config, list[OutreachDraft]]:
    from storage.connection import open_store
    from storage.outreach.drafts import outreach_drafts
    from storage.outreach.settings import RULES

    config = load(ctx)
    for rule in rules or []:
        if rule not in RULES:
            fail(f"--rule {rule!r}: use {', '.join(RULES)}", EXIT_USAGE)
    where = state(ctx).db_path

    async def go() -> list[OutreachDraft]:
        async with open_store(where) as store:
            return await outreach_drafts(store, config.outreach, sender_for(config))

    found = run(go(), where)
    return config, [d for d in found if not rules or d.late.rule in rules]


@app.command("list")
def list_(
    ctx: typer.Context,
    rule: RuleOpt = None,
    texts: Annotated[
        bool, typer.Option("--texts", help="Each message's text too.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """The drafts: late orders by rule, who they go to, why."""
    _print(_drafts(ctx, rule)[1], json, texts)


@app.command()
def send(
    ctx: typer.Context,
    order: Annotated[
        list[str] | None, typer.Argument(help="Only these orders (default: all).")
    ] = None,
    rule: RuleOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Queue the drafts in the outbox (`comptoir outbox flush` or the app sends
    them), each recorded on the customer's conversation."""
    from storage.connection import open_store
    from storage.outreach.drafts import send_outreach

    config, drafts = _drafts(ctx, rule)
    wanted = {n.lstrip("#") for n in order or []}
    drafts = [d for d in drafts if not wanted or d.late.number.lstrip("#") in wanted]
    if dry_run:
        _print(drafts, json, texts=True)
        return
    where = state(ctx).db_path

    async def go() -> list[OutreachDraft]:
        async with open_store(where) as store:
            return await send_outreach(store, drafts, sender_for(config))

    sent = run(go(), where)
    for draft in sent:
        if json:
            emit_json(_json(draft))
    if sys.stderr.isatty():
        print(_("{count} messages queued").format(count=len(sent)), file=sys.stderr)
    if len(sent) < len(drafts):
        fail(
            _("{count} drafts could not go: `comptoir outreach list` says why").format(
                count=len(drafts) - len(sent)
            )
        )


@app.command()
def dismiss(
    ctx: typer.Context,
    rule: Annotated[str, typer.Argument(help="unfulfilled, tracking or refund.")],
    order: Annotated[str, typer.Argument(help="The order's number.")],
) -> None:
    """Never tell about this order under this rule."""
    from storage.connection import open_store
    from storage.outreach.drafts import set_outreach

    _config, drafts = _drafts(ctx, [rule])
    found = [d for d in drafts if d.late.number.lstrip("#") == order.lstrip("#")]
    if not found:
        fail(
            _(
                "no {rule} draft for order {order}: `comptoir outreach list` shows them"
            ).format(rule=rule, order=order)
        )
    where = state(ctx).db_path

    async def go() -> None:
        async with open_store(where) as store:
            await set_outreach(store, rule, found[0].late.order_id, "dismissed")

    run(go(), where)

"""`comptoir automation run|replay`: automatic answers with a hand-over."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from console.runtime import EXIT_USAGE, emit_json, fail, parse_when, run, state

if TYPE_CHECKING:
    from console.config import Config
    from storage.automation.run import Plan

app = typer.Typer(
    help="Automatic answers per intent ([automation]), each with its reason.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")]


def load(ctx: typer.Context) -> Config:
    from console.config import load_config
    from plugins.api import ConfigurationError

    try:
        return load_config(state(ctx).config_path)
    except ConfigurationError as exc:
        fail(f"{exc.title}: {exc.message}" if exc.title else exc.message, EXIT_USAGE)


def _plan_json(plan: Plan) -> dict[str, object]:
    return {
        "message": plan.message_id,
        "conversation": plan.conversation_id,
        "sent_at": plan.sent_at,
        "intent": plan.intent,
        "confidence": plan.confidence,
        "mode": plan.mode,
        "action": plan.decision.action,
        "reason": plan.decision.reason,
        "reply": plan.reply,
        "order": plan.order.number,
        "to": plan.envelope.sender_address,
        "text": plan.text,
    }


def _plan_lines(plan: Plan, zone: str) -> list[str]:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from console.text import one_line

    when = datetime.fromtimestamp(plan.sent_at, UTC).astimezone(ZoneInfo(zone))
    lines = [
        f"{when:%Y-%m-%d %H:%M}  #{plan.conversation_id:<6} {plan.intent} "
        f"({plan.confidence:.0%})  {plan.decision.action}: {plan.decision.reason}"
        f"  [{one_line(plan.envelope.sender_address, 40)}]"
    ]
    if plan.decision.action == "sent":
        lines += [f"    | {one_line(line, 100)}" for line in plan.text.splitlines()]
    return lines


def _emit(plans: list[Plan], json: bool, zone: str) -> None:
    for plan in plans:
        if json:
            emit_json(_plan_json(plan))
        else:
            for line in _plan_lines(plan, zone):
                typer.echo(line)


@app.command("run")
def run_(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Read the intents of new customer messages and answer, draft or hand over
    as [automation] says (for cron, after `comptoir fetch`); prints what it did."""
    from console.routine import automation_for
    from storage.connection import open_store

    config = load(ctx)
    where = state(ctx).db_path

    async def go() -> list[Plan]:
        async with open_store(where) as store:
            return await automation_for(config).run(store)

    _emit(run(go(), where), json, config.shop.timezone)


@app.command()
def replay(
    ctx: typer.Context,
    since: Annotated[str, typer.Option(help="From (2026-01-31 or 30d).")] = "30d",
    until: Annotated[str | None, typer.Option(help="Before (default: now).")] = None,
    json: JsonOpt = False,
) -> None:
    """What the automation would have sent, drafted or handed over for the
    customer messages of the period, under today's settings; changes nothing."""
    import time
    from collections import Counter

    from console.routine import automation_for
    from storage.automation.replay import replay as replay_plans
    from storage.connection import open_store

    config = load(ctx)
    where = state(ctx).db_path
    start = parse_when(since, "--since")
    end = parse_when(until, "--until") if until else int(time.time()) + 1

    async def go() -> list[Plan]:
        async with open_store(where) as store:
            return await replay_plans(
                store, automation_for(config, keep=False), start, end
            )

    plans = run(go(), where)
    _emit(plans, json, config.shop.timezone)
    counts = Counter(plan.decision.action for plan in plans)
    if not json and sys.stderr.isatty():
        summary = ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
        print(summary or "nothing would have been done", file=sys.stderr)

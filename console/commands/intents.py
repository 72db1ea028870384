"""`comptoir intents list|read|set|train`: what customer messages ask."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from console.commands.automation import load
from console.i18n import _
from console.runtime import emit_json, run, state

if TYPE_CHECKING:
    from storage.intents.service import NewReading

app = typer.Typer(
    help="The intent of each customer message: read locally, corrected by people.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]


@app.command("list")
def list_(
    ctx: typer.Context,
    since: Annotated[str, typer.Option(help="Count from (2026-01-31 or 30d).")] = "30d",
    json: JsonOpt = False,
) -> None:
    """The intents (built-in and [intents] extra), how many messages each had
    over the period, and what [automation] does with them."""
    from console.runtime import parse_when
    from storage.connection import open_store
    from storage.intents.report import intent_counts

    config = load(ctx)
    where = state(ctx).db_path
    start = parse_when(since, "--since")

    async def go() -> dict[str, int]:
        async with open_store(where) as store:
            return await intent_counts(store, start)

    counts = run(go(), where)
    for intent in config.intents.intents:
        mode = config.automation.mode(intent)
        if json:
            emit_json(
                {"intent": intent, "messages": counts.get(intent, 0), "mode": mode}
            )
        else:
            typer.echo(f"{intent:<18} {counts.get(intent, 0):>6}  {mode}")


@app.command()
def read(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help="Every message, not only the recent ones.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Read the intent of customer messages not read yet (those of the last
    intents.recent_days, or all): imports leave that to the app or this command."""
    from console.routine import reader_for
    from storage.connection import open_store

    config = load(ctx)
    where = state(ctx).db_path

    async def go() -> int:
        done = 0
        async with open_store(where) as store:
            reader, below = reader_for(config), None
            start = 0 if all_ else None
            while batch := await reader.read_new(store, since=start, below=below):
                done += len(batch)
                below = min(new.message.id for new in batch)
                _show(batch, json)
        return done

    count = run(go(), where)
    if not json and sys.stderr.isatty():
        print(_("{count} messages read").format(count=count), file=sys.stderr)


def _show(batch: list[NewReading], json: bool) -> None:
    for new in batch:
        reading, order = new.reading, new.order
        if json:
            emit_json(
                {
                    "message": new.message.id,
                    "conversation": new.message.conversation_id,
                    "intent": reading.intent,
                    "confidence": reading.confidence,
                    "also": list(reading.also),
                    "language": reading.language,
                    "order": order.number,
                    "order_match": order.how,
                }
            )


@app.command("set")
def set_(
    ctx: typer.Context,
    conversation: Annotated[int, typer.Argument(help="The conversation's id.")],
    intent: Annotated[str, typer.Argument(help="What the message asks.")],
    message: Annotated[
        int | None,
        typer.Option(help="The customer message (default: the conversation's newest)."),
    ] = None,
) -> None:
    """Correct the intent of a conversation's customer message; the model learns
    from it at its next fit."""
    from storage.connection import open_store
    from storage.errors import NotFound
    from storage.intents.readings import correct_intent, latest_customer_message

    config = load(ctx)
    where = state(ctx).db_path

    async def go() -> str:
        async with open_store(where) as store:
            target = message or await latest_customer_message(store, conversation)
            if target is None:
                raise NotFound(
                    f"conversation {conversation} has no customer message", ""
                )
            agent = config.shop.agent
            return await correct_intent(
                store, target, intent, agent, config.intents.intents
            )

    previous = run(go(), where)
    if sys.stderr.isatty():
        print(f"{previous or '(unread)'} -> {intent}", file=sys.stderr)


@app.command()
def train(ctx: typer.Context) -> None:
    """Fit the model now on the seed, the shop's history and its corrections
    (the app and `automation run` do it by themselves when those changed)."""
    import time

    from console.routine import reader_for
    from storage.connection import open_store

    config = load(ctx)
    where = state(ctx).db_path

    async def go() -> tuple[int, float]:
        async with open_store(where) as store:
            started = time.perf_counter()
            classifier = await reader_for(config).classifier(store)
            return len(classifier.model.seen), time.perf_counter() - started

    features, seconds = run(go(), where)
    typer.echo(
        _("{features} features, ready in {seconds} s").format(
            features=features, seconds=f"{seconds:.1f}"
        )
    )

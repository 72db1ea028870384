"""Fetching for the contract tests: instances opened from a Setup, batches
collected and parsed as the core would, and each message's shape checked."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from plugins.api import Batch, Channel, InboundMessage, RawMessage
from plugins.testing.harness import Setup


@dataclass(slots=True)
class Fetched:
    """What one fetch yielded: the batches, every message parsed, the cursor."""

    batches: list[Batch] = field(default_factory=list)
    messages: list[tuple[InboundMessage | RawMessage, InboundMessage]] = field(
        default_factory=list
    )
    cursor: str | None = None

    def add(self, channel_class: type[Channel], batch: Batch) -> None:
        assert isinstance(batch, Batch), f"fetch yielded {batch!r}, not a Batch"
        assert batch.cursor is None or isinstance(batch.cursor, str), (
            f"a batch's cursor must be text or None, not {batch.cursor!r}"
        )
        self.batches.append(batch)
        for item in batch.messages:
            self.messages.append((item, parsed(channel_class, item)))
        if batch.cursor is not None:
            self.cursor = batch.cursor

    def ids(self) -> list[str]:
        return [item.external_id for item, _ in self.messages]

    def by_marker(self, markers: Sequence[str]) -> dict[str, str]:
        """marker -> external id of the message whose text holds it."""
        found: dict[str, str] = {}
        for item, message in self.messages:
            for marker in markers:
                if marker in message.text or marker in message.subject:
                    found[marker] = item.external_id
        return found


def parsed(
    channel_class: type[Channel], item: InboundMessage | RawMessage
) -> InboundMessage:
    """The message as the core stores it: a RawMessage goes through `parse`."""
    if isinstance(item, InboundMessage):
        return item
    assert isinstance(item, RawMessage), f"a batch holds {item!r}"
    try:
        message = channel_class.parse(item)
    except Exception as exc:  # the contract: parse never raises
        raise AssertionError(
            f"{channel_class.__name__}.parse raised {exc!r} on {item.external_id}"
        ) from exc
    assert isinstance(message, InboundMessage), f"parse returned {message!r}"
    return message


def markers(count: int) -> list[str]:
    """Texts no other test wrote, with a little French in them."""
    token = uuid.uuid4().hex[:10]
    return [f"Où est ma commande n°{i} ? réf {token}-{i}" for i in range(count)]


@asynccontextmanager
async def opened(channel_class: type[Channel], setup: Setup) -> AsyncIterator[Channel]:
    channel = channel_class(setup.instance, setup.settings, setup.context)
    try:
        yield channel
    finally:
        await channel.close()


async def fetch_all(
    channel_class: type[Channel], setup: Setup, cursor: str | None
) -> Fetched:
    """One complete fetch from `cursor` by a fresh instance."""
    found = Fetched(cursor=cursor)
    async with opened(channel_class, setup) as channel:
        async for batch in channel.fetch(cursor):
            found.add(channel_class, batch)
    return found


def check_shape(item: InboundMessage | RawMessage, message: InboundMessage) -> None:
    """What the core relies on for every message a channel hands it."""
    name = item.external_id
    assert isinstance(name, str) and name.strip(), f"empty external id: {item!r}"
    assert isinstance(item.raw, bytes) and item.raw, f"{name}: no raw original kept"
    when = message.sent_at
    if when is None and isinstance(item, RawMessage):
        when = item.received_at
    assert when is not None, f"{name}: no time (sent_at, or received_at for raw)"
    assert when.utcoffset() is not None, f"{name}: the time {when} is not aware"
    assert message.sender is not None and message.sender.address, (
        f"{name}: no sender address"
    )

"""The `chat` channel as the core drives it, for tests: a context lending the
token, and small helpers to fetch and reply from a test's thread."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from plugins.api import (
    Address,
    AuthenticationError,
    InboundMessage,
    OutboundReply,
    Receipt,
)
from plugins.chat.channel import ChatChannel
from tests.chat_tests.live import TOKEN, LiveWidget

T = TypeVar("T")


def run(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to its end in a thread of its own: playwright's sync API
    keeps an event loop running in the test's thread."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result(60)


@dataclass(slots=True)
class TokenContext:
    token: str = TOKEN
    instance: str = "chat"
    shop_name: str = "La Théière Bleue"
    shop_addresses: frozenset[str] = frozenset({"bonjour@latheierebleue.fr"})
    interactive: bool = False
    warnings: list[str] = field(default_factory=list)

    async def known(self, external_ids: Sequence[str]) -> set[str]:
        return set()

    async def secret(self, key: str, what: str, *, optional: bool = False) -> str:
        if optional and key != "token":
            return ""
        if key != "token" or not self.token:
            raise AuthenticationError(f"no {what}", self.instance)
        return self.token

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def channel(live: LiveWidget | str, **settings: Any) -> ChatChannel:
    url = live if isinstance(live, str) else live.url
    token = settings.pop("token", TOKEN)
    return ChatChannel("chat", {"url": url, **settings}, TokenContext(token))


async def fetch_all(
    chat: ChatChannel, cursor: str | None = None
) -> tuple[list[InboundMessage], str | None]:
    found: list[InboundMessage] = []
    async for batch in chat.fetch(cursor):
        found += [m for m in batch.messages if isinstance(m, InboundMessage)]
        cursor = batch.cursor or cursor
    return found, cursor


def fetched(live: LiveWidget, cursor: str | None = None) -> list[InboundMessage]:
    async def go() -> list[InboundMessage]:
        async with channel(live) as chat:
            assert isinstance(chat, ChatChannel)
            return (await fetch_all(chat, cursor))[0]

    return run(go)


def reply_to(
    message: InboundMessage, text: str, automatic: str = "", agent: str = "Camille"
) -> OutboundReply:
    """The shop's answer, as the core's outbox would hand it to `send`."""
    return OutboundReply(
        outbox_id=1,
        conversation_id=1,
        message_id=f"{uuid.uuid4().hex}@latheierebleue.fr",
        sender=Address(agent, "bonjour@latheierebleue.fr"),
        to=(message.sender,) if message.sender else (),
        text=text,
        sent_at=datetime.now(UTC),
        in_reply_to=message.message_id,
        thread_key=message.thread_key,
        automatic=automatic,
    )


def send(live: LiveWidget, reply: OutboundReply) -> Receipt:
    async def go() -> Receipt:
        async with channel(live) as chat:
            return await chat.send(reply)

    return run(go)


def typing(live: LiveWidget, thread_key: str, on: bool) -> None:
    async def go() -> None:
        async with channel(live) as chat:
            await chat.typing(thread_key, on)

    run(go)

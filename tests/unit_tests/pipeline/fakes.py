"""Small channels in memory, for the pipeline's unit tests.

They follow the plugin contract as a third party's would; the real channel
(email against Dovecot and aiosmtpd) is tested in functional_tests/email.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from plugins.api import (
    Address,
    Batch,
    Capabilities,
    Channel,
    DeliveryRefused,
    InboundMessage,
    Option,
    OptionType,
    OutboundReply,
    PluginError,
    Receipt,
)
from storage.connection import Store
from storage.ingest import IngestItem, ingest_messages
from storage.pipeline.instances import Channels

SHOP = "shop@tea.example"


class Mailer(Channel):
    """Reaches any e-mail address; records what it sends (class-wide, by instance)."""

    name: ClassVar[str] = "mailer"
    options: ClassVar[tuple[Option, ...]] = (
        Option("address", OptionType.STRING, "the account's address"),
        Option("fail", OptionType.STRING, "an error to raise from send"),
    )
    capabilities: ClassVar[Capabilities] = Capabilities(identities=("email",))
    sent: ClassVar[list[tuple[str, OutboundReply]]] = []
    failures: ClassVar[dict[str, PluginError | Exception]] = {}

    def own_addresses(self) -> frozenset[str]:
        return frozenset({str(self.settings.get("address", "")).lower()} - {""})

    async def send(self, reply: OutboundReply) -> Receipt:
        failure = self.failures.get(reply.text)
        if failure is not None:
            raise failure
        self.sent.append((self.instance, reply))
        return Receipt(f"{self.instance}:{reply.message_id}")


class Chat(Channel):
    """Answers in a chat by its thread key; a visitor who left is refused, with
    their e-mail address as the fallback."""

    name: ClassVar[str] = "chat"
    capabilities: ClassVar[Capabilities] = Capabilities(watch=True)
    sent: ClassVar[list[OutboundReply]] = []
    gone: ClassVar[set[str]] = set()  # thread keys whose visitor has left

    async def send(self, reply: OutboundReply) -> Receipt:
        if reply.thread_key in self.gone:
            raise DeliveryRefused(
                "the visitor has left the chat", self.instance, fallback="email"
            )
        self.sent.append(reply)
        return Receipt(f"chat:{len(self.sent)}")

    def fetch(
        self, cursor: str | None, since: datetime | None = None
    ) -> AsyncIterator[Batch]:
        return _nothing()


async def _nothing() -> AsyncIterator[Batch]:
    for batch in ():
        yield batch


def channels(config: Mapping[str, Mapping[str, Any]]) -> Channels:
    Mailer.sent.clear()
    Mailer.failures.clear()
    Chat.sent.clear()
    Chat.gone.clear()
    return Channels(
        config, "Tea shop", frozenset({SHOP}), classes={"mailer": Mailer, "chat": Chat}
    )


def customer_mail(
    n: int, to: str = SHOP, sender: str = "ann@example.com", **extra: Any
) -> InboundMessage:
    return InboundMessage(
        external_id=f"mail-{n}",
        raw=f"mail {n}".encode(),
        sender=Address("Ann", sender),
        to=(Address("", to),),
        subject=f"Question {n}",
        text=f"Hello {n}",
        message_id=f"q{n}@example.com",
        **extra,
    )


def chat_line(
    n: int, key: str, handle: str = "widget:visitor1", **extra: Any
) -> InboundMessage:
    return InboundMessage(
        external_id=f"chat-{n}",
        raw=f"chat {n}".encode(),
        sender=Address("Visitor", handle, "chat"),
        text=f"chat line {n}",
        thread_key=key,
        **extra,
    )


async def stored(
    store: Store, channel: str, *messages: InboundMessage, at: int = 1_700_000_000
) -> list[int]:
    """Store messages as a channel would; their conversation ids."""
    results = await ingest_messages(
        store, channel, [IngestItem(m, at) for m in messages], frozenset({SHOP})
    )
    return [r.conversation_id or 0 for r in results]


def addresses(people: Sequence[Address]) -> list[str]:
    return [p.address for p in people]

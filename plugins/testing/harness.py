"""What a contract test needs from the plugin author: a way to build an
instance (`Setup`), the other side of the network (`Remote`), and a context
standing in for the core's (`StaticContext`)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from plugins.api import AuthenticationError, ChannelContext

T = TypeVar("T")


@dataclass(slots=True)
class StaticContext:
    """A ChannelContext for tests: secrets from a dict, warnings kept in a list,
    and `known` answering from `stored` (the ids the test says are stored)."""

    secrets: dict[str, str] = field(default_factory=dict)
    instance: str = "contract"
    shop_name: str = "Contract Shop"
    shop_addresses: frozenset[str] = frozenset({"shop@example.com"})
    interactive: bool = False
    stored: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    async def known(self, external_ids: Sequence[str]) -> set[str]:
        return {i for i in external_ids if i in self.stored}

    async def secret(self, key: str, what: str, *, optional: bool = False) -> str:
        if key not in self.secrets:
            if optional:
                return ""
            raise AuthenticationError(
                f"no {what}: set {key}_env or {key}_command", self.instance
            )
        return self.secrets[key]

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def _is_context(context: StaticContext) -> ChannelContext:
    return context  # mypy checks here that StaticContext keeps the protocol


@dataclass(slots=True)
class Setup:
    """How to build one instance: `channel_class(instance, settings, context)`.

    The contract builds a fresh instance from it inside each test's event loop
    (a restart after a kill is a new instance), and closes it after."""

    settings: dict[str, Any]
    context: ChannelContext | None = None
    instance: str = "contract"


class Remote(Protocol):
    """The other side of the network, as the contract tests drive it.

    Methods may be plain functions (run in a thread, so a blocking IMAP APPEND
    does not stop a server on the test's event loop) or coroutines."""

    def deliver(self, texts: Sequence[str]) -> Awaitable[None] | None:
        """Make the remote side hold one new inbound message per text, as if
        customers wrote them to the shop, in this order."""
        ...

    def received(self) -> Awaitable[Sequence[str]] | Sequence[str]:
        """The text of everything the remote side got from `send`, oldest first
        (for mail: each message's plain text, or its whole source)."""
        ...


async def call(function: Callable[..., Any], *args: Any) -> Any:
    """Await a coroutine function, or run a plain one in a thread."""
    if inspect.iscoroutinefunction(function):
        return await function(*args)
    result = await asyncio.to_thread(function, *args)
    if inspect.isawaitable(result):
        return await result
    return result

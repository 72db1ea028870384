"""The plugin contract: what a channel or an order source is, for the core.

A channel turns what arrives from the outside world into records (`fetch`,
`watch`) and delivers what the outbox holds (`send`). The core owns everything
else: storage, de-duplication, threading, the cursor kept in the same
transaction as the messages, parse workers, retries and backoff, timers and all
the UI. Built-in channels use exactly this API; a third-party package registers
its class under the entry-point group `comptoir.channels` (order sources under
`comptoir.orders`) with the class's `name` as the entry-point name.

Blocking libraries are wrapped with `asyncio.to_thread` inside the plugin, so
the core only awaits. A plugin never imports `storage` or `console`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol

from plugins.options import Option, OptionType, validate_options, with_defaults
from plugins.records import (
    Address,
    Attachment,
    Batch,
    CheckReport,
    CheckStep,
    FetchProblem,
    FileProblem,
    InboundMessage,
    LineItem,
    OrderRecord,
    OutboundReply,
    Quote,
    RawMessage,
    Receipt,
    Refund,
    RowProblem,
    Suggestion,
    by_position,
)

API_VERSION = "1.0"

__all__ = [
    "API_VERSION",
    "Address",
    "Attachment",
    "AuthenticationError",
    "Batch",
    "Capabilities",
    "Channel",
    "ChannelContext",
    "CheckReport",
    "CheckStep",
    "ConfigurationError",
    "DeliveryRefused",
    "FetchProblem",
    "FileProblem",
    "InboundMessage",
    "LineItem",
    "Option",
    "OptionType",
    "OrderRecord",
    "OrderSource",
    "OutboundReply",
    "PluginError",
    "Quote",
    "RawMessage",
    "Receipt",
    "Refund",
    "RowProblem",
    "Suggestion",
    "TemporarilyUnavailable",
    "by_position",
    "require_api",
    "secret_options",
    "validate_options",
]


class PluginError(Exception):
    """Base of the errors a plugin raises; `title` names the account or file."""

    def __init__(self, message: str, title: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.title = title


class ConfigurationError(PluginError):
    """The instance's options are wrong: a person must edit the config (exit 2)."""


class AuthenticationError(PluginError):
    """The server refused the credentials: a person must act; no quick retry."""


class TemporarilyUnavailable(PluginError):
    """Unreachable, busy or rate-limited: the core retries later, after
    `retry_after` seconds when the server said how long (HTTP 429, SMTP 4xx).

    `maybe_delivered`, from `send`: the reply was handed over before the link
    broke and no answer came (SMTP's lost 250), so the retry may deliver it a
    second time; the core says so in `comptoir outbox list`."""

    def __init__(
        self,
        message: str,
        title: str = "",
        retry_after: float | None = None,
        maybe_delivered: bool = False,
    ) -> None:
        super().__init__(message, title)
        self.retry_after = retry_after
        self.maybe_delivered = maybe_delivered


class DeliveryRefused(PluginError):
    """`send` was refused for good (an unknown recipient, a blocked bot): the
    reply is marked failed with this message, and never retried on its own.

    `fallback` names a kind of identity ("email") to hand the reply over to
    instead: a chat visitor who has left is answered at the e-mail address they
    gave, in the same conversation, by an instance that reaches e-mail. The
    reply fails only if the customer has no such identity or no instance can
    reach it."""

    def __init__(self, message: str, title: str = "", fallback: str = "") -> None:
        super().__init__(message, title)
        self.fallback = fallback


def require_api(version: str) -> None:
    """Raise ConfigurationError unless this comptoir offers API `version`
    ("1.0": the same major version, a minor at least as new)."""
    want = tuple(int(p) for p in version.split("."))
    have = tuple(int(p) for p in API_VERSION.split("."))
    if want[0] != have[0] or want[1:] > have[1:]:
        raise ConfigurationError(
            f"needs comptoir plugin API {version}, this comptoir has {API_VERSION}",
            "plugin",
        )


def secret_options(key: str, what: str) -> tuple[Option, Option]:
    """The two options that say where secret `key` comes from (the keyring is
    tried after them): `{key}_env`, a variable's name, and `{key}_command`."""
    return (
        Option(f"{key}_env", OptionType.STRING, f"name of an environment variable holding the {what}", secret=True),
        Option(f"{key}_command", OptionType.STRING, f"a command whose first output line is the {what} (like `pass show shop/imap`); stopped, with everything it started, after 60 s", secret=True),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel can do beyond `check` and `fetch`.

    `watch`: `watch()` pushes new messages as they arrive. `send`: `send()`
    delivers replies. `attachments`: replies may carry files. `file_copies`:
    `file_copy()` keeps a copy after sending (a Sent folder), retried by the
    core on its own when it fails. `file_formats`: `read_files()` reads these
    (`comptoir import FORMAT PATH...`). `max_text`: the longest text `send`
    takes (0: no limit). `identities`: the kinds of customer identity `send`
    can write to without an earlier message on this instance ("email": any
    address); the core answers imported mail, and hands replies over, through
    an instance that reaches the identity's kind."""

    watch: bool = False
    send: bool = True
    attachments: bool = True
    file_copies: bool = False
    file_formats: tuple[str, ...] = ()
    max_text: int = 0
    identities: tuple[str, ...] = ()


class ChannelContext(Protocol):
    """What the core lends a channel instance; never a database handle."""

    instance: str
    shop_name: str
    shop_addresses: frozenset[str]
    interactive: bool  # a person at a terminal may be asked (a password prompt)

    async def known(self, external_ids: Sequence[str]) -> set[str]:
        """Which of these ids this instance has stored already (a backfill skips
        them instead of downloading them again)."""
        ...

    async def secret(self, key: str, what: str, *, optional: bool = False) -> str:
        """The secret `key` from `{key}_env`, `{key}_command`, the keyring, or a
        prompt when interactive; raises AuthenticationError naming what to set.
        `optional`: no prompt, and "" when no source has it (a second secret
        that falls back on the first, like an SMTP password)."""
        ...

    def warn(self, message: str) -> None:
        """Say one line to the person (stderr in the CLI, a toast in the app)."""
        ...


class Channel:
    """Base of every channel, built-in or third-party.

    Subclasses set `name` (equal to their entry-point name), `label`, `options`
    and `capabilities`. The constructor validates options (raising
    ConfigurationError) and does no I/O; the core then calls the coroutines
    below, and `close()` at the end (or uses the instance as `async with`).
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    options: ClassVar[tuple[Option, ...]] = ()
    capabilities: ClassVar[Capabilities] = Capabilities()
    api_version: ClassVar[str] = API_VERSION  # the API the plugin was written for

    def __init__(
        self,
        instance: str,
        settings: Mapping[str, Any],
        context: ChannelContext | None = None,
    ) -> None:
        problems = self.check_options(instance, dict(settings))
        if problems:
            raise ConfigurationError(problems[0][1], f"channels.{instance}")
        self.instance = instance
        self.settings = with_defaults(self.options, settings)
        self.context = context

    @classmethod
    def check_options(
        cls, instance: str, options: dict[str, Any]
    ) -> list[tuple[str, str]]:
        """Mistakes in an instance's options as (key, message): the declared
        options' check; override to add rules between options."""
        return validate_options(f"channels.{instance}", cls.options, options)

    async def check(self) -> CheckReport:
        """Probe the connection and the credentials, step by step; never raises
        a PluginError (a failed step says what is wrong and what to do)."""
        raise NotImplementedError

    def fetch(
        self, cursor: str | None, since: datetime | None = None
    ) -> AsyncIterator[Batch]:
        """Yield what arrived after `cursor` (None: from the start), in batches,
        each with the cursor reached once it is stored. `since` also asks for
        older messages from that instant on (a backfill). Fetching again with
        the same cursor yields nothing new that was stored."""
        raise NotImplementedError

    def watch(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Yield batches as they arrive, until cancelled (capabilities.watch).
        Raising ends the watch; the core starts it again with backoff."""
        raise NotImplementedError

    def prepare(self, reply: OutboundReply) -> bytes | None:
        """The exact bytes to send, built once; the core keeps them before the
        first attempt and hands them back in `reply.prepared` on every retry."""
        return None

    async def send(self, reply: OutboundReply) -> Receipt:
        """Deliver one reply; return once the network confirmed it. Raise
        TemporarilyUnavailable to be retried, DeliveryRefused to fail for good."""
        raise NotImplementedError

    async def was_sent(self, reply: OutboundReply) -> bool | None:
        """After a crash in the middle of `send`: True if it was delivered (found
        in a Sent folder), False if surely not, None if it cannot tell."""
        return None

    async def file_copy(self, reply: OutboundReply) -> None:
        """Keep a copy of a sent reply (capabilities.file_copies)."""
        return None

    async def close(self) -> None:
        """Release connections; called once, also after a failure."""
        return None

    def own_addresses(self) -> frozenset[str]:
        """The shop's own identities on this instance (an account's address,
        lower-cased): messages from them are the shop's, and an imported mail
        written to one of them is answered through this instance."""
        return frozenset()

    async def __aenter__(self) -> Channel:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @classmethod
    async def suggest(cls, address: str) -> Suggestion | None:
        """Settings for an instance serving `address` (an e-mail account's
        servers, looked up as mail programs do), for `comptoir setup` to offer;
        None when there is nothing to propose."""
        return None

    @classmethod
    def parse(cls, raw: RawMessage) -> InboundMessage:
        """Turn bytes into a message (run by the core in worker processes);
        never raises: what cannot be read goes in `defects`."""
        raise NotImplementedError

    @classmethod
    def read_files(
        cls, file_format: str, paths: Sequence[str]
    ) -> Iterator[RawMessage | FileProblem]:
        """Every message in these files or folders (capabilities.file_formats),
        as raw bytes with an empty `external_id` (the core keys files by
        content); a problem per unreadable file, and the rest goes on."""
        raise NotImplementedError


class OrderSource:
    """Base of every order source: export files, and optionally a live API."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    options: ClassVar[tuple[Option, ...]] = ()
    live: ClassVar[bool] = False  # `fetch` reads a platform's API
    api_version: ClassVar[str] = API_VERSION

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings = with_defaults(self.options, settings or {})

    def matches(self, header: list[str]) -> bool:
        """Whether a CSV header looks like this source's export."""
        raise NotImplementedError

    def read(self, path: Path) -> Iterator[OrderRecord | RowProblem]:
        """Yield the file's orders in file order, and a problem per bad row."""
        raise NotImplementedError

    def fetch(self, since: datetime | None) -> AsyncIterator[OrderRecord | RowProblem]:
        """Yield the orders created or changed since `since` (None: all)."""
        raise NotImplementedError

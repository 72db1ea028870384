"""The configured channel instances, and what the core lends each one.

`Channels` knows the config's `[channels.NAME]` tables: which plugin class
each uses (loaded through its entry point only when needed), how to open an
instance with its `ChannelContext`, and which instance can reach a customer
identity of some kind (an imported mail is answered by email).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from plugins.api import AuthenticationError, Channel, ConfigurationError, PluginError
from plugins.registry import load_channel
from plugins.secrets import Prompt, missing, resolve_secret
from storage.connection import Store
from storage.ingest_lookup import present_external_ids

IMPORT = "import"  # the channel of messages read from files: email, by kind


@dataclass(slots=True)
class Context:
    """The core's ChannelContext: never a database handle, only what it needs."""

    instance: str
    shop_name: str
    shop_addresses: frozenset[str]
    interactive: bool
    settings: Mapping[str, Any]
    store: Store | None = None
    prompt: Prompt | None = None
    say: Callable[[str], None] = lambda line: None

    async def known(self, external_ids: Sequence[str]) -> set[str]:
        if self.store is None:
            return set()
        return await present_external_ids(self.store.conn, self.instance, external_ids)

    async def secret(self, key: str, what: str, *, optional: bool = False) -> str:
        prompt = self.prompt if self.interactive and not optional else None
        found = await asyncio.to_thread(
            resolve_secret, self.instance, self.settings, key, prompt
        )
        if found or optional:
            return found
        raise AuthenticationError(
            missing(self.instance, self.settings, key, what), self.instance
        )

    def warn(self, message: str) -> None:
        self.say(f"{self.instance}: {message}")


@dataclass(frozen=True, slots=True)
class Configured:
    """One `[channels.NAME]` table: its name, its plugin type and its options."""

    name: str
    kind: str
    options: Mapping[str, Any]


@dataclass(slots=True)
class Channels:
    """Every configured instance, opened on demand with a context."""

    config: Mapping[str, Mapping[str, Any]]
    shop_name: str = "My shop"
    shop_addresses: frozenset[str] = frozenset()
    prompt: Prompt | None = None  # None: nobody to ask (the app, cron)
    say: Callable[[str], None] = lambda line: None
    # Plugin classes by type, loaded through their entry points when first
    # needed (tests and embedders may hand some over).
    classes: dict[str, type[Channel]] = field(default_factory=dict)

    @property
    def configured(self) -> list[Configured]:
        return [
            Configured(name, str(options.get("type", "")), options)
            for name, options in self.config.items()
        ]

    def named(self, name: str) -> Configured | None:
        options = self.config.get(name)
        return None if options is None else Configured(name, str(options.get("type", "")), options)  # fmt: skip

    def plugin(self, kind: str) -> type[Channel]:
        """The class of a channel type (ConfigurationError if not installed)."""
        if kind not in self.classes:
            self.classes[kind] = load_channel(kind)
        return self.classes[kind]

    def capable(self, name: str) -> type[Channel] | None:
        """The instance's class, or None when its plugin cannot be loaded."""
        found = self.named(name)
        if found is None:
            return None
        try:
            return self.plugin(found.kind)
        except (PluginError, ImportError):
            return None

    def reaching(self, identity: str) -> list[Configured]:
        """Instances whose channel can write to an identity of this kind first
        (an "email" address), in config order."""
        out = []
        for item in self.configured:
            cls = self.capable(item.name)
            if cls is not None and identity in cls.capabilities.identities:
                out.append(item)
        return out

    def open(
        self, name: str, store: Store | None = None, interactive: bool = False
    ) -> Channel:
        """A new instance of the named channel; ConfigurationError if it is not
        configured, its plugin is missing or its options are wrong."""
        found = self.named(name)
        if found is None:
            known = ", ".join(self.config) or "none configured"
            raise ConfigurationError(
                f"no channel named {name!r} (channels: {known})", "channels"
            )
        cls = self.plugin(found.kind)
        options = {k: v for k, v in found.options.items() if k != "type"}
        context = Context(
            name, self.shop_name, self.shop_addresses, interactive and self.prompt is not None,
            options, store, self.prompt, self.say,
        )  # fmt: skip
        return cls(name, options, context)

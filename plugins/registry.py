"""Finding plugins through entry points, built-ins and third parties alike.

Listing reads only package metadata: names, targets, the distribution and its
version. A plugin's code is imported when it is loaded; one whose import fails,
or that was written for another major version of the API, is a `BrokenPlugin`
(one line with its name and error) and never stops the rest.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from plugins.api import Channel, ConfigurationError, OrderSource, require_api

CHANNELS = "comptoir.channels"
ORDER_SOURCES = "comptoir.orders"
GROUPS = (CHANNELS, ORDER_SOURCES)
Plugin = type[Channel] | type[OrderSource]
_BASES: dict[str, Plugin] = {CHANNELS: Channel, ORDER_SOURCES: OrderSource}


@dataclass(frozen=True, slots=True)
class PluginEntry:
    """An installed plugin as its package metadata says, nothing imported."""

    group: str
    name: str
    target: str
    distribution: str
    version: str

    @property
    def kind(self) -> str:
        return "channel" if self.group == CHANNELS else "order source"

    @property
    def package(self) -> str:
        """`comptoir-telegram 0.1.0`, or the target when no package owns it."""
        return (
            f"{self.distribution} {self.version}" if self.distribution else self.target
        )


class PluginBroken(ConfigurationError):
    """An installed plugin that cannot be used; the message is one line."""


@dataclass(frozen=True, slots=True)
class BrokenPlugin:
    entry: PluginEntry
    error: str

    def __str__(self) -> str:
        return (
            f"plugin {self.entry.name} ({self.entry.package}) is broken: {self.error}"
        )


def _entries(group: str) -> dict[str, EntryPoint]:
    return {entry.name: entry for entry in entry_points(group=group)}


def _describe(group: str, entry: EntryPoint) -> PluginEntry:
    dist = entry.dist
    return PluginEntry(
        group,
        entry.name,
        entry.value,
        dist.name if dist else "",
        dist.version if dist else "",
    )


def list_plugins(group: str) -> list[PluginEntry]:
    """Installed plugins of a group, by name, without importing them."""
    return [_describe(group, e) for _, e in sorted(_entries(group).items())]


def _error(exc: BaseException) -> str:
    # One printable line, whatever the exception says.
    text = "".join(c if c.isprintable() else " " for c in str(exc))
    text = " ".join(text.split())
    if isinstance(exc, ConfigurationError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _check(group: str, entry: EntryPoint) -> Plugin | str:
    """The entry point's class, or why it cannot be used."""
    base = _BASES[group]
    try:
        loaded = entry.load()
        if not (
            isinstance(loaded, type)
            and issubclass(loaded, Channel | OrderSource)
            and issubclass(loaded, base)
        ):
            return f"{entry.value} is not a {base.__name__}"
        if loaded.name != entry.name:
            return f"its class is named {loaded.name!r}, its entry point {entry.name!r}"
        require_api(loaded.api_version)
    # A plugin's import may raise anything, even SystemExit: none may stop comptoir.
    except (Exception, SystemExit) as exc:
        return _error(exc)
    return loaded


def _load(group: str, name: str) -> Plugin:
    entries = _entries(group)
    entry = entries.get(name)
    if entry is None:
        known = ", ".join(sorted(entries)) or "none installed"
        raise ConfigurationError(f"no plugin named {name!r} (known: {known})", group)
    found = _check(group, entry)
    if isinstance(found, str):
        raise PluginBroken(str(BrokenPlugin(_describe(group, entry), found)), group)
    return found


def load_channel(name: str) -> type[Channel]:
    """The channel class installed under `name`; ConfigurationError when there is
    none, PluginBroken (a ConfigurationError) when it cannot be used."""
    loaded = _load(CHANNELS, name)
    assert issubclass(loaded, Channel)
    return loaded


def load_order_source(name: str) -> type[OrderSource]:
    loaded = _load(ORDER_SOURCES, name)
    assert issubclass(loaded, OrderSource)
    return loaded


def load_all(group: str) -> tuple[dict[str, Plugin], list[BrokenPlugin]]:
    """Every plugin of a group that loads, by name, and the broken ones."""
    loaded: dict[str, Plugin] = {}
    broken: list[BrokenPlugin] = []
    for name, entry in sorted(_entries(group).items()):
        found = _check(group, entry)
        if isinstance(found, str):
            broken.append(BrokenPlugin(_describe(group, entry), found))
        else:
            loaded[name] = found
    return loaded, broken


def probe(group: str, name: str) -> dict[str, str]:
    """Load one plugin and say what it is (run in a child process by `inspect`)."""
    entry = _entries(group).get(name)
    if entry is None:
        return {"error": "not installed"}
    found = _check(group, entry)
    if isinstance(found, str):
        return {"error": found}
    return {"label": found.label, "api_version": found.api_version}


if __name__ == "__main__":  # python -m plugins.registry GROUP NAME
    print(json.dumps(probe(sys.argv[1], sys.argv[2])))

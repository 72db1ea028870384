"""Finding plugins through entry points, built-ins and third parties alike.

Listing reads only package metadata; a plugin's code is imported when it is
loaded, so `comptoir --help` never pays for every installed plugin.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from plugins.api import Channel, ConfigurationError, OrderSource

CHANNELS = "comptoir.channels"
ORDER_SOURCES = "comptoir.orders"


@dataclass(frozen=True, slots=True)
class PluginEntry:
    group: str
    name: str
    target: str
    distribution: str


def _entries(group: str) -> dict[str, EntryPoint]:
    return {entry.name: entry for entry in entry_points(group=group)}


def list_plugins(group: str) -> list[PluginEntry]:
    """Installed plugins of a group, by name, without importing them."""
    return [
        PluginEntry(group, name, entry.value, entry.dist.name if entry.dist else "")
        for name, entry in sorted(_entries(group).items())
    ]


def _load(group: str, name: str, base: type) -> type:
    entry = _entries(group).get(name)
    if entry is None:
        known = ", ".join(sorted(_entries(group))) or "none installed"
        raise ConfigurationError(f"no plugin named {name!r} (known: {known})", group)
    loaded = entry.load()
    if not (isinstance(loaded, type) and issubclass(loaded, base)):
        raise ConfigurationError(
            f"{entry.value} is not a {base.__name__} subclass", f"{group}:{name}"
        )
    return loaded


def load_channel(name: str) -> type[Channel]:
    return _load(CHANNELS, name, Channel)


def load_order_source(name: str) -> type[OrderSource]:
    return _load(ORDER_SOURCES, name, OrderSource)

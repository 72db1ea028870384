"""Which configured instance sends a reply, or why none can (in one line).

The instance the customer last wrote on in the conversation sends it. A reply
to mail read from files (channel `import`), or to an identity that never wrote
on any instance (channel ''), goes through an instance that reaches the
recipient's kind of identity: the one whose own address the customer wrote
to, else the only one.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.outbox_route import ANY_INSTANCE
from storage.outbox_state import OutboxRow
from storage.pipeline.instances import IMPORT, Channels

_ADD = 'add one ([channels.NAME] with type = "{kind}", see docs/configuration.md)'


@dataclass(frozen=True, slots=True)
class Route:
    instance: str | None
    reason: str = ""  # why no instance can send it, and what to configure


def _then(row: OutboxRow) -> str:
    return f"then `comptoir outbox retry {row.outbox_id}`"


def _named(row: OutboxRow, channels: Channels) -> Route:
    found = channels.named(row.channel)
    if found is None:
        return Route(
            None,
            f"the channel it answers on, {row.channel}, is not in the config: add "
            f"[channels.{row.channel}] (see docs/configuration.md), {_then(row)}",
        )
    cls = channels.capable(row.channel)
    if cls is None:
        return Route(
            None,
            f"channel {row.channel} needs the plugin {found.kind!r}, which is not "
            f"installed (`comptoir plugins list`): install it, {_then(row)}",
        )
    if not cls.capabilities.send:
        return Route(None, f"channel {row.channel} ({found.kind}) cannot send replies")
    return Route(row.channel)


def _by_kind(row: OutboxRow, channels: Channels) -> Route:
    kind = row.to[0][2] if row.to else "email"
    candidates = channels.reaching(kind)
    origin = (
        "was imported from files" if row.channel == IMPORT else "goes to an address"
    )
    if not candidates:
        return Route(
            None,
            f"this conversation {origin} and no {kind} channel is configured to "
            f"send it: {_ADD.format(kind=kind)}, {_then(row)}",
        )
    if len(candidates) == 1:
        return Route(candidates[0].name)
    wrote_to = {address.lower() for address in row.answered_to}
    for item in candidates:
        try:
            own = channels.open(item.name).own_addresses()
        except Exception:  # a broken instance says so when it is used
            continue
        if own & wrote_to:
            return Route(item.name)
    names = ", ".join(c.name for c in candidates)
    written = ", ".join(sorted(wrote_to)) or "no address"
    return Route(
        None,
        f"this conversation {origin}, written to {written}, which is the address "
        f"of none of the {kind} channels ({names}): set `address` on the one that "
        f"should answer it, {_then(row)}",
    )


def route(row: OutboxRow, channels: Channels) -> Route:
    if row.channel in (IMPORT, ANY_INSTANCE):
        return _by_kind(row, channels)
    return _named(row, channels)

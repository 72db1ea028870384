"""Who is on the page now, and the wires to them.

Each open websocket or waiting poll of a visitor listens on a queue; what the
shop says (a reply, typing) is put on every queue of that visitor, so every
tab they have open shows it. The channel's long poll waits on `inbound`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Payload = dict[str, Any]
QUEUE_SIZE = 256  # a listener this far behind is dropped; its page reconnects
MAX_LISTENERS = 20  # open pages and polls per visitor: more is a script, not tabs


class TooManyListeners(Exception):
    """The visitor has MAX_LISTENERS sockets and polls open already."""


class Hub:
    def __init__(
        self, away_after: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.away_after, self.clock = away_after, clock
        self._listeners: dict[str, set[asyncio.Queue[Payload]]] = {}
        self._seen: dict[str, float] = {}
        self._inbound = asyncio.Event()

    @contextmanager
    def listen(self, visitor_id: str) -> Iterator[asyncio.Queue[Payload]]:
        """A queue of what is pushed to this visitor while the block runs."""
        queue: asyncio.Queue[Payload] = asyncio.Queue(QUEUE_SIZE)
        queues = self._listeners.setdefault(visitor_id, set())
        if len(queues) >= MAX_LISTENERS:
            raise TooManyListeners(visitor_id)
        queues.add(queue)
        try:
            yield queue
        finally:
            self.seen(visitor_id)
            queues = self._listeners.get(visitor_id, set())
            queues.discard(queue)
            if not queues:
                self._listeners.pop(visitor_id, None)

    def seen(self, visitor_id: str) -> None:
        self._seen[visitor_id] = self.clock()
        if len(self._seen) > 50_000:  # forget visitors long gone
            limit = self.clock() - self.away_after
            self._seen = {k: t for k, t in self._seen.items() if t >= limit}

    def online(self, visitor_id: str) -> bool:
        """On the page: listening now, or seen within `away_after` seconds (a
        page being reloaded, a poll between two waits)."""
        if self._listeners.get(visitor_id):
            return True
        seen = self._seen.get(visitor_id)
        return seen is not None and self.clock() - seen < self.away_after

    def push(self, visitor_id: str, payload: Payload) -> int:
        """Put `payload` on each of the visitor's queues; how many took it."""
        delivered = 0
        for queue in list(self._listeners.get(visitor_id, ())):
            try:
                queue.put_nowait(payload)
                delivered += 1
            except asyncio.QueueFull:  # a stuck page: it catches up on reconnect
                continue
        return delivered

    def inbound_signal(self) -> asyncio.Event:
        """Take this before reading the store, then wait on it: a visitor's entry
        stored in between sets it, so the channel never sleeps past one."""
        return self._inbound

    def inbound_arrived(self) -> None:
        self._inbound.set()
        self._inbound = asyncio.Event()

    @property
    def connected(self) -> int:
        return sum(len(q) for q in self._listeners.values())

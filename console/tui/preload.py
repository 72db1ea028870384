"""The conversations beside the cursor, loaded before they are asked for.

Moving through the queue then shows the next conversation in the same frame as
the cursor, instead of a frame or two later (the store is fast; what costs is a
second layout and paint of the screen). Anything that changes the store starts
a new generation: what was loaded before it is dropped, never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from console.tui.context_pane import Context
from console.tui.inbox_data import Inbox
from storage.models import ConversationDetail
from storage.sla.deadline import Deadline

AROUND = (1, -1, 2)  # queue positions loaded ahead, from the cursor
KEPT = 12  # conversations kept loaded at most


@dataclass(frozen=True, slots=True)
class Loaded:
    detail: ConversationDetail
    context: Context
    outbox: dict[int, tuple[str, str]]
    deadline: Deadline | None  # its nearest, as just computed


class Preloader:
    """Owns what was read ahead; the screen asks it, and says when to forget."""

    def __init__(
        self, inbox: Inbox, prepare: Callable[[Loaded], None] = lambda _: None
    ) -> None:
        self.inbox = inbox
        self.prepare = prepare  # what is read ahead is drawn ahead too
        self.loaded: dict[int, Loaded] = {}
        self.generation = 0

    async def fetch(self, conversation_id: int) -> Loaded:
        detail = await self.inbox.conversation(conversation_id)
        deadline, lines = await self.inbox.deadline(conversation_id)
        return Loaded(
            detail,
            await self.inbox.context(detail, lines),
            await self.inbox.outbox_of(conversation_id),
            deadline,
        )

    def get(self, conversation_id: int | None) -> Loaded | None:
        return None if conversation_id is None else self.loaded.get(conversation_id)

    def keep(self, loaded: Loaded, generation: int) -> None:
        if generation == self.generation:
            self.loaded[loaded.detail.summary.id] = loaded

    def forget(self) -> None:
        """The store changed: nothing loaded so far may be shown."""
        self.generation += 1
        self.loaded = {}

    def wanted(self, ids: list[int], here: int) -> list[int]:
        """The neighbours of the cursor not loaded yet."""
        return [
            ids[here + step]
            for step in AROUND
            if 0 <= here + step < len(ids) and ids[here + step] not in self.loaded
        ]

    async def preload(self, wanted: list[int], generation: int) -> None:
        for conversation_id in wanted:
            loaded = await self.fetch(conversation_id)
            if generation != self.generation:
                return
            self.loaded[conversation_id] = loaded
            self.prepare(loaded)
        while len(self.loaded) > KEPT:  # the oldest loaded go first
            del self.loaded[next(iter(self.loaded))]

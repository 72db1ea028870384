"""The conversations beside the cursor, loaded before they are asked for.

Moving through the queue then shows the next conversation in the same frame as
the cursor, instead of a frame or two later (the store is fast; what costs is a
second layout and paint of the screen). Anything that changes the store starts
a new generation: what was loaded before it is dropped, never shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from console.tui.context_pane import Context, ContextPane
from console.tui.inbox_timers import TimersMixin
from storage.models import ConversationDetail

AROUND = (1, -1, 2)  # queue positions loaded ahead, from the cursor
KEPT = 12  # conversations kept loaded at most


@dataclass(frozen=True, slots=True)
class Loaded:
    detail: ConversationDetail
    context: Context
    outbox: dict[int, tuple[str, str]]


class PreloadMixin(TimersMixin):
    preloaded: dict[int, Loaded]
    generation = 0

    async def fetch_loaded(self, conversation_id: int) -> Loaded:
        detail = await self.inbox.conversation(conversation_id)
        context = await self.inbox.context(detail)
        deadlines = await self.refresh_deadline(conversation_id)
        return Loaded(
            detail,
            replace(context, deadlines=deadlines),
            await self.inbox.outbox_of(conversation_id),
        )

    async def show_loaded(self, loaded: Loaded | None) -> None:
        if loaded is None:
            await self.view.show(None)
            await self.query_one(ContextPane).show(None)
            return
        await self.view.show(loaded.detail, loaded.outbox)
        await self.query_one(ContextPane).show(loaded.context)

    def forget_loaded(self) -> None:
        """The store changed: nothing loaded so far may be shown."""
        self.generation += 1
        self.preloaded = {}
        self.workers.cancel_group(self, "preload")

    def preload_around(self, conversation_id: int) -> None:
        ids = self.queue.ids
        if conversation_id not in ids:
            return
        here = self.queue.cursor
        wanted = [
            ids[here + step]
            for step in AROUND
            if 0 <= here + step < len(ids) and ids[here + step] not in self.preloaded
        ]
        if wanted:
            self.run_worker(
                self._preload(wanted, self.generation),
                group="preload",
                exclusive=True,
                exit_on_error=False,
            )

    async def _preload(self, wanted: list[int], generation: int) -> None:
        for conversation_id in wanted:
            loaded = await self.fetch_loaded(conversation_id)
            if generation != self.generation:
                return
            self.preloaded[conversation_id] = loaded
        while len(self.preloaded) > KEPT:  # the oldest loaded go first
            del self.preloaded[next(iter(self.preloaded))]

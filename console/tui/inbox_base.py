"""What the inbox screen's parts (its mixins) may count on from one another.

The screen is split by concern (changes, writing, timers, live channels); this
base names, for the type checker, what each part uses of the others.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

if TYPE_CHECKING:
    from console.tui.composer import Composer
    from console.tui.conversation_view import ConversationView
    from console.tui.inbox_data import Inbox
    from console.tui.queue_list import QueueList


class InboxBase(Screen[None]):
    if TYPE_CHECKING:
        inbox: Inbox
        open_id: int | None
        view_name: str
        query_text: str
        views: list[tuple[str, str]]
        load_queue: Callable[..., object]
        load_conversation: Callable[..., object]

        @property
        def queue(self) -> QueueList: ...
        @property
        def view(self) -> ConversationView: ...
        @property
        def composer(self) -> Composer: ...
        def perform(
            self,
            change: Callable[[], Awaitable[Any]],
            done: str = "",
            refresh: bool = True,
        ) -> None: ...
        def reload(self) -> None: ...
        def send_now(self) -> None: ...
        def show_status(self, count: int) -> None: ...
        async def _load_deadlines(self) -> None: ...

        deadlines_known: bool

        async def apply_order(self) -> None: ...
        async def refresh_deadline(
            self, conversation_id: int
        ) -> list[tuple[str, str, str]]: ...

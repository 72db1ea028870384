"""The queue: a virtual list drawn line by line, rows fetched as they scroll.

Only ids are held for the whole view; rows are asked of the store a page at a
time when they come on screen, so 100,000 conversations open as fast as 10.
The queue owns its order (by deadline, once the deadlines are known), its
cursor and its badges' clock; it says where the cursor is with `Selected`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker

from console.tui.messages import failure
from console.tui.queue_order import breached, by_deadline
from console.tui.queue_row import ROW_HEIGHT, row_segments
from storage.queue import QueueRow
from storage.sla.deadline import Deadline


@dataclass(frozen=True, slots=True)
class _Drawn:
    """One line of a row as drawn, and what it was drawn from."""

    row: QueueRow
    deadline: Deadline | None
    strip: Strip


RowLoader = Callable[[Sequence[int]], Awaitable[dict[int, QueueRow]]]
PAGE = 100
TICK_SECONDS = 20.0
SORT_INLINE = 2000  # ids sorted on the event loop; more go to a thread
KEPT_LINES = 4000  # drawn lines kept (a few screens of scrolling)


class QueueList(ScrollView, can_focus=True):
    """The conversations of the current view, the most urgent first."""

    # No scrollbar: drawing one over 200,000 virtual lines cost more than the
    # rows themselves at every move (the status line says how many there are).
    DEFAULT_CSS = """
    QueueList { background: $surface; scrollbar-size-vertical: 0; }
    QueueList:focus { background-tint: $foreground 3%; }
    QueueList > .queue--cursor { background: $accent 35%; text-style: bold; }
    QueueList:focus > .queue--cursor { background: $accent 70%; }
    """
    COMPONENT_CLASSES = {"queue--cursor"}

    # Not repainted whole when it moves: watch_cursor repaints the two rows.
    cursor: reactive[int] = reactive(0, repaint=False)

    class Selected(Message):
        """The cursor is on this conversation (None: the view is empty)."""

        def __init__(self, conversation_id: int | None) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    class Opened(Message):
        """Enter on a conversation: read it."""

        def __init__(self, conversation_id: int) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    class Breached(Message):
        """These conversations went past their target since the last tick."""

        def __init__(self, ids: list[int]) -> None:
            super().__init__()
            self.ids = ids

    def __init__(
        self, loader: RowLoader, clock: Callable[[], datetime], id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._loader = loader
        self._clock = clock
        self.ids: list[int] = []
        self.rows: dict[int, QueueRow] = {}
        # filled when the timers are known: a dict of Deadline over arrays
        self.deadlines: MutableMapping[int, Deadline] = {}
        self.deadlines_known = False
        self._announced: frozenset[int] = frozenset()
        self._asked: set[int] = set()  # pages requested and not yet answered
        self._styles: dict[bool, Style] = {}
        # Drawn row lines, kept until the clock ticks (their badges) or the
        # rows or deadlines change: a move that scrolls draws every line again.
        self._drawn: dict[tuple[int, int, bool, int, Style], _Drawn] = {}
        self._generation = 0  # the latest `present`; older ones give way

    # -- content --------------------------------------------------------------

    async def present(
        self,
        ids: list[int],
        *,
        keep: int | None = None,
        top: bool = False,
        fresh: bool = False,
        rows: Mapping[int, QueueRow] | None = None,
        changes: Mapping[int, Deadline | None] | None = None,
    ) -> None:
        """Show the view's ids, in urgency order once the deadlines are known.

        The cursor goes to the top for `top` (a new view), else onto `keep`
        when it is there, else stays at its place. `rows` and `changes` (rows
        and deadlines read again after a change) are shown with the new order,
        in the same frame; `fresh` reads every row on screen again first."""
        self._generation += 1
        generation = self._generation
        ordered = await self._ordered(ids, changes or {})
        index = self._place(ordered, keep, top)
        if fresh:
            half = self.size.height // ROW_HEIGHT + 1
            window = ordered[max(0, index - half) : index + half]
            rows = {**(rows or {}), **await self._loader(window)}
        if generation != self._generation:  # a newer view or order won
            return
        if fresh:
            self.rows, self._asked = {}, set()
        self.rows.update(rows or {})
        for cid, deadline in (changes or {}).items():
            self._set_deadline(cid, deadline)
        self.ids = ordered
        self.virtual_size = Size(self.size.width, len(ordered) * ROW_HEIGHT)
        if top:
            self.scroll_to(y=0, animate=False, immediate=True)
        if index == self.cursor:  # else the cursor's watcher says it
            self.post_message(self.Selected(self.current))
        self.cursor = index
        self.refresh()

    async def _ordered(
        self, ids: list[int], changes: Mapping[int, Deadline | None]
    ) -> list[int]:
        if not self.deadlines_known:
            return ids
        if len(ids) <= SORT_INLINE:
            return by_deadline(ids, self.deadlines, changes)
        # 100,000 ids take a tenth of a second to sort: in a thread, keys still work.
        return await asyncio.to_thread(by_deadline, ids, self.deadlines, changes)

    def _place(self, ids: list[int], keep: int | None, top: bool) -> int:
        if top or not ids:
            return 0
        if keep is not None and keep in ids:
            return ids.index(keep)
        return min(self.cursor, len(ids) - 1)

    def successor(self, conversation_id: int) -> int | None:
        """The conversation that takes this one's place when it leaves: the next
        row, or the previous one at the end."""
        if conversation_id not in self.ids:
            return None
        index = self.ids.index(conversation_id)
        if index + 1 < len(self.ids):
            return self.ids[index + 1]
        return self.ids[index - 1] if index else None

    def refresh_rows(self, rows: dict[int, QueueRow]) -> None:
        self.rows.update(rows)
        self.refresh()

    async def set_deadlines(
        self, deadlines: MutableMapping[int, Deadline], keep: int | None
    ) -> None:
        """Every deadline, once known: the queue sorts by them (the cursor on
        `keep`, else at the top), and its badges tick from the clock from then
        on (announcing breaches once)."""
        first = not self.deadlines_known
        self.deadlines, self.deadlines_known = deadlines, True
        self._announced = frozenset(breached(deadlines, self._now()))
        if first:
            self.set_interval(TICK_SECONDS, self.tick)
        await self.present(self.ids, keep=keep, top=keep is None)

    def set_deadline(self, conversation_id: int, deadline: Deadline | None) -> None:
        """One conversation's deadline read again (its badge; not its place).

        Only its row is painted again, and only if the deadline changed: this
        runs at every move, and a whole queue repainted cost a third of a frame."""
        if self.deadlines.get(conversation_id) == deadline:
            return
        self._set_deadline(conversation_id, deadline)
        if conversation_id == self.current:
            self.refresh_row(self.cursor)
        else:
            self.refresh()

    def _set_deadline(self, conversation_id: int, deadline: Deadline | None) -> None:
        if deadline is None:
            self.deadlines.pop(conversation_id, None)
        else:
            self.deadlines[conversation_id] = deadline

    @property
    def current(self) -> int | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    # -- movement -------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_cursor_first(self) -> None:
        self.move_to(0)

    def action_cursor_last(self) -> None:
        self.move_to(len(self.ids) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def move(self, delta: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, self.cursor + delta))

    def move_to(self, index: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, index))

    def watch_cursor(self, old: int, new: int) -> None:
        self._keep_in_view(new)
        self.refresh_row(old)
        self.refresh_row(new)
        self.post_message(self.Selected(self.current))

    def refresh_row(self, index: int) -> None:
        for part in range(ROW_HEIGHT):
            self.refresh_line(index * ROW_HEIGHT + part - int(self.scroll_y))

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", None)
        if isinstance(y, int):
            self.move_to((int(self.scroll_y) + y) // ROW_HEIGHT)

    # -- the clock ------------------------------------------------------------

    def _now(self) -> int:
        return int(self._clock().timestamp())

    def tick(self) -> None:
        """Badges are drawn from the clock; say, once, what breached just now."""
        self._drawn.clear()
        self.refresh()
        late = [
            c for c in breached(self.deadlines, self._now()) if c not in self._announced
        ]
        if late:
            self._announced = self._announced | set(late)
            self.post_message(self.Breached(late))

    # -- drawing --------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        index, part = divmod(line, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        if index >= len(self.ids):
            return Strip.blank(width, self.rich_style)
        row = self.rows.get(self.ids[index])
        if row is None:
            self._ask_for(index)
            return Strip(
                [Segment(" …" if part == 0 else "", self.rich_style)]
            ).adjust_cell_length(width, self.rich_style)
        selected = index == self.cursor
        base = self._base(selected)
        deadline = self.deadlines.get(row.id)
        key = (row.id, part, selected, width, base)
        drawn = self._drawn.get(key)
        if drawn is None or drawn.row is not row or drawn.deadline != deadline:
            segments = row_segments(
                row, deadline, self._clock(), width, base, part, selected
            )
            strip = Strip(segments).adjust_cell_length(width, base)
            if len(self._drawn) > KEPT_LINES:
                self._drawn.clear()
            drawn = self._drawn[key] = _Drawn(row, deadline, strip)
        return drawn.strip

    def render_lines(self, crop: Region) -> list[Strip]:
        self._styles = {}  # looked up once per paint, not per line
        return super().render_lines(crop)

    def _base(self, selected: bool) -> Style:
        found = self._styles.get(selected)
        if found is None:
            found = self.rich_style
            if selected:
                found += self.get_component_rich_style("queue--cursor")
            self._styles[selected] = found
        return found

    def _ask_for(self, index: int) -> None:
        page = index // PAGE
        if page in self._asked:
            return
        self._asked.add(page)
        wanted = self.ids[page * PAGE : (page + 1) * PAGE]
        self.run_worker(
            self._fetch(page, wanted), group="queue-rows", exit_on_error=False
        )

    async def _fetch(self, page: int, wanted: list[int]) -> None:
        rows = await self._loader(wanted)
        if wanted and wanted[0] in self.ids:  # the view may have changed meanwhile
            self.refresh_rows(rows)
        self._asked.discard(page)

    def _keep_in_view(self, index: int) -> None:
        top, bottom = index * ROW_HEIGHT, (index + 1) * ROW_HEIGHT
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + self.size.height:
            self.scroll_to(y=bottom - self.size.height, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids) * ROW_HEIGHT)

    def on_show(self) -> None:
        # The cursor may have moved while the queue was hidden behind an open
        # conversation (the order changing when the deadlines came): its row
        # could then sit above the view, with nothing on screen marked.
        self._keep_in_view(self.cursor)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if failed := failure(event):
            self.post_message(failed)

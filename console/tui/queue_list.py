"""The queue: a virtual list drawn line by line, rows fetched as they scroll.

Only ids are held for the whole view; rows are asked of the store a page at a
time when they come on screen, so 100,000 conversations open as fast as 10.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.text import one_line
from console.tui.badges import deadline_badge, waiting_badge
from storage.queue import QueueRow
from storage.sla.deadlines import Deadline, DeadlineTable

RowLoader = Callable[[Sequence[int]], Awaitable[dict[int, QueueRow]]]
PAGE = 100
ROW_HEIGHT = 2
_STATUS = {"open": "●", "pending": "◔", "snoozed": "☾", "closed": "✓"}
_PRIORITY = {"urgent": "!!", "high": "! ", "normal": "  ", "low": "↓ "}


class QueueList(ScrollView, can_focus=True):
    """The conversations of the current view, the most urgent first."""

    # No scrollbar: drawing one over 200,000 virtual lines cost more than the
    # rows themselves at every move (the status line says how many there are).
    DEFAULT_CSS = """
    QueueList { background: $surface; scrollbar-size-vertical: 0; }
    QueueList:focus { background-tint: $foreground 3%; }
    """
    COMPONENT_CLASSES = {"queue--cursor", "queue--dim", "queue--urgent", "queue--late"}

    cursor: reactive[int] = reactive(0)

    class Highlighted(Message):
        def __init__(self, conversation_id: int | None) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def __init__(
        self,
        loader: RowLoader,
        clock: Callable[[], datetime],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._loader = loader
        self._clock = clock
        self.ids: list[int] = []
        self.rows: dict[int, QueueRow] = {}
        # filled when the timers are known; a dict of Deadline over arrays
        self.deadlines: MutableMapping[int, Deadline] = DeadlineTable.empty()
        self._asked: set[int] = set()  # pages requested and not yet answered
        self._styles: dict[bool, Style] = {}

    # -- content --------------------------------------------------------------

    def show_ids(
        self, ids: list[int], keep: int | None = None, fresh_rows: bool = True
    ) -> None:
        """Replace the view's ids; keep the cursor on `keep` when it is still there.
        `fresh_rows=False` keeps the rows already fetched (the same view, longer)."""
        self.ids = ids
        if fresh_rows:
            self.rows.clear()
            self._asked.clear()
        self.virtual_size = Size(self.size.width, len(ids) * ROW_HEIGHT)
        index = (
            ids.index(keep) if keep in ids else min(self.cursor, max(0, len(ids) - 1))
        )
        self.cursor = index
        self._announce()
        self.refresh()

    def refresh_rows(self, rows: dict[int, QueueRow]) -> None:
        self.rows.update(rows)
        self.refresh()

    @property
    def current(self) -> int | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    # -- movement -------------------------------------------------------------

    def move(self, delta: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, self.cursor + delta))

    def move_to(self, index: int) -> None:
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, index))

    def watch_cursor(self, old: int, new: int) -> None:
        top, bottom = new * ROW_HEIGHT, (new + 1) * ROW_HEIGHT
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + self.size.height:
            self.scroll_to(y=bottom - self.size.height, animate=False, immediate=True)
        self.refresh_row(old)
        self.refresh_row(new)
        self._announce()

    def refresh_row(self, index: int) -> None:
        for part in range(ROW_HEIGHT):
            self.refresh_line(index * ROW_HEIGHT + part - int(self.scroll_y))

    def _announce(self) -> None:
        self.post_message(self.Highlighted(self.current))

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", None)
        if isinstance(y, int):
            self.move_to((int(self.scroll_y) + y) // ROW_HEIGHT)

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
        segments = self._segments(row, width, index == self.cursor, part)
        return Strip(segments).adjust_cell_length(
            width, self._base(index == self.cursor)
        )

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

    def _segments(
        self, row: QueueRow, width: int, selected: bool, part: int
    ) -> list[Segment]:
        """Line 0: status, customer, tags, badge. Line 1: subject and first words."""
        base = self._base(selected)
        dim = base + Style(dim=True)
        if part == 1:
            gist = row.subject or row.first_words
            extra = f" — {row.first_words}" if row.subject and row.first_words else ""
            text = one_line(gist + extra, max(1, width - len(row.channel) - 5))
            pad = max(1, width - len(text) - len(row.channel) - 4)
            return [
                Segment("   " + text, base),
                Segment(" " * pad + row.channel + " ", dim),
            ]
        deadline = self.deadlines.get(row.id)
        now = self._clock()
        badge = deadline_badge(deadline, now) if deadline else waiting_badge(row, now)
        badge_style = base + Style.parse(badge.style) if badge.style else base
        mark = _STATUS.get(row.status, "?") + _PRIORITY.get(row.priority, "  ")
        tags = " ".join(f"#{tag}" for tag in row.tags)
        room = max(4, width - len(mark) - len(badge.text) - 2)
        who = one_line(row.customer, room)
        tags = " " + one_line(tags, max(0, room - len(who) - 1)) if tags else ""
        pad = max(1, width - len(mark) - len(who) - len(tags) - len(badge.text) - 1)
        return [
            Segment(mark, base),
            Segment(who, base + Style(bold=True)),
            Segment(tags, dim),
            Segment(" " * pad, base),
            Segment(badge.text + " ", badge_style),
        ]

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids) * ROW_HEIGHT)

"""One conversation of the queue, drawn on two lines: who and how urgent, then
what about. The row under the cursor starts with a bar, so that it shows even
where colours do not."""

from __future__ import annotations

from datetime import datetime

from rich.segment import Segment
from rich.style import Style

from console.text import one_line
from console.tui.badges import deadline_badge, waiting_badge
from console.tui.language_badge import badge as language_badge
from storage.queue import QueueRow
from storage.sla.deadline import Deadline

ROW_HEIGHT = 2
CURSOR_MARK = "▌"
_STATUS = {"open": "●", "pending": "◔", "snoozed": "☾", "closed": "✓"}
_PRIORITY = {"urgent": "!!", "high": "! ", "normal": "  ", "low": "↓ "}


def row_segments(
    row: QueueRow,
    deadline: Deadline | None,
    now: datetime,
    width: int,
    base: Style,
    part: int,
    selected: bool,
) -> list[Segment]:
    """Line 0: status, customer, tags, badge. Line 1: subject and first words."""
    dim = base + Style(dim=True)
    lead = Segment(CURSOR_MARK if selected else " ", base)
    width -= 1
    if part == 1:
        gist = row.subject or row.first_words
        extra = f" — {row.first_words}" if row.subject and row.first_words else ""
        where = f"{language_badge(row.language)} {row.channel}".lstrip()
        text = one_line(gist + extra, max(1, width - len(where) - 5))
        pad = max(1, width - len(text) - len(where) - 4)
        return [
            lead,
            Segment("   " + text, base),
            Segment(" " * pad + where + " ", dim),
        ]
    badge = deadline_badge(deadline, now) if deadline else waiting_badge(row, now)
    badge_style = base + Style.parse(badge.style) if badge.style else base
    mark = _STATUS.get(row.status, "?") + _PRIORITY.get(row.priority, "  ")
    tags = " ".join(f"#{tag}" for tag in row.tags)
    room = max(4, width - len(mark) - len(badge.text) - 2)
    who = one_line(row.customer, room)
    tags = " " + one_line(tags, max(0, room - len(who) - 1)) if tags else ""
    pad = max(1, width - len(mark) - len(who) - len(tags) - len(badge.text) - 1)
    return [
        lead,
        Segment(mark, base),
        Segment(who, base + Style(bold=True)),
        Segment(tags, dim),
        Segment(" " * pad, base),
        Segment(badge.text + " ", badge_style),
    ]

"""How much of a message the conversation pane paints, quoted history split off
(storage/quotes.py finds it).

Both run each time a conversation is shown, on mail from anyone: linear time
whatever the text (a quote bomb of 16,000 `>` lines took a minute when each
`>` line rescanned the rest), and a hostile size (a 10 MB body) cut to what a
person reads, the rest a key away.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.quotes import split_quoted

__all__ = ["Shown", "shown", "split_quoted"]

# What the pane paints of one message: folded, its first screens; shown whole
# (z), still a bound (z stays on while moving, and painting costs about 1 ms a
# line): the rest is for `comptoir conversations show`.
FOLDED_LINES, FOLDED_CHARS = 150, 15_000
WHOLE_LINES, WHOLE_CHARS = 1_500, 150_000


@dataclass(frozen=True, slots=True)
class Shown:
    """What the pane paints of a message, and how many lines it leaves out."""

    fresh: str
    quoted: str
    hidden_lines: int


def shown(text: str, whole: bool) -> Shown:
    """The part of `text` to paint: its first screens, or (z) as much as the
    pane can paint at once; quoted history split off in either."""
    lines, chars = (WHOLE_LINES, WHOLE_CHARS) if whole else (FOLDED_LINES, FOLDED_CHARS)
    head = text[:chars]
    if head.count("\n") >= lines:
        head = head[: _nth_line_end(head, lines)]
    hidden = 0
    if len(head) < len(text):
        rest = len(head) + (text[len(head)] == "\n")  # no copy of a 10 MB rest
        hidden = text.count("\n", rest) + (not text.endswith("\n"))
    fresh, quoted = split_quoted(head)
    return Shown(fresh, quoted, hidden)


def _nth_line_end(text: str, count: int) -> int:
    at = -1
    for _ in range(count):
        at = text.find("\n", at + 1)
    return at

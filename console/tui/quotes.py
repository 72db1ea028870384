"""Quoted history in a message: found so that it can be folded away; and how
much of a message the conversation pane paints.

Both run each time a conversation is shown, on mail from anyone: linear time
whatever the text (a quote bomb of 16,000 `>` lines took a minute when each
`>` line rescanned the rest), and a hostile size (a 10 MB body) cut to what a
person reads, the rest a key away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "On Mon, 4 May 2026, Ann <ann@x> wrote:", "Le 4 mai 2026 à 10:02, Ann a écrit :",
# Outlook's "-----Original Message-----" and "De : ... Envoyé : ..." blocks.
_INTRO = re.compile(
    r"^\s*(on .{3,200} wrote:|le .{3,200} a écrit ?:|am .{3,200} schrieb .{0,80}:"
    r"|-{2,}\s*(original message|message d'origine|mensaje original)\s*-{2,}"
    r"|(from|de) ?: .+)\s*$",
    re.IGNORECASE,
)
# What the pane paints of one message: folded, its first screens; shown whole
# (z), still a bound (z stays on while moving, and painting costs about 1 ms a
# line): the rest is for `comptoir conversations show`.
FOLDED_LINES, FOLDED_CHARS = 150, 15_000
WHOLE_LINES, WHOLE_CHARS = 1_500, 150_000


def split_quoted(text: str) -> tuple[str, str]:
    """The new text, and the quoted history after it ('' when there is none).

    History starts at a quote intro line or at the first run of `>` lines that
    goes on to the end (apart from blank lines and signatures' dashes).
    """
    lines = text.splitlines()
    below = _Below(lines)
    for index, line in enumerate(lines):
        if (_INTRO.match(line) and below.quoted_below(index + 1)) or (
            line.startswith(">") and below.rest_is_quote(index)
        ):
            return _join(lines[:index]), _join(lines[index:])
    return text.rstrip(), ""


class _Below:
    """Counts over the lines from each index to the end, made in one pass."""

    def __init__(self, lines: list[str]) -> None:
        count = len(lines)
        self.body = [0] * (count + 1)  # non-blank lines from here on
        self.quoted = [0] * (count + 1)  # ... of which start with '>'
        self.next_body = [count] * (count + 1)  # the first non-blank from here
        for index in range(count - 1, -1, -1):
            line = lines[index]
            filled = bool(line.strip())
            self.body[index] = self.body[index + 1] + filled
            self.quoted[index] = self.quoted[index + 1] + (
                filled and line.startswith(">")
            )
            self.next_body[index] = index if filled else self.next_body[index + 1]
        self.lines = lines

    def quoted_below(self, start: int) -> bool:
        first = self.next_body[start]
        if first >= len(self.lines):
            return False
        return self.lines[first].startswith(">") or self.body[start] >= 2

    def rest_is_quote(self, start: int) -> bool:
        return self.quoted[start] >= max(1, int(self.body[start] * 0.8))


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


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

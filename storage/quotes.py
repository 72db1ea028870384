"""Quoted history and signatures in a message: what the customer did not write now.

The console folds the history away (console/tui/quotes.py); the language
detector reads only the customer's own words (a reply above the shop's French
answer is in English). Linear time whatever the text: a quote bomb of 16,000
`>` lines took a minute when each `>` line rescanned the rest.
"""

from __future__ import annotations

import re
from itertools import accumulate

# "On Mon, 4 May 2026, Ann <ann@x> wrote:", "Le 4 mai 2026 à 10:02, Ann a écrit :",
# "Am ... schrieb ...:", "El ... escribió:", "Il giorno ... ha scritto:", Outlook's
# "-----Original Message-----" and "De : ... Envoyé : ..." blocks.
_INTRO = re.compile(
    r"^\s*(on .{3,200} wrote:|le .{3,200} a écrit ?:|am .{3,200} schrieb .{0,80}:"
    r"|el .{3,200} escribió:|il giorno .{3,200} ha scritto:"
    r"|-{2,}\s*(original message|message d'origine|mensaje original"
    r"|ursprüngliche nachricht|messaggio originale)\s*-{2,}"
    r"|(from|de|von|da) ?: .+)\s*$",
    re.IGNORECASE,
)
# What mail apps add under the text: "Sent from my iPhone" and its translations.
_DEVICE = re.compile(
    r"^\s*(sent from my .{1,40}|envoyé de mon .{1,40}|envoyé depuis mon .{1,40}"
    r"|von meinem .{1,40} gesendet|enviado desde mi .{1,40}|inviato da .{1,40}"
    r"|get outlook for .{1,30})\s*$",
    re.IGNORECASE,
)
_SIGNATURE = ("--", "-- ", "—")


def split_quoted(text: str) -> tuple[str, str]:
    """The new text, and the quoted history after it ('' when there is none).

    History starts at a quote intro line or at the first run of `>` lines that
    goes on to the end (apart from blank lines and signatures' dashes).
    """
    lines = text.splitlines()
    below: _Below | None = None  # counted once a `>` line needs it
    for index, line in enumerate(lines):
        if line.startswith(">"):
            below = below or _Below(lines)
            if below.rest_is_quote(index):
                return _join(lines[:index]), _join(lines[index:])
        # Every intro holds a ':' or a '--': most lines are settled by that.
        elif (
            (":" in line or "--" in line)
            and _INTRO.match(line)
            and _quoted_below(lines, index + 1)
        ):
            return _join(lines[:index]), _join(lines[index:])
    return text.rstrip(), ""


def _quoted_below(lines: list[str], start: int) -> bool:
    """Whether history follows an intro line: the first non-blank line from
    `start` is a `>` line, or two non-blank lines follow. It reads up to the
    second non-blank line, so a blank line is read for two intros at most."""
    filled = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if line.startswith(">") and not filled:
                return True
            filled += 1
            if filled == 2:
                return True
    return False


def customer_words(text: str) -> str:
    """The words the customer wrote in this message: above the quoted history,
    the `-- ` signature and the "Sent from my iPhone" line, `>` lines left out."""
    new, _ = split_quoted(text)
    kept: list[str] = []
    for line in new.splitlines():
        if line.rstrip() in _SIGNATURE or _DEVICE.match(line):
            break
        if not line.startswith(">"):
            kept.append(line)
    return _join(kept).strip()


class _Below:
    """Counts over the lines from each index to the end, made in one pass."""

    def __init__(self, lines: list[str]) -> None:
        filled = [bool(line.strip()) for line in lines]
        quoted = [
            f and line.startswith(">") for f, line in zip(filled, lines, strict=True)
        ]
        # Suffix sums: from each index to the end (one more entry, 0, past it).
        self.body = list(accumulate(reversed(filled), initial=0))[::-1]
        self.quoted = list(accumulate(reversed(quoted), initial=0))[::-1]

    def rest_is_quote(self, start: int) -> bool:
        return self.quoted[start] >= max(1, int(self.body[start] * 0.8))


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")

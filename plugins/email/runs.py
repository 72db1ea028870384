"""Runs of lines that cannot shape a MIME tree, handed to the parser as one line.

The stdlib feed parser costs about a microsecond per line, and most lines of a
mail (base64 above all) play no part in its structure: no header or
continuation line (no ':', no leading blank), no boundary ('--'), no blank
line, no mbox 'From '. A run of such lines is replaced by one token line
before parsing, and put back in the payloads afterwards: the parser builds the
same tree from far fewer lines (checked against the stdlib in the tests).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import Message

MIN_LINES = 8
TOKEN_MARK = "\x00comptoir-run-"
_TOKEN = re.compile("\x00comptoir-run-([0-9]+)\x00")
# Every byte but CR, LF and ':' read as 'a': a line free of ':' is then `a++`,
# which the regex engine scans several times faster than a character class
# (possessive: a line with a ':' fails at once, with no backtracking).
_PLAIN = bytes(b if b in b"\r\n:" else 0x61 for b in range(256))
_CANDIDATES = re.compile(rb"\n((?:a++\r?\n){%d,})" % MIN_LINES)
# Lines that may still matter although free of ':'.
_STRUCTURAL = re.compile(rb"\n(?:--|From |[ \t])")
_STRUCTURAL_FIRST = (b"--", b"From ", b" ", b"\t")


def collapse(raw: bytes) -> tuple[str, list[str]]:
    """The text to parse, and the runs its tokens stand for (by number)."""
    text = raw.decode("ascii", "surrogateescape")  # one char per byte
    if TOKEN_MARK in text:  # never confuse the sender's text with a token
        return text, []
    pieces: list[str] = []
    runs: list[str] = []
    done = 0
    for found in _CANDIDATES.finditer(raw.translate(_PLAIN)):
        for start, end in _inert_spans(raw, *found.span(1)):
            pieces.append(text[done:start])
            pieces.append(_stash(text[start:end], runs))
            done = end
    if not runs:
        return text, []
    pieces.append(text[done:])
    return "".join(pieces), runs


def _inert_spans(raw: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The stretches of a ':'-free run whose lines also start harmlessly."""
    cut = start
    if raw.startswith(_STRUCTURAL_FIRST, start):
        cut = raw.index(b"\n", start) + 1
    for hit in _STRUCTURAL.finditer(raw, start, end):
        line = hit.start() + 1
        if line < cut:
            continue
        if raw.count(b"\n", cut, line) >= MIN_LINES:
            yield cut, line
        cut = raw.index(b"\n", line) + 1
    if raw.count(b"\n", cut, end) >= MIN_LINES:
        yield cut, end


def _stash(run: str, runs: list[str]) -> str:
    """Keep a run aside; its token line ends as the run's last line did."""
    ending = "\r\n" if run.endswith("\r\n") else "\n"
    runs.append(run[: -len(ending)])
    return f"{TOKEN_MARK}{len(runs) - 1}\x00{ending}"


def restore(message: Message, runs: list[str]) -> None:
    """Put the runs back wherever the parser left their tokens."""

    def put_back(text: str) -> str:
        if TOKEN_MARK not in text:
            return text
        return _TOKEN.sub(lambda found: runs[int(found.group(1))], text)

    stack = [message]
    while stack:
        part = stack.pop()
        payload = getattr(part, "_payload", None)
        if isinstance(payload, list):
            stack.extend(p for p in payload if isinstance(p, Message))
        elif isinstance(payload, str):
            part.set_payload(put_back(payload))
        if part.preamble is not None:
            part.preamble = put_back(part.preamble)
        if part.epilogue is not None:
            part.epilogue = put_back(part.epilogue)

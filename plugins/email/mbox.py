"""mbox files, streamed: each message handed on as soon as it ends.

Messages are split on `From ` lines that follow a blank line; a message's bytes
run up to the next separator, its trailing blank line included, as mime4j and
MimeKit read them, and are kept exactly as in the file (`>From ` quoting
included) so that an export gives them back. Where a message says how long its
body is (`Content-Length:`, written by Solaris and System V mailers, which do
not quote `From ` in bodies), that length is used when it ends on a separator.
Lines are read in bounded pieces and an oversized message is skipped, so memory
stays flat whatever the file holds.
"""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from plugins.email.mailfile import (
    MAX_MESSAGE_BYTES,
    MailFileError,
    MailSource,
    Problem,
    raise_problem,
    size_problem,
)

_PIECE = 1 << 16  # the longest line read at once; longer lines come in pieces
_BLANK = (b"\n", b"\r\n")
_CONTENT_LENGTH = re.compile(
    rb"^content-length:[ \t]*(\d{1,12})[ \t]*\r?$", re.I | re.M
)


def _from_line_time(line: bytes, fallback: int) -> int:
    # "From sender@example.com Mon Jan  5 10:12:00 2026"
    parts = line.decode("ascii", "replace").split()
    if len(parts) >= 7:
        try:
            return calendar.timegm(
                time.strptime(" ".join(parts[-5:]), "%a %b %d %H:%M:%S %Y")
            )
        except (ValueError, OverflowError):
            pass
    return fallback


class _Message:
    """The message being read: its pieces, or only its size once too big."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []
        self.size = 0
        self.headers_done = False

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size <= MAX_MESSAGE_BYTES:
            self.pieces.append(piece)
        else:
            self.pieces.clear()

    def content_length(self) -> int | None:
        found = _CONTENT_LENGTH.search(b"".join(self.pieces))
        return int(found.group(1)) if found else None


class _Reader:
    def __init__(self, handle: BinaryIO, path: Path, on_problem: Problem) -> None:
        self.handle, self.path, self.on_problem = handle, path, on_problem

    def messages(self, first: bytes, fallback: int) -> Iterator[MailSource]:
        index, separator = 0, first
        while separator:
            when = _from_line_time(separator, fallback)
            message, separator = self._one()
            origin = f"{self.path}#{index}"
            if message.size > MAX_MESSAGE_BYTES:
                self.on_problem(MailFileError(size_problem(message.size), origin))
            else:
                yield MailSource(b"".join(message.pieces), origin, when)
            index += 1

    def _one(self) -> tuple[_Message, bytes]:
        """One message, and the separator line after it (b"" at the end)."""
        message = _Message()
        at_start, after_blank = True, True  # as if a blank line came before
        while piece := self.handle.readline(_PIECE):
            if at_start and after_blank and piece.startswith(b"From "):
                return message, self.whole_line(piece)
            blank = at_start and piece in _BLANK
            message.add(piece)
            at_start = piece.endswith(b"\n")
            after_blank = blank
            if blank and not message.headers_done:
                message.headers_done = True
                separator = self._by_length(message)
                if separator is not None:
                    return message, separator
        return message, b""

    def whole_line(self, piece: bytes) -> bytes:
        """A separator line, the rest of it read if it was cut into pieces."""
        head = piece
        while piece and not piece.endswith(b"\n"):
            piece = self.handle.readline(_PIECE)
        return head

    def _by_length(self, message: _Message) -> bytes | None:
        """The body read by its Content-Length, if that ends on a separator;
        the separator found then (b"" at the end), else None, nothing read."""
        length = message.content_length()
        if length is None:
            return None
        handle = self.handle
        start = handle.tell()
        body = handle.read(min(length, MAX_MESSAGE_BYTES + 1))
        if len(body) == length:
            after = handle.readline(_PIECE)
            blank = after if after in _BLANK else b""
            if blank:
                after = handle.readline(_PIECE)
            if not after or after.startswith(b"From "):
                message.add(body)
                if blank:
                    message.add(blank)
                return self.whole_line(after)
        handle.seek(start)
        return None


def read_mbox(path: Path, on_problem: Problem = raise_problem) -> Iterator[MailSource]:
    """Messages of an mbox file; an oversized one goes to `on_problem`."""
    if path.is_dir():
        raise MailFileError(
            "is a folder; use `import maildir` or `import eml`", str(path)
        )
    try:
        fallback = int(path.stat().st_mtime)
    except OSError:
        fallback = 0
    with path.open("rb") as handle:
        first = handle.readline(_PIECE).removeprefix(b"\xef\xbb\xbf")
        if not first.startswith(b"From "):
            raise MailFileError(
                "is not an mbox file (it does not start with a 'From ' line); "
                "use `import eml` for single messages",
                str(path),
            )
        reader = _Reader(handle, path, on_problem)
        yield from reader.messages(reader.whole_line(first), fallback)

"""One mail file read safely: a regular file, of a size a message can have, that
is not an archive, a document or a picture given by mistake.

Files are opened without following a symbolic link and without blocking on a
FIFO, and their type and size are checked on the open descriptor, so that a
file swapped for a link or a pipe after the folder was listed is refused too.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plugins.api import PluginError

# More than mail servers deliver (Gmail takes 50 MB, most servers far less): a
# bigger file is junk, and parsing it whole would cost several times its size.
MAX_MESSAGE_BYTES = 100 * 1024 * 1024
HEAD_BYTES = 4096


class MailFileError(PluginError):
    """A file or folder that cannot be read as mail; `title` names it."""


Problem = Callable[[MailFileError], None]


def raise_problem(problem: MailFileError) -> None:
    raise problem


@dataclass(frozen=True, slots=True)
class MailSource:
    """One message's raw bytes, where it came from, and a time to fall back on."""

    raw: bytes
    origin: str
    fallback_time: int


# Formats people give by mistake, known by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Outlook .msg (or other Office) file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"\x78\x9f\x3e\x22", "a TNEF (winmail.dat) attachment"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def refusal(head: bytes) -> str | None:
    """Why a file starting with `head` is no message, or None if it may be one.

    Known formats are told by their magic bytes. Otherwise only the header
    block must read as text: a body may hold anything (binary transfer
    encoding, RFC 3030; UTF-16 text parts).
    """
    head = head.removeprefix(b"\xef\xbb\xbf")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"is {what}, not an e-mail message"
    end = _HEADER_END.search(head)
    sample = head[: end.start() if end else 1024]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\x1b")
    if b"\x00" in sample or controls > len(sample) // 20:
        return "is a binary file, not an e-mail message"
    return None


def size_problem(size: int) -> str:
    return (
        f"is {size / 1e6:,.0f} MB, more than the {MAX_MESSAGE_BYTES // 2**20} MB "
        "a message can be; skipped"
    )


def read_regular(
    path: Path, *, check: bool = True, follow: bool = False
) -> tuple[bytes, int]:
    """A regular file's bytes and modification time; a link (unless `follow`),
    FIFO, device, huge or (if `check`) non-mail file is refused with
    MailFileError naming it."""
    flags = os.O_RDONLY | os.O_NONBLOCK
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise MailFileError(_os_problem(path, exc), str(path)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise MailFileError(
                "is not a regular file (a FIFO, socket or device); skipped", str(path)
            )
        if info.st_size > MAX_MESSAGE_BYTES:
            raise MailFileError(size_problem(info.st_size), str(path))
        try:  # what fstat said, and one byte to see it grew: no 100 MB buffer
            raw = handle.read(info.st_size + 1)
            if len(raw) > info.st_size:
                raw += handle.read(MAX_MESSAGE_BYTES + 1 - len(raw))
        except OSError as exc:
            raise MailFileError(_os_problem(path, exc), str(path)) from None
    if len(raw) > MAX_MESSAGE_BYTES:  # it grew while being read
        raise MailFileError(size_problem(len(raw)), str(path))
    reason = refusal(raw[:HEAD_BYTES]) if check else None
    if reason is not None:
        raise MailFileError(f"{reason}; give .eml files or a folder of them", str(path))
    return raw, int(info.st_mtime)


def _os_problem(path: Path, exc: OSError) -> str:
    if path.is_symlink():
        return "is a symbolic link, not followed; copy the message itself here"
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied); fix its permissions"
    return f"cannot be read ({exc.strerror or exc})"

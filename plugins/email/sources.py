"""Reading mail files: mbox, Maildir and single messages, as raw bytes.

Readers stream: an mbox of any size is read line by line and each message is
handed on as soon as it ends, so memory stays flat. Bytes are kept exactly as in
the file (an mbox's `>From ` quoting included) so that an export gives them back.
"""

from __future__ import annotations

import calendar
import glob
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from plugins.api import PluginError


class MailFileError(PluginError):
    """A file or folder that cannot be read as mail; `title` names it."""


@dataclass(frozen=True, slots=True)
class MailSource:
    """One message's raw bytes, where it came from, and a time to fall back on."""

    raw: bytes
    origin: str
    fallback_time: int


_MAILDIR_STAMP = re.compile(r"^(\d{9,11})\.")


def expand_paths(patterns: list[str]) -> list[Path]:
    """Files and folders named by paths or globs, in a stable order."""
    found: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise MailFileError("no file matches this pattern", title=pattern)
            found.extend(Path(m) for m in matches)
        else:
            path = Path(pattern)
            if not path.exists():
                raise MailFileError("no such file or folder", title=pattern)
            found.append(path)
    return found


def _mtime(path: Path) -> int:
    try:
        return int(path.stat().st_mtime)
    except OSError:
        return 0


def looks_like_message(head: bytes) -> bool:
    """Whether a file's start reads as text, as any message does, even headerless.

    Mail is text: NUL bytes or many control characters mean a picture, an archive
    or a TNEF blob was given where a message was expected.
    """
    sample = head.removeprefix(b"\xef\xbb\xbf")[:1024]
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\x1b")
    return controls <= len(sample) // 20


def _files_under(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
    )


def is_maildir(folder: Path) -> bool:
    return folder.is_dir() and any((folder / sub).is_dir() for sub in ("cur", "new"))


def read_maildir(folder: Path) -> Iterator[MailSource]:
    """Messages of a Maildir's cur/ and new/ (tmp/ holds unfinished deliveries)."""
    if not folder.is_dir():
        raise MailFileError(
            "is not a folder; use `import eml` or `import mbox`", str(folder)
        )
    maildirs = (
        [folder]
        if is_maildir(folder)
        else sorted(p for p in folder.rglob("*") if is_maildir(p))
    )
    if not maildirs:
        raise MailFileError(
            "is not a Maildir (it has no cur/ or new/ folder)", str(folder)
        )
    for maildir in maildirs:
        for sub in ("cur", "new"):
            box = maildir / sub
            if not box.is_dir():
                continue  # git and some tools drop empty folders
            # Names only: a listing of Path objects would cost memory per message.
            names = sorted(e.name for e in os.scandir(box) if e.is_file())
            for name in names:
                path = box / name
                stamp = _MAILDIR_STAMP.match(name)
                fallback = int(stamp.group(1)) if stamp else _mtime(path)
                yield MailSource(path.read_bytes(), str(path), fallback)


def read_eml(path: Path) -> Iterator[MailSource]:
    """A single message file, or every message file under a folder."""
    paths = _files_under(path) if path.is_dir() else [path]
    for file in paths:
        raw = file.read_bytes()
        if not looks_like_message(raw[:1024]):
            raise MailFileError(
                "is a binary file, not an e-mail message; give .eml files or a folder of them",
                str(file),
            )
        yield MailSource(raw, str(file), _mtime(file))


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


def read_mbox(path: Path) -> Iterator[MailSource]:
    """Messages of an mbox file, split on `From ` lines that follow a blank line.

    A message's bytes run up to the next separator, its trailing blank line
    included, as mime4j and MimeKit read them.
    """
    if path.is_dir():
        raise MailFileError(
            "is a folder; use `import maildir` or `import eml`", str(path)
        )
    fallback = _mtime(path)
    with path.open("rb") as handle:
        first = handle.readline().removeprefix(b"\xef\xbb\xbf")
        if not first.startswith(b"From "):
            raise MailFileError(
                "is not an mbox file (it does not start with a 'From ' line); "
                "use `import eml` for single messages",
                str(path),
            )
        lines: list[bytes] = []
        index, when, previous = 0, _from_line_time(first, fallback), b"\n"
        for line in handle:
            if line.startswith(b"From ") and previous in (b"\n", b"\r\n"):
                yield MailSource(b"".join(lines), f"{path}#{index}", when)
                index, lines, when = index + 1, [], _from_line_time(line, fallback)
            else:
                lines.append(line)
            previous = line
        yield MailSource(b"".join(lines), f"{path}#{index}", when)

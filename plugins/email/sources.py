"""Reading mail files: mbox, Maildir and single messages, as raw bytes.

Readers stream, and a file they cannot take goes to the caller's `on_problem`
with its name and the reason, and the rest of the folder goes on (by default
the problem is raised). Inside folders, symbolic links are not followed (a link
to /etc/passwd is no mail of the shop's) and FIFOs and devices are skipped,
each said once; a path given by name is read even through a link.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from plugins.email.listing import sorted_entries
from plugins.email.mailfile import (
    MailFileError,
    MailSource,
    Problem,
    raise_problem,
    read_regular,
    refusal,
)
from plugins.email.mbox import read_mbox

__all__ = [
    "MailFileError",
    "MailSource",
    "expand_paths",
    "is_maildir",
    "looks_like_message",
    "read_eml",
    "read_maildir",
    "read_mbox",
]

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


def looks_like_message(head: bytes) -> bool:
    """Whether a file's start may be a message (even a headerless one)."""
    return refusal(head) is None


def _entries(folder: Path, on_problem: Problem, deep: bool) -> Iterator[Path]:
    """Regular files in a folder (and below it if `deep`), by name; links and
    special files reported, hidden names skipped. A Maildir may hold a million
    files: the listing is sorted in bounded memory (plugins/email/listing.py)."""
    names = sorted_entries(folder, _kind)
    try:  # the whole folder is listed before the first name comes
        listed = chain([next(names)], names)
    except StopIteration:
        return
    except OSError as exc:
        on_problem(MailFileError(f"cannot be listed ({exc.strerror})", str(folder)))
        return
    for name, kind in listed:
        path = folder / name
        if kind == "file":
            yield path
        elif kind == "dir":
            if deep:
                yield from _entries(path, on_problem, deep)
        elif kind == "link":
            on_problem(MailFileError(_LINK, str(path)))
        else:
            on_problem(MailFileError(_SPECIAL, str(path)))


_LINK = "is a symbolic link, not followed; copy the message itself here"
_SPECIAL = "is not a regular file (a FIFO, socket or device); skipped"


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        if entry.is_symlink():
            return "link"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        return "file" if entry.is_file(follow_symlinks=False) else "special"
    except OSError:
        return "file"  # read_regular will say what is wrong with it


def is_maildir(folder: Path) -> bool:
    return folder.is_dir() and any((folder / sub).is_dir() for sub in ("cur", "new"))


def _maildirs(folder: Path) -> list[Path]:
    if is_maildir(folder):
        return [folder]
    return sorted(
        Path(top) for top, _dirs, _files in os.walk(folder) if is_maildir(Path(top))
    )


def read_maildir(
    folder: Path, on_problem: Problem = raise_problem
) -> Iterator[MailSource]:
    """Messages of a Maildir's cur/ and new/ (tmp/ holds unfinished deliveries)."""
    if not folder.is_dir():
        raise MailFileError(
            "is not a folder; use `import eml` or `import mbox`", str(folder)
        )
    maildirs = _maildirs(folder)
    if not maildirs:
        raise MailFileError(
            "is not a Maildir (it has no cur/ or new/ folder)", str(folder)
        )
    for maildir in maildirs:
        for sub in ("cur", "new"):
            box = maildir / sub
            if not box.is_dir():
                continue  # git and some tools drop empty folders
            for path in _entries(box, on_problem, deep=False):
                try:
                    raw, mtime = read_regular(path, check=False)
                except MailFileError as problem:
                    on_problem(problem)
                    continue
                stamp = _MAILDIR_STAMP.match(path.name)
                yield MailSource(
                    raw, str(path), int(stamp.group(1)) if stamp else mtime
                )


def read_eml(path: Path, on_problem: Problem = raise_problem) -> Iterator[MailSource]:
    """A single message file, or every message file under a folder."""
    files = _entries(path, on_problem, deep=True) if path.is_dir() else iter([path])
    for file in files:
        try:
            raw, mtime = read_regular(file, follow=file == path)
        except MailFileError as problem:
            on_problem(problem)
            continue
        yield MailSource(raw, str(file), mtime)

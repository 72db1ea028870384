"""`read_files` for the email channel: mbox, Maildir and .eml, as raw messages.

Each message goes to the core with an empty `external_id` (the core keys
files by content) and the time to fall back on (the mbox `From ` line, the
Maildir delivery stamp, the file's time). A file or folder that cannot be read
is one FileProblem, and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from plugins.api import FileProblem, PluginError, RawMessage
from plugins.email.sources import (
    MailSource,
    expand_paths,
    read_eml,
    read_maildir,
    read_mbox,
)

READERS: dict[str, Callable[[Path], Iterator[MailSource]]] = {
    "mbox": read_mbox,
    "maildir": read_maildir,
    "eml": read_eml,
}


def _raw(source: MailSource) -> RawMessage:
    return RawMessage("", source.raw, datetime.fromtimestamp(source.fallback_time, UTC))


def read_files(
    file_format: str, patterns: Sequence[str]
) -> Iterator[RawMessage | FileProblem]:
    """Every message of every path, in a stable order; a problem per bad file."""
    reader = READERS[file_format]
    paths: list[Path] = []
    for pattern in patterns:
        try:
            paths.extend(expand_paths([pattern]))
        except PluginError as exc:
            yield FileProblem(exc.title or pattern, exc.message)
    for path in paths:
        try:
            for source in reader(path):
                yield _raw(source)
        except PluginError as exc:
            yield FileProblem(exc.title or str(path), exc.message)
        except OSError as exc:
            yield FileProblem(str(path), exc.strerror or str(exc))

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
    MailFileError,
    MailSource,
    expand_paths,
    read_eml,
    read_maildir,
    read_mbox,
)

Reader = Callable[[Path, Callable[[MailFileError], None]], Iterator[MailSource]]
READERS: dict[str, Reader] = {
    "mbox": read_mbox,
    "maildir": read_maildir,
    "eml": read_eml,
}


def _raw(source: MailSource) -> RawMessage:
    return RawMessage("", source.raw, datetime.fromtimestamp(source.fallback_time, UTC))


def _drain(problems: list[FileProblem]) -> Iterator[FileProblem]:
    while problems:
        yield problems.pop(0)


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
    refused: list[FileProblem] = []  # a file in a folder: said, and the rest goes on

    def note(problem: MailFileError) -> None:
        refused.append(FileProblem(problem.title, problem.message))

    for path in paths:
        try:
            for source in reader(path, note):
                yield from _drain(refused)
                yield _raw(source)
            yield from _drain(refused)
        except PluginError as exc:
            yield FileProblem(exc.title or str(path), exc.message)
        except OSError as exc:
            yield FileProblem(str(path), exc.strerror or str(exc))

"""A folder's entries by name, in memory that does not grow with the folder.

A Maildir's cur/ may hold a million files; their names, sorted in a list,
took 14 MB of Python strings and tuples at 100,000 (so 140 MB at a million).
Past `RUN` names the listing is sorted in runs written to anonymous temporary
files and merged back (an external merge sort): memory stays near one run's,
whatever the count.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import IO

RUN = 10_000  # names sorted in memory at once: about 2 MB
Entry = tuple[str, str]  # a name and its kind ("file", "dir", "link", "special")


def sorted_entries(
    folder: str | os.PathLike[str], kind: Callable[[os.DirEntry[str]], str]
) -> Iterator[Entry]:
    """(name, kind) of every entry not hidden, by name; raises OSError if the
    folder cannot be listed (before anything is yielded)."""
    with ExitStack() as runs_open:
        runs: list[IO[bytes]] = []
        chunk: list[Entry] = []
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name[0] == ".":
                    continue
                chunk.append((entry.name, kind(entry)))
                if len(chunk) == RUN:
                    runs.append(_spill(runs_open, chunk))
                    chunk = []
        if not runs:
            yield from sorted(chunk)
            return
        if chunk:
            runs.append(_spill(runs_open, chunk))
        yield from heapq.merge(*(_read(run) for run in runs))


def _spill(runs_open: ExitStack, chunk: list[Entry]) -> IO[bytes]:
    """One sorted run: name and kind, each ended by NUL (no file name holds one)."""
    run = runs_open.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed by the stack)
    chunk.sort()
    run.write(b"".join(os.fsencode(n) + b"\0" + k.encode() + b"\0" for n, k in chunk))
    run.seek(0)
    return run


def _read(run: IO[bytes]) -> Iterator[Entry]:
    rest = b""
    while block := run.read(1 << 13):  # small: every run is read at once
        fields = (rest + block).split(b"\0")
        rest = fields.pop()  # a field cut by the block's end
        if len(fields) % 2:  # a name whose kind is in the next block
            rest = fields.pop() + b"\0" + rest
        for i in range(0, len(fields), 2):
            yield os.fsdecode(fields[i]), fields[i + 1].decode()

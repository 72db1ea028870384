"""The mail import pipeline: read files, parse on every core, store in batches.

Reading and storing happen in this process; parsing, the costly part, runs in a
pool of worker processes started before the database thread exists. Batches are
stored in the order they were read, each in one transaction, so a killed import
run again ends with the same database as an uninterrupted one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Literal

from plugins.api import InboundMessage, PluginError
from plugins.email.parse import parse_email
from plugins.email.sources import (
    MailFileError,
    MailSource,
    expand_paths,
    read_eml,
    read_maildir,
    read_mbox,
)
from storage.connection import Store
from storage.ingest import IngestItem, existing_external_ids, ingest_messages
from storage.ingest_rows import PackedRaw, customer_language, pack_raw
from storage.languages import Detection, shop_detector

MailKind = Literal["mbox", "maildir", "eml"]
BATCH_SIZE = 400
# Batches parsed ahead of the one being stored: keeps both cores busy while
# bounding memory whatever the size of the import.
WINDOW = 3
CHANNEL = "import"


@dataclass(slots=True)
class FileProblem:
    file: str
    message: str


@dataclass(slots=True)
class ImportSummary:
    new: int = 0
    present: int = 0
    partial: int = 0
    problems: list[FileProblem] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return self.new + self.present


_READERS: dict[
    MailKind, Callable[[Path, Callable[[MailFileError], None]], Iterator[MailSource]]
] = {
    "mbox": read_mbox,
    "maildir": read_maildir,
    "eml": read_eml,
}


def iter_sources(
    kind: MailKind, patterns: list[str], summary: ImportSummary
) -> Iterator[MailSource]:
    """Every message of every path; a bad file is noted and the rest goes on."""
    paths: list[Path] = []
    for pattern in patterns:
        try:
            paths.extend(expand_paths([pattern]))
        except PluginError as exc:
            summary.problems.append(FileProblem(exc.title, exc.message))

    def note(problem: MailFileError) -> None:
        summary.problems.append(FileProblem(problem.title, problem.message))

    for path in paths:
        try:
            yield from _READERS[kind](path, note)
        except PluginError as exc:
            summary.problems.append(FileProblem(exc.title or str(path), exc.message))
        except OSError as exc:
            summary.problems.append(FileProblem(str(path), exc.strerror or str(exc)))


def external_id(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


Parsed = tuple[InboundMessage, PackedRaw, Detection]


def parse_batch(raws: list[bytes]) -> list[Parsed]:
    """Runs in a worker: parse, pack, read the customer's language; the raw
    bytes stay behind, to save copying them back."""
    parsed = [dataclasses.replace(parse_email(raw), raw=b"") for raw in raws]
    return [
        (message, pack_raw(raw), customer_language(message))
        for message, raw in zip(parsed, raws, strict=True)
    ]


def _batches(sources: Iterable[MailSource]) -> Iterator[list[MailSource]]:
    iterator = iter(sources)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def start_pool() -> ProcessPoolExecutor | None:
    """Worker processes, forked now, before any thread of the store exists.

    For the rest of this one-shot command, here and in the forked workers, the
    garbage collector runs less often: parsing makes millions of short-lived
    objects and almost no cycles (a 10,000-message sync: 2.7 to 2.5 s)."""
    shop_detector().prepare()  # one model file, mapped by the workers forked below
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    workers = os.cpu_count() or 1
    if workers < 2:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"))
    for future in [pool.submit(parse_batch, []) for _ in range(workers)]:
        future.result()
    return pool


def _parse(
    pool: ProcessPoolExecutor | None, raws: list[bytes]
) -> asyncio.Future[list[Parsed]]:
    if pool is not None and raws:
        return asyncio.wrap_future(pool.submit(parse_batch, raws))
    done: asyncio.Future[list[Parsed]] = asyncio.Future()
    done.set_result(parse_batch(raws))
    return done


@dataclass(slots=True)
class _Pending:
    sources: list[MailSource]
    present: int
    ids: list[str]
    parsed: asyncio.Future[list[Parsed]]


async def _store(
    store: Store, pending: _Pending, shop: frozenset[str], summary: ImportSummary
) -> None:
    parsed = await pending.parsed
    items = [
        IngestItem(
            dataclasses.replace(message, raw=source.raw, external_id=key),
            source.fallback_time,
            packed,
            language,
        )
        for source, key, (message, packed, language) in zip(
            pending.sources, pending.ids, parsed, strict=True
        )
    ]
    summary.present += pending.present
    for result in await ingest_messages(store, CHANNEL, items, shop):
        if result.outcome == "present":
            summary.present += 1
            continue
        summary.new += 1
        summary.partial += bool(result.defects)


async def import_mail(
    store: Store,
    pool: ProcessPoolExecutor | None,
    kind: MailKind,
    patterns: list[str],
    shop: frozenset[str],
    on_progress: Callable[[ImportSummary], None] = lambda summary: None,
) -> ImportSummary:
    """Import every message the paths hold; bad files land in `summary.problems`."""
    summary = ImportSummary()
    queue: deque[_Pending] = deque()
    for batch in _batches(iter_sources(kind, patterns, summary)):
        ids = [external_id(source.raw) for source in batch]
        present = await existing_external_ids(store, CHANNEL, ids)
        todo = [
            (s, key) for s, key in zip(batch, ids, strict=True) if key not in present
        ]
        parsed = _parse(pool, [s.raw for s, _ in todo])
        queue.append(
            _Pending(
                [s for s, _ in todo],
                len(batch) - len(todo),
                [k for _, k in todo],
                parsed,
            )
        )
        if len(queue) >= WINDOW:
            await _store(store, queue.popleft(), shop, summary)
            on_progress(summary)
    while queue:
        await _store(store, queue.popleft(), shop, summary)
        on_progress(summary)
    return summary

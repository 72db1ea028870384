"""What the CLI and the app run through the one ingest loop: a fetch of one
instance, a watch of one instance, and an import of files."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from plugins.api import Batch, Channel, FileProblem, RawMessage
from storage.connection import Store
from storage.pipeline.ingest import FETCH_WINDOW, Ingest, IngestReport, OnBatch
from storage.pipeline.instances import IMPORT
from storage.pipeline.locks import instance_lock
from storage.sync_state import read_cursor

# Messages a transaction stores from files. Each batch in flight is held
# several times over (raw, pickled to a worker, parsed, packed, indexed):
# at 400 an import of 10,000 peaked at 124-130 MB (PSS of the process tree),
# at 200 at 109-110 MB, no slower (3 alternated runs each).
FILE_BATCH = 200


def fetches(channel: Channel) -> bool:
    """Whether the channel has anything to fetch (a chat server only receives)."""
    return type(channel).fetch is not Channel.fetch


async def fetch_instance(
    store: Store,
    channel: Channel,
    *,
    since: datetime | None = None,
    pool: Executor | None = None,
    shop: frozenset[str] = frozenset(),
    lock_wait: float = 60.0,
    on_batch: OnBatch | None = None,
) -> IngestReport:
    """Everything new since the stored cursor, under the instance's fetch lock
    (a cron job and a person never fetch the same instance at once)."""
    async with instance_lock(store.path, channel.instance, lock_wait):
        cursor = await read_cursor(store, channel.instance)
        own = shop | channel.own_addresses()
        ingest = Ingest(
            store, channel.instance, type(channel), own, pool, on_batch, FETCH_WINDOW
        )
        # The WAL checkpointed every 200 MB, not after every batch (~4 MB each).
        async with store.bulk_writes():
            return await ingest.run(channel.fetch(cursor, since))


async def watch_instance(
    store: Store, channel: Channel, shop: frozenset[str], on_batch: OnBatch
) -> None:
    """Store what the channel pushes until it fails or is cancelled."""
    cursor = await read_cursor(store, channel.instance)
    own = shop | channel.own_addresses()
    ingest = Ingest(store, channel.instance, type(channel), own, None, on_batch)
    await ingest.run(channel.watch(cursor))


def file_key(raw: bytes) -> str:
    """A file's message is known by its bytes: the same mail twice is one."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(slots=True)
class FileImport:
    report: IngestReport = field(default_factory=IngestReport)
    problems: list[FileProblem] = field(default_factory=list)


async def _file_batches(
    found: Iterator[RawMessage | FileProblem], problems: list[FileProblem]
) -> AsyncIterator[Batch]:
    def keyed() -> Iterator[RawMessage]:
        for item in found:
            if isinstance(item, FileProblem):
                problems.append(item)
            else:
                key = item.external_id or file_key(item.raw)
                yield RawMessage(key, item.raw, item.received_at)

    messages = keyed()
    while batch := tuple(islice(messages, FILE_BATCH)):
        yield Batch(batch)


async def import_files(
    store: Store,
    reader: type[Channel],
    file_format: str,
    paths: Sequence[str],
    *,
    pool: Executor | None = None,
    shop: frozenset[str] = frozenset(),
    on_progress: Callable[[IngestReport], None] = lambda report: None,
) -> FileImport:
    """Every message the files hold, into the `import` channel; a bad file is
    one problem and the rest goes on. Idempotent: a second run adds nothing."""
    done = FileImport()
    ingest = Ingest(
        store, IMPORT, reader, shop, pool, lambda report, _: on_progress(report)
    )
    found = reader.read_files(file_format, paths)
    async with store.bulk_writes():  # as a fetch: a checkpoint every 200 MB
        done.report = await ingest.run(_file_batches(found, done.problems))
    return done

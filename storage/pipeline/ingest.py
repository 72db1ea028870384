"""The one ingest loop: batches from any channel (or file reader) into the store.

A producer task pulls the channel's batches, drops what is stored already,
and hands raw bytes to the parse workers; the loop stores the batches in the
order they came, each with its cursor and its problems in one transaction
(storage.sync_state.ingest_batch), while the next ones are fetched and parsed.
A window of a few batches bounds memory whatever the size of the mailbox.

Nothing here can hang: the producer never blocks on the window once it is
cancelled, and a store held busy by another process is waited for a while,
then reported as StoreBusy (what was stored stays; running again resumes).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from plugins.api import Batch, Channel, FetchProblem, InboundMessage, RawMessage
from storage.connection import Store
from storage.errors import StoreBusy
from storage.ingest import IngestItem, IngestResult
from storage.ingest_lookup import present_external_ids
from storage.ingest_rows import pack_raw
from storage.pipeline.workers import Sent, free_heap_pages, parse_later, with_raw
from storage.sync_state import ingest_batch

# Batches in flight: one being stored, one waiting, one being read and parsed.
# Enough to keep every core busy; more only costs memory (an import stays flat).
WINDOW = 3
# A fetch's batches are bigger (500 messages) and their parse times vary more:
# with 3 in flight, the two parse workers of a 10,000-message sync sat idle
# 4.5 s in all waiting for their next batch; with 5, 2.3 s (each batch traced).
FETCH_WINDOW = 5
BUSY_RETRIES = (1.0, 2.0, 4.0)  # seconds between tries when the store is locked


@dataclass(slots=True)
class IngestReport:
    """What a fetch, a watch pass or an import stored."""

    new: int = 0
    present: int = 0
    partial: int = 0  # stored with parsing defects
    # What the channel could not get this time, in the server's words.
    problems: list[FetchProblem] = field(default_factory=list)
    # No list of what was stored: it grew with the mailbox (36 MB of ids at a
    # million messages); a caller that wants the ids reads them in on_batch.

    @property
    def messages(self) -> int:
        return self.new + self.present

    def add(self, results: Sequence[IngestResult], present: int) -> None:
        self.present += present
        for result in results:
            if result.outcome != "new" or result.message_id is None:
                self.present += 1
                continue
            self.new += 1
            self.partial += bool(result.defects)


OnBatch = Callable[[IngestReport, Sequence[IngestResult]], Any]


@dataclass(slots=True)
class _Pending:
    batch: Batch
    ready: list[InboundMessage]  # parsed by the channel itself
    raws: list[RawMessage]  # to be parsed by the workers, not stored yet
    present: int  # raw messages skipped: stored already
    parsed: asyncio.Future[list[Sent]]


def _fallback(raw: RawMessage | None, now: int) -> int:
    if raw is not None and raw.received_at is not None:
        return int(raw.received_at.timestamp())
    return now


class Ingest:
    """Store the batches of one channel instance (or of the `import` channel)."""

    def __init__(
        self,
        store: Store,
        instance: str,
        parser: type[Channel],
        shop: frozenset[str] = frozenset(),
        pool: Executor | None = None,
        on_batch: OnBatch | None = None,
        window: int = WINDOW,
    ) -> None:
        self.store, self.instance, self.parser = store, instance, parser
        self.shop, self.pool, self.on_batch = shop, pool, on_batch
        self.window = window
        self.report = IngestReport()

    async def run(self, batches: AsyncIterator[Batch]) -> IngestReport:
        queue: asyncio.Queue[_Pending | None] = asyncio.Queue(self.window - 2)
        failed: list[Exception] = []

        async def produce() -> None:
            try:
                async for batch in batches:
                    await queue.put(await self._submit(batch))
            except Exception as exc:  # a cancellation is never swallowed here
                failed.append(exc)
            await queue.put(None)

        producer = asyncio.create_task(produce())
        try:
            while (pending := await queue.get()) is not None:
                await self._store(pending)
            if failed:
                raise failed[0]
        finally:
            producer.cancel()
            await asyncio.gather(producer, return_exceptions=True)
            closing = getattr(batches, "aclose", None)
            if closing is not None:
                with contextlib.suppress(Exception):
                    await closing()
        return self.report

    async def _submit(self, batch: Batch) -> _Pending:
        ready = [m for m in batch.messages if isinstance(m, InboundMessage)]
        raws = [m for m in batch.messages if isinstance(m, RawMessage)]
        have = await present_external_ids(
            self.store.conn, self.instance, [r.external_id for r in raws]
        )
        todo = [r for r in raws if r.external_id not in have]
        parsed = parse_later(self.pool, self.parser, todo)
        return _Pending(batch, ready, todo, len(raws) - len(todo), parsed)

    async def _store(self, pending: _Pending) -> None:
        now = int(time.time())
        parsed = with_raw(await pending.parsed, pending.raws)
        items = [IngestItem(m, now, pack_raw(m.raw)) for m in pending.ready]
        items += [
            IngestItem(message, _fallback(raw, now), packed, language)
            for (message, packed, language), raw in zip(
                parsed, pending.raws, strict=True
            )
        ]
        batch = pending.batch
        results = await self._write(items, batch)
        self.report.add(results, pending.present)
        self.report.problems += batch.problems
        if self.pool is not None:  # a one-shot sync or import: many batches
            free_heap_pages()
        if self.on_batch is not None:
            done = self.on_batch(self.report, results)
            if asyncio.iscoroutine(done):
                await done

    async def _write(self, items: list[IngestItem], batch: Batch) -> list[IngestResult]:
        """One transaction; another process holding the store is waited for
        (each try waits SQLite's busy timeout), then StoreBusy."""
        for pause in (*BUSY_RETRIES, None):
            try:
                return await ingest_batch(
                    self.store, self.instance, items, self.shop, batch.cursor,
                    batch.problems,
                )  # fmt: skip
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if pause is None:
                    raise StoreBusy(
                        f"the database {self.store.path} stayed busy with another "
                        "comptoir process: what was stored before is kept; run "
                        "again to resume",
                        self.instance,
                    ) from exc
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")

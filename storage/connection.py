"""Opening the store: one SQLite file in WAL mode, migrated, always closed."""

from __future__ import annotations

import asyncio
import errno
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from storage.checkpoint import Checkpointer
from storage.errors import StoreError
from storage.migrations import NewerSchema, check_known, migrate
from storage.paths import default_database_path, resolve_database_path

__all__ = [
    "Store",
    "default_database_path",
    "explain_sqlite_error",
    "open_store",
    "resolve_database_path",
]

BUSY_TIMEOUT_MS = 10_000
STATEMENTS = 128  # prepared statements kept per connection (Python's default)
CHECKPOINT_PAGES = 1000  # SQLite's default
# 200 MB: each message of a batch dirties a page of each index keyed at random
# (its key, content hash, Message-ID, parent...) besides its rows, so at 40 MB
# a checkpoint came every few batches, copying pages the next ones dirtied
# again. Storing CPU of a 100k import, three alternated runs: 313 ms per 1,000
# messages at 40 MB, 281 and 304 at 200 MB (benchmarks/import_slices.py).
BULK_CHECKPOINT_PAGES = 50_000
WAL_KEPT_BYTES = 64 * 1024 * 1024  # the WAL file shrinks back to this when reset
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    # WAL with NORMAL survives an application crash; only a power cut can drop
    # the last commits, which an import or fetch then simply repeats.
    "PRAGMA synchronous = NORMAL",
    # 8 MB of page cache: more costs memory without making imports faster.
    "PRAGMA cache_size = -8000",
    # A statement's undo journal (FTS5 merges a segment inside the INSERT that
    # flushes it) spills to a temporary file past 64 kB, rather than growing
    # in memory: an import's storing process rose by 4 MB at 100,000
    # messages and 11 MB at 1,000,000 in these spikes.
    "PRAGMA temp_store = FILE",
    # A bulk sync lets the WAL grow (Store.bulk_writes): not kept at that size.
    f"PRAGMA journal_size_limit = {WAL_KEPT_BYTES}",
)


@dataclass(slots=True)
class Store:
    conn: aiosqlite.Connection
    path: Path
    # One connection is shared by every task of a process (the app's workers, the
    # mail watcher, the sender): their transactions take turns here.
    _writing: asyncio.Lock = field(default_factory=asyncio.Lock)
    _checkpointer: Checkpointer | None = None  # during bulk_writes

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN IMMEDIATE so that writers queue up instead of failing midway."""
        async with self._writing:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()
            if self._checkpointer is not None:
                self._checkpointer.wake()

    @asynccontextmanager
    async def bulk_writes(self) -> AsyncIterator[None]:
        """Checkpoint the WAL every 200 MB instead of every 4 MB while a sync
        stores batch after batch: a batch of mail is about 4 MB, so every
        commit paid a checkpoint (pages that every batch changes copied and
        fsynced each time). Commits stay as atomic and as durable; a killed
        process leaves its WAL to the next opening, as before. Meanwhile
        another thread copies the committed pages (storage.checkpoint), so
        that closing has little left to copy."""
        await self.conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        checkpointer = None
        if self._checkpointer is None:
            checkpointer = self._checkpointer = Checkpointer(self.path)
            checkpointer.start()
        try:
            yield
        finally:
            if checkpointer is not None:
                self._checkpointer = None
                await asyncio.to_thread(checkpointer.stop)
            await self.conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")

    async def data_version(self) -> int:
        """SQLite's count of commits by other connections to this database: the
        app notices what a cron `comptoir fetch` stored within seconds."""
        rows = list(await self.conn.execute_fetchall("PRAGMA data_version"))
        return int(rows[0][0])


def explain_sqlite_error(exc: BaseException, path: Path) -> StoreError:
    """Turn a SQLite or OS failure into one sentence saying what to do."""
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "full" in text:
        return StoreError(
            f"the disk holding {path} is full: free some space and run the command "
            "again (what was stored before is intact)"
        )
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StoreError(
            f"{path} is read-only: choose a writable location with --db or "
            "COMPTOIR_DB, or fix the file's permissions"
        )
    if "not a database" in text or "malformed" in text:
        return StoreError(
            f"{path} is not a readable comptoir database ({exc}): point --db at "
            "another file, or restore it from a backup"
        )
    if "unable to open" in text or isinstance(exc, OSError):
        return StoreError(
            f"cannot open the database {path}: check that its folder exists and is "
            "writable, or choose another location with --db or COMPTOIR_DB"
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path} is busy with another comptoir process: wait for it to finish "
            "and try again"
        )
    return StoreError(f"database error in {path}: {exc}")


@asynccontextmanager
async def open_store(
    path: Path, *, apply_migrations: bool = True, statements: int = STATEMENTS
) -> AsyncIterator[Store]:
    """Open (creating if needed), configure and migrate the store at `path`;
    `statements`: how many prepared statements the connection keeps."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(
            path, isolation_level=None, cached_statements=statements
        )
    except (sqlite3.Error, OSError) as exc:
        raise explain_sqlite_error(exc, path) from exc
    try:
        try:
            await check_known(conn)  # before any PRAGMA or migration writes
            for pragma in PRAGMAS:
                await conn.execute(pragma)
            if apply_migrations:
                await migrate(conn)
        except sqlite3.Error as exc:
            raise explain_sqlite_error(exc, path) from exc
        except NewerSchema as exc:
            raise StoreError(
                f"{path} was written by a newer comptoir (schema {exc.names[-1]}): "
                "upgrade comptoir to open it; it was left unchanged"
            ) from None
        yield Store(conn, path)
    finally:
        await conn.close()

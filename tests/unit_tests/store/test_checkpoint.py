"""A bulk sync's commits reach the database file while it goes on, so that
closing the store has little left to copy; nothing is lost on the way."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
from pathlib import Path

from storage.connection import Store, open_store
from storage.ingest import ingest_messages
from tests.unit_tests.store.test_ingest import SHOP, mail


def _in_file_alone(db: Path, copy: Path) -> int:
    """Messages in the database file itself, its WAL left aside: a copy of the
    file opened alone (a copy torn by a checkpoint under way counts none)."""
    copy.unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    try:
        return int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def _checkpointers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "comptoir-checkpoint"]


async def test_a_bulk_syncs_commits_reach_the_database_file_before_closing(
    store: Store, tmp_path: Path
) -> None:
    async with store.bulk_writes():
        for n in range(1, 6):
            await ingest_messages(store, "import", [mail(n, "ann@x.example", "Hi")])
        copied = 0
        for _ in range(100):
            copied = _in_file_alone(store.path, tmp_path / "alone.db")
            if copied == 5:
                break
            await asyncio.sleep(0.05)
        assert copied == 5
        assert len(_checkpointers()) == 1
    assert _checkpointers() == []


async def test_a_store_closed_after_a_bulk_sync_keeps_every_commit(
    tmp_path: Path,
) -> None:
    db = tmp_path / "bulk.db"
    async with open_store(db) as store, store.bulk_writes():
        for n in range(1, 41):
            items = [mail(n, f"c{n}@x.example", f"Order {n}")]
            await ingest_messages(store, "import", items, SHOP)
    # The last connection checkpointed it all: no WAL left, every row in the file.
    assert _closed_state(db) == (False, "ok", 40)


def _closed_state(db: Path) -> tuple[bool, str, int]:
    wal = Path(f"{db}-wal").exists()
    conn = sqlite3.connect(db)
    try:
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        (count,) = conn.execute("SELECT count(*) FROM messages").fetchone()
        return wal, str(check), int(count)
    finally:
        conn.close()

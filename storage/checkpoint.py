"""Copying a bulk sync's WAL into the database file while the sync goes on.

A fetch or import commits batch after batch into the WAL (Store.bulk_writes
checkpoints only every 200 MB), so closing the store used to copy the whole
WAL, ~90 MB for 10,000 messages, and wait for two fsyncs: 0.2-0.3 s after the
last batch, with nothing else to do. Here a thread of its own, on a
connection of its own, runs a PASSIVE checkpoint after a commit (at most
every PAUSE seconds): SQLite copies only committed frames and never blocks
the writer, so commits stay exactly as atomic and durable, and a killed
process leaves a WAL that the next opening recovers as before. Closing has
only the last batches left.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

# At most one checkpoint this often: each copies again the index pages that
# every batch changes, and fsyncs twice. A 30,000-message import (150 commits),
# system CPU: 2.2-2.3 s with one copy at the end, 2.9 s with a checkpoint after
# every commit, 2.5-2.6 s with this pause (1 s: 2.3-2.4 s, but closing after a
# 10,000-message sync then took 0.12-0.14 s, against 0.08-0.10 s).
PAUSE = 0.25


class Checkpointer:
    """Woken after each commit; `stop` waits for the copy under way."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="comptoir-checkpoint", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            # Never waits on a lock: a busy moment skips a copy, never delays one.
            conn = sqlite3.connect(self._path, timeout=0, isolation_level=None)
        except sqlite3.Error:
            return  # only a saving of time: closing the store checkpoints anyway
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping.is_set():
                    return
                # As above, a failure is no loss: the next wake or the closing tries.
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                if self._stopping.wait(PAUSE):
                    return
        finally:
            conn.close()

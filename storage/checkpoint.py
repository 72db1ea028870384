"""Copying a bulk sync's WAL into the database file while the sync goes on.

A fetch or import commits batch after batch into the WAL (Store.bulk_writes
checkpoints only every 200 MB), so closing the store used to copy the whole
WAL, ~90 MB for 10,000 messages, and wait for two fsyncs: 0.2-0.3 s after the
last batch, with nothing else to do. Here a thread of its own, on a
connection of its own, runs a PASSIVE checkpoint after each commit: SQLite
copies only committed frames and never blocks the writer, so commits stay
exactly as atomic and durable, and a killed process leaves a WAL that the
next opening recovers as before. Closing has only the last batch left.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class Checkpointer:
    """Woken after each commit; `stop` waits for the copy under way."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(
            target=self._run, name="comptoir-checkpoint", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None)
        except sqlite3.Error:
            return  # only a saving of time: closing the store checkpoints anyway
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    continue  # as above: the next wake or the closing tries again
        finally:
            conn.close()

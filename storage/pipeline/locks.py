"""One fetcher (and one sender) per channel instance and database at a time.

An advisory `fcntl` lock on a file beside the database: the kernel drops it
when its holder dies, even by SIGKILL, so a stale lock never blocks anyone.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from storage.errors import StoreBusy


def lock_path(database: Path, instance: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", instance)
    return database.with_name(f"{database.name}.fetch-{safe}.lock")


@asynccontextmanager
async def instance_lock(
    database: Path, instance: str, wait: float = 60.0, doing: str = "fetch"
) -> AsyncIterator[None]:
    """Hold the instance's lock for `doing`; wait up to `wait` seconds for
    another holder (a cron job, the app)."""
    path = lock_path(database, instance if doing == "fetch" else f"{instance}-{doing}")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"another {doing} of this channel has been running for over "
                        f"{wait:.0f} s (lock {path}): try again later",
                        instance,
                    ) from None
                await asyncio.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock

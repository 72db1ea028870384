"""Import rate slice by slice: does the cost per message grow with the store?

    .venv/bin/python benchmarks/import_slices.py MAILDIR [--slice 10000]
        [--db PATH] [--statements]

Runs the same import as `comptoir import maildir -q` (the same pool, store
and ingest loop), in this process, into a new database, and prints for each
slice of `--slice` messages: messages per second of wall time, and the CPU
milliseconds per 1,000 messages of the storing process (all its threads: the
event loop and SQLite's; its system part beside) and of the parse workers;
`--cache-kb` tries another size of SQLite's page cache.
CPU time is the figure to compare on a busy machine. A storing cost that
rises slice after slice points at the database (a look-up that scans, B-tree
inserts out of cache, FTS5 merges, the WAL). With `--statements`, each
slice also lists the statements the store awaited longest, per 1,000
messages (wall time: other tasks of the event loop run meanwhile).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

import aiosqlite

from storage.connection import open_store
from storage.pipeline.ingest import IngestReport
from storage.pipeline.runs import import_files
from storage.pipeline.workers import start_pool

TICK = os.sysconf("SC_CLK_TCK")
SPENT: dict[str, float] = {}  # seconds awaited per statement, this slice


def cpu_of(pid: int) -> float:
    """User and system seconds of one process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def time_statements() -> None:
    """Every statement awaited, timed under its first words."""

    def wrap(name: str) -> None:
        original = getattr(aiosqlite.Connection, name)

        async def timed(self: aiosqlite.Connection, sql: str, *args: object) -> object:
            start = time.perf_counter()
            try:
                return await original(self, sql, *args)
            finally:
                key = " ".join(sql.split("(")[0].split()[:6])[:60]
                SPENT[key] = SPENT.get(key, 0.0) + time.perf_counter() - start

        setattr(aiosqlite.Connection, name, timed)

    for name in ("execute", "executemany", "execute_fetchall"):
        wrap(name)


class Slices:
    """Prints one line per slice of messages stored."""

    def __init__(self, size: int, workers: list[int], statements: bool) -> None:
        self.size, self.workers, self.statements = size, workers, statements
        self.done, self.marks = 0, self.now()
        print("messages  msg/s  store_ms/1k  (system)  parse_ms/1k")

    def now(self) -> tuple[float, float, float, float]:
        own = os.times()
        parse = sum(cpu_of(pid) for pid in self.workers)
        return time.perf_counter(), own.user + own.system, own.system, parse

    def __call__(self, report: IngestReport) -> None:
        count = report.messages - self.done
        if count < self.size:
            return
        now = self.now()
        wall, store, system, parse = (
            b - a for a, b in zip(self.marks, now, strict=True)
        )
        print(
            f"{report.messages:8d} {count / wall:6.0f} {store * 1e6 / count:12.1f} "
            f"{system * 1e6 / count:9.1f} {parse * 1e6 / count:12.1f}",
            flush=True,
        )
        if self.statements:
            for key, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1])[:12]:
                print(f"    {seconds * 1e6 / count:8.1f}  {key}")
            SPENT.clear()
        self.done, self.marks = report.messages, now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("maildir", type=Path)
    parser.add_argument("--slice", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("benchmarks/out/slices.db"))
    parser.add_argument("--statements", action="store_true")
    parser.add_argument("--cache-kb", type=int, default=0, help="page cache")
    args = parser.parse_args()
    for old in args.db.parent.glob(args.db.name + "*"):
        old.unlink()
    if args.statements:
        time_statements()
    from plugins.email.channel import EmailChannel

    pool = start_pool([EmailChannel])
    workers = list(pool._processes) if pool is not None else []
    slices = Slices(args.slice, workers, args.statements)

    async def go() -> None:
        async with open_store(args.db, statements=32) as store:
            if args.cache_kb:
                await store.conn.execute(f"PRAGMA cache_size = -{args.cache_kb}")
            await import_files(
                store, EmailChannel, "maildir", [str(args.maildir)], pool=pool,
                on_progress=slices,
            )  # fmt: skip

    start = time.perf_counter()
    asyncio.run(go())
    print(f"total {time.perf_counter() - start:.1f} s")
    if pool is not None:
        pool.shutdown()


if __name__ == "__main__":
    main()

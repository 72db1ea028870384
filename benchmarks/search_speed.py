"""Search speed: the first page of results, in process and as a whole command.

    .venv/bin/python benchmarks/search_speed.py      (after import_speed.py)

Uses the 100,000-message database import_speed.py built, and a 1,000,000-message
one derived from it by copying every message nine times further back in time
(the search index is maintained by the same triggers as for real messages).
Compares `comptoir search --limit 50` with `notmuch search --limit=50` on the
same mail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from storage.connection import open_store
from storage.search import search_messages

HERE = Path(__file__).resolve().parent
COMPTOIR = str(Path(sys.executable).parent / "comptoir")
QUERIES = ("commande", "Bestellung", "colis abîmé", "Müller", "remboursement facture")
DAY = 86400


def build_million(small: Path, big: Path) -> float:
    """Nine shifted copies of every message row (raw originals are not copied:
    search never reads them, so foreign keys are off for the copy)."""
    began = time.perf_counter()
    shutil.copy(small, big)
    conn = sqlite3.connect(big, isolation_level=None)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(messages)")]
    rest = [
        c for c in columns if c not in ("id", "external_id", "sent_at", "search_rowid")
    ]
    top = conn.execute("SELECT max(id) FROM messages").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN")
    for k in range(1, 10):
        shift, offset = k * 90 * DAY, k * top
        conn.execute(
            f"INSERT INTO messages (id, external_id, sent_at, search_rowid, {', '.join(rest)}) "
            f"SELECT id + {offset}, external_id || ':copy{k}', sent_at - {shift}, "
            f"((sent_at - {shift}) << 22) | ((id + {offset}) & 4194303), {', '.join(rest)} "
            f"FROM messages WHERE id <= {top}"
        )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - began


async def in_process(db: Path, runs: int = 20) -> dict[str, tuple[float, float]]:
    timings = {}
    async with open_store(db) as store:
        for query in QUERIES:
            await search_messages(store, query)  # warm the page cache
            samples = []
            for _ in range(runs):
                began = time.perf_counter()
                await search_messages(store, query, limit=50)
                samples.append((time.perf_counter() - began) * 1000)
            samples.sort()
            timings[query] = (statistics.median(samples), samples[int(runs * 0.9) - 1])
    return timings


def whole_command(
    command: list[str], env: dict[str, str] | None = None, runs: int = 20
) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    args = parser.parse_args()
    small = args.workdir / "comptoir-100000.db"
    if not small.exists():
        sys.exit(f"{small} is missing: run benchmarks/import_speed.py first")
    big = args.workdir / "comptoir-1000000.db"
    figures: dict[str, object] = {}
    if not big.exists():
        figures["build_1m_seconds"] = build_million(small, big)
        print(
            f"built the 1,000,000-message database in {figures['build_1m_seconds']:.0f} s"
        )
    for label, db, target in (("100k", small, 10.0), ("1M", big, 50.0)):
        timings = asyncio.run(in_process(db))
        figures[f"in_process_{label}"] = timings
        for query, (median, p90) in timings.items():
            print(
                f"in process {label:>4}  {query:<22} median {median:6.2f} ms  "
                f"p90 {p90:6.2f} ms  (target < {target:.0f} ms)"
            )
    ours = whole_command(
        [COMPTOIR, "--db", str(small), "search", "--limit", "50", "commande"]
    )
    figures["command_100k_ms"] = ours
    print(f"whole command 100k  comptoir search --limit 50 commande: {ours:.0f} ms")
    config = args.workdir / "notmuch-config"
    if shutil.which("notmuch") and config.exists():
        env = {**os.environ, "NOTMUCH_CONFIG": str(config)}
        theirs = whole_command(["notmuch", "search", "--limit=50", "commande"], env)
        figures["notmuch_100k_ms"] = theirs
        figures["ratio_comptoir_to_notmuch"] = ours / theirs
        print(
            f"whole command 100k  notmuch search --limit=50 commande: {theirs:.0f} ms  "
            f"(comptoir/notmuch = {ours / theirs:.2f})"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

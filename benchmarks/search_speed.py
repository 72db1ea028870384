"""Search speed: the first page of results, in process and as a whole command.

    .venv/bin/python benchmarks/search_speed.py      (after import_speed.py)

Uses the 100,000-message database import_speed.py built, and a 1,000,000-message
one derived from it by copying every message nine times further back in time
(the search index is maintained by the same triggers as for real messages).

Whole commands: `comptoir search --limit 50 Q` against `notmuch search
--limit=50 Q` on the same mail (the index import_speed.py built), for a common
word, a rare word, two words and a `from:` prefix. The two commands alternate,
`--runs` times each; each prints its median with min and max, and the ratio of
the medians, for the wall time and for the CPU time (user and system, from the
kernel's accounting of the child), which a loaded machine stretches less.
Target (issue 14): comptoir no slower than notmuch on each. In the same rounds:
Python started bare and with sqlite3 (the floor under any Python search), and
with `--reference OTHER/.venv/bin/comptoir` another checkout (before/after).
notmuch's index must hold the same mail (import_speed.py's last `--count`).
Commands run as a user's would, with Python's bytecode cache (the variable
PYTHONDONTWRITEBYTECODE is dropped for them), after one untimed round.
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
QUERIES = (
    "commande",
    "Bestellung",
    "colis abîmé",
    "Müller",
    "remboursement facture",
    "from:gmx.de",
)
WHOLE = {  # kind of query: (comptoir's words, notmuch's)
    "common word": ("commande", "commande"),
    "rare word": ("Müller", "Müller"),
    "two words": ("colis abîmé", "colis and abîmé"),
    "from: prefix": ("from:gmx.de", "from:gmx.de"),
}
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


def timed(command: list[str], env: dict[str, str], finds: bool) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one whole command."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
    assert child.stdout is not None
    out = child.stdout.read()  # then reaped here, with its resource usage
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = status  # so that Popen does not wait for it again
    elapsed = (time.perf_counter() - began) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(command)} exited {code}: no figure for it")
    if finds and not out.strip():
        sys.exit(f"{' '.join(command)} found nothing: a search that finds is timed")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def spread(samples: list[float]) -> str:
    return (
        f"{statistics.median(samples):5.1f} ms "
        f"(min {min(samples):.1f}, max {max(samples):.1f})"
    )


# The floor under any `comptoir search`: this Python started bare, and with the
# sqlite3 module (its library alone is a few milliseconds), timed in the same rounds.
FLOORS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python + sqlite3": [sys.executable, "-c", "import sqlite3"],
}


def alternated(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU samples of each command, run one after the other, `runs` rounds."""
    samples: dict[str, tuple[list[float], list[float]]] = {
        name: ([], []) for name in commands
    }
    for _ in range(runs):
        for name, command in commands.items():
            wall, cpu = timed(command, env, finds=name not in FLOORS)
            samples[name][0].append(wall)
            samples[name][1].append(cpu)
    return samples


def notmuch_count(env: dict[str, str]) -> int:
    done = subprocess.run(
        ["notmuch", "count", "*"], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def whole_commands(
    db: Path, env: dict[str, str], runs: int, reference: str | None
) -> dict[str, object]:
    """comptoir, another checkout's comptoir if given, notmuch and the floors,
    alternated, per kind of query."""
    figures: dict[str, object] = {}
    for kind, (ours_q, theirs_q) in WHOLE.items():
        commands = {
            "comptoir": [COMPTOIR, "--db", str(db), "search", "--limit", "50", ours_q]
        }
        if reference:
            commands["reference"] = [reference, *commands["comptoir"][1:]]
        commands["notmuch"] = ["notmuch", "search", "--limit=50", theirs_q]
        alternated(commands, 1, env)  # bytecode written, pages cached: not timed
        samples = alternated({**commands, **FLOORS}, runs, env)
        notmuch_wall, notmuch_cpu = (statistics.median(x) for x in samples["notmuch"])
        row: dict[str, object] = {"query": ours_q}
        print(f"{kind} ({ours_q!r}):")
        for name, (wall, cpu) in samples.items():
            ratio = statistics.median(wall) / notmuch_wall
            cpu_ratio = statistics.median(cpu) / notmuch_cpu
            row[name] = {
                "wall_ms": [statistics.median(wall), min(wall), max(wall)],
                "cpu_ms": [statistics.median(cpu), min(cpu), max(cpu)],
                "ratio": round(ratio, 2),
                "cpu_ratio": round(cpu_ratio, 2),
            }
            print(
                f"  {name:17} wall {spread(wall)}  CPU {spread(cpu)}  "
                f"/notmuch: wall {ratio:.2f}, CPU {cpu_ratio:.2f}"
            )
        figures[kind] = row
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--whole-only", action="store_true", help="only the whole commands"
    )
    parser.add_argument(
        "--reference",
        help="another checkout's comptoir script, timed in the same rounds (before/after)",
    )
    args = parser.parse_args()
    args.workdir = args.workdir.resolve()
    small = args.workdir / "comptoir-100000.db"
    if not small.exists():
        sys.exit(f"{small} is missing: run benchmarks/import_speed.py first")
    big = args.workdir / "comptoir-1000000.db"
    figures: dict[str, object] = {}
    if not big.exists() and not args.whole_only:
        figures["build_1m_seconds"] = build_million(small, big)
        print(
            f"built the 1,000,000-message database in {figures['build_1m_seconds']:.0f} s"
        )
    for label, db, target in (("100k", small, 10.0), ("1M", big, 50.0)):
        if args.whole_only:
            break
        timings = asyncio.run(in_process(db))
        figures[f"in_process_{label}"] = timings
        for query, (median, p90) in timings.items():
            print(
                f"in process {label:>4}  {query:<22} median {median:6.2f} ms  "
                f"p90 {p90:6.2f} ms  (target < {target:.0f} ms)"
            )
    config = args.workdir / "notmuch-config"
    if not (shutil.which("notmuch") and config.exists()):
        print(
            "notmuch or its index (import_speed.py builds it) missing: no whole commands"
        )
    else:
        env = {**os.environ, "NOTMUCH_CONFIG": str(config)}
        # As installed for a user: Python reads its modules' cached bytecode
        # (a shell with PYTHONDONTWRITEBYTECODE compiles every module every run).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        indexed = notmuch_count(env)
        with sqlite3.connect(small) as conn:
            (stored,) = conn.execute("SELECT count(*) FROM messages").fetchone()
        print(f"messages: comptoir {stored:,}, notmuch {indexed:,}")
        if indexed < 0.95 * stored:  # import_speed.py's last run was smaller
            sys.exit(f"notmuch's index ({config}) holds fewer messages: re-index it")
        print(f"whole commands, {args.runs} rounds, alternated:")
        figures["whole_commands"] = whole_commands(
            small, env, args.runs, args.reference
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Intents at scale: what reading them costs an import, and how fast they are read.

    .venv/bin/python benchmarks/intent_speed.py [--count 20000] [--runs 3]
        [--reference /work/main/.venv/bin/comptoir]

- import: `comptoir import maildir` of generated mail with this checkout and
  with the reference one (another checkout's `comptoir`, e.g. main before this
  work), runs alternated, each into a fresh database: messages/s;
- read: `comptoir intents read --all` over the imported database (a fresh copy
  each run): customer messages read per second, the model's fit included;
- start-up: `comptoir --help` with both, alternated.

Medians with min and max; the ratios are the figures to compare across runs
(the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_speed import maildir  # run as a script: this folder is on sys.path

COMPTOIR = str(Path(sys.executable).parent / "comptoir")


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def spread(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.3g} "
        f"(min {min(values):.3g}, max {max(values):.3g})"
    )


def imports(work: Path, mail: Path, count: int, runs: int, reference: str) -> Path:
    rates: dict[str, list[float]] = {"this": [], "reference": []}
    kept = work / "kept.db"
    for run in range(runs):
        for name, exe in (("this", COMPTOIR), ("reference", reference)):
            if name == "reference" and not reference:
                continue
            db = work / f"{name}-{run}.db"
            seconds = timed(
                [exe, "--db", str(db), "import", "maildir", "-q", str(mail)]
            )
            rates[name].append(count / seconds)
            if name == "this" and not kept.exists():
                shutil.copy(db, kept)
            for leftover in work.glob(db.name + "*"):
                leftover.unlink()
    print(f"import, this checkout: {spread(rates['this'])} messages/s")
    if rates["reference"]:
        print(f"import, reference:     {spread(rates['reference'])} messages/s")
        ratio = statistics.median(rates["this"]) / statistics.median(rates["reference"])
        print(f"  ratio this/reference: {ratio:.3f}")
    return kept


def reading(work: Path, kept: Path, runs: int) -> None:
    conn = sqlite3.connect(kept)
    customers = conn.execute(
        "SELECT count(*) FROM messages WHERE direction = 'in' AND author_type = 'customer'"
    ).fetchone()[0]
    conn.close()
    rates = []
    for run in range(runs):
        db = work / f"read-{run}.db"
        shutil.copy(kept, db)
        seconds = timed([COMPTOIR, "--db", str(db), "intents", "read", "--all"])
        rates.append(customers / seconds)
        read = (
            sqlite3.connect(db)
            .execute("SELECT count(*) FROM message_intents")
            .fetchone()[0]
        )
        assert read > 0
    print(
        f"intents read --all ({customers} customer messages): {spread(rates)} messages/s"
    )


def start_up(runs: int, reference: str) -> None:
    times: dict[str, list[float]] = {"this": [], "reference": []}
    for _ in range(runs * 3):
        times["this"].append(timed([COMPTOIR, "--help"]))
        if reference:
            times["reference"].append(timed([reference, "--help"]))
    print(f"comptoir --help, this checkout: {spread(times['this'])} s")
    if reference:
        print(f"comptoir --help, reference:     {spread(times['reference'])} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", default="", help="another checkout's comptoir")
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    mail = maildir(out, args.count)
    with tempfile.TemporaryDirectory(dir=out) as folder:
        work = Path(folder)
        kept = imports(work, mail, args.count, args.runs, args.reference)
        reading(work, kept, args.runs)
    start_up(args.runs, args.reference)


if __name__ == "__main__":
    main()

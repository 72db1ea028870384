"""Import speed: comptoir against mu and notmuch on the same generated Maildir.

    .venv/bin/python benchmarks/import_speed.py [--count 100000] [--runs 3]
        [--skip-reference] [--workdir DIR]

The Maildir is read once first, so that every tool finds it in the page cache:
read cold, the first tool of round 1 paid the disk (reading the 30,000 files
took 2.9 s out of the page cache, 0.4 s in it). Each round runs, one after the
other on the same warm Maildir, a first
`comptoir import maildir` into a new database, `mu index` into a new store and
`notmuch new` into a new database: the tools alternate, so a burst of load on
this shared machine falls on all of them. For each tool it prints messages per
second and the peak memory of the whole process tree (PSS) as the median of the
rounds with their min and max, and the ratio comptoir/mu of each round (the
same round's runs, paired), again as median, min and max. A reference tool
that exits non-zero is reported as failed, with its last words, never as a
rate. Then one re-import of what is already stored, and one JSON line.

Memory flatness: run it at several counts (`--count 10000`, `100000`,
`1000000` with `--skip-reference --runs 1`) and compare the peaks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

# Run as a script, so this folder is on sys.path.
from procmem import Measured, measure

HERE = Path(__file__).resolve().parent
COMPTOIR = str(Path(sys.executable).parent / "comptoir")


def maildir(workdir: Path, count: int) -> Path:
    """The generated Maildir of `count` messages, made once and kept."""
    target = workdir / f"maildir-{count}"
    if not (target / "cur").is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "generate_mail.py"), str(target),
             "--count", str(count)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return target


def warm(mail: Path) -> None:
    """Every file of the Maildir read once, into the page cache."""
    files = size = 0
    for folder in ("cur", "new"):
        for entry in os.scandir(mail / folder):
            size += len(Path(entry.path).read_bytes())
            files += 1
    print(f"read the Maildir once: {files} files, {size / 1e6:.0f} MB")


def db_size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def comptoir_db(workdir: Path, count: int) -> Path:
    return workdir / f"comptoir-{count}.db"


def run_comptoir(workdir: Path, mail: Path, count: int) -> Measured:
    db = comptoir_db(workdir, count)
    for old in workdir.glob(db.name + "*"):
        old.unlink()
    return measure([COMPTOIR, "--db", str(db), "import", "maildir", "-q", str(mail)])


def reimport(workdir: Path, mail: Path, count: int) -> Measured:
    db = comptoir_db(workdir, count)
    return measure([COMPTOIR, "--db", str(db), "import", "maildir", "-q", str(mail)])


def notmuch_config(workdir: Path, mail: Path) -> Path:
    """Kept after the run: search_speed.py searches the same index."""
    config = workdir / "notmuch-config"
    config.write_text(
        f"[database]\nmail_root={mail}\npath={workdir / 'notmuch-db'}\n"
        "[user]\nname=Bench\nprimary_email=bench@example.com\n[new]\ntags=inbox;\n"
        "[maildir]\nsynchronize_flags=false\n"
    )
    return config


def run_notmuch(workdir: Path, mail: Path, count: int) -> Measured:
    home = workdir / "notmuch-db"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    env = {**os.environ, "NOTMUCH_CONFIG": str(notmuch_config(workdir, mail))}
    return measure(["notmuch", "new", "--quiet"], env=env)


def run_mu(workdir: Path, mail: Path, count: int) -> Measured:
    home = workdir / "mu-home"
    shutil.rmtree(home, ignore_errors=True)
    init = subprocess.run(
        ["mu", "init", f"--maildir={mail}", f"--muhome={home}"],
        capture_output=True, text=True,
    )  # fmt: skip
    if init.returncode != 0:
        return Measured(0.0, 0.0, 0.0, init.returncode, init.stderr)
    return measure(["mu", "index", f"--muhome={home}"])


Runner = Callable[[Path, Path, int], Measured]


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values), "min": min(values), "max": max(values),
    }  # fmt: skip


def said(values: dict[str, float], digits: int = 0) -> str:
    return (
        f"{values['median']:.{digits}f} "
        f"({values['min']:.{digits}f}-{values['max']:.{digits}f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument(
        "--skip-reference", action="store_true", help="no notmuch, no mu"
    )
    args = parser.parse_args()
    # Absolute: the reference tools run with other working directories, and a
    # relative path once made notmuch fail while a rate was printed for it.
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    mail = maildir(workdir, args.count)
    warm(mail)
    tools: dict[str, Runner] = {"comptoir": run_comptoir}
    if not args.skip_reference:
        for name, runner in (("mu", run_mu), ("notmuch", run_notmuch)):
            if shutil.which(name):
                tools[name] = runner
            else:
                print(f"{name}: not installed, left out")
    runs: dict[str, list[Measured]] = {name: [] for name in tools}
    for round_ in range(1, args.runs + 1):
        for name, runner in tools.items():
            result = runner(workdir, mail, args.count)
            runs[name].append(result)
            state = (
                f"{args.count / result.seconds:.0f} msg/s" if result.ok else "FAILED"
            )
            print(f"round {round_}  {name:9} {state:>12}  {result.seconds:.1f} s")
    figures: dict[str, object] = {"count": args.count, "runs": args.runs}
    print(f"\n{args.count} messages, {args.runs} rounds: median (min-max)")
    for name, results in runs.items():
        failed = [r for r in results if not r.ok]
        if failed:
            print(f"{name:9} failed (exit {failed[0].returncode}): {failed[0].said}")
            figures[name] = {"failed": failed[0].returncode, "said": failed[0].said}
            continue
        rate = spread([args.count / r.seconds for r in results])
        peak = spread([r.peak_tree_mb for r in results])
        anon = spread([r.peak_tree_anon_mb for r in results])
        figures[name] = {"rate": rate, "peak_tree_mb": peak, "peak_tree_anon_mb": anon}
        print(
            f"{name:9} msg/s {said(rate)}  peak PSS MB {said(peak)}"
            f" (anonymous {said(anon)})"
        )
    for name in tools:
        if name == "comptoir" or "failed" in str(figures.get(name)):
            continue
        if any(not r.ok for r in runs["comptoir"]):
            break
        ratios = spread(
            [theirs.seconds / ours.seconds
             for ours, theirs in zip(runs["comptoir"], runs[name], strict=True)]
        )  # fmt: skip
        figures[f"ratio_vs_{name}"] = ratios
        print(f"comptoir/{name} (paired by round) {said(ratios, 2)}")
    again = reimport(workdir, mail, args.count)
    main_mb = spread([r.peak_main_mb for r in runs["comptoir"]])
    figures["comptoir_extra"] = {
        "peak_main_mb": main_mb,
        "db_mb": db_size_mb(comptoir_db(workdir, args.count)),
        "reimport_seconds": again.seconds,
    }
    print(
        f"comptoir: main process {said(main_mb)} MB RSS, database "
        f"{db_size_mb(comptoir_db(workdir, args.count)):.0f} MB, re-import "
        f"{again.seconds:.1f} s{'' if again.ok else ' FAILED'}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

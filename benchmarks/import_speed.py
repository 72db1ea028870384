"""Import speed: comptoir against notmuch and mu on the same generated Maildir.

    .venv/bin/python benchmarks/import_speed.py [--count 100000]

Prints messages per second, peak memory of the whole process tree and the
database size, for `count` messages and for a tenth of them (to show whether
memory stays flat), then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
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
            [
                sys.executable,
                str(HERE / "generate_mail.py"),
                str(target),
                "--count",
                str(count),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def db_size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def run_comptoir(workdir: Path, mail: Path, count: int) -> dict[str, float]:
    db = workdir / f"comptoir-{count}.db"
    for old in workdir.glob(db.name + "*"):
        old.unlink()
    command = [COMPTOIR, "--db", str(db), "import", "maildir", "-q", str(mail)]
    first = measure(command)
    again = measure(command)
    assert first.returncode == again.returncode == 0
    return {
        "seconds": first.seconds,
        "rate": count / first.seconds,
        "peak_tree_mb": first.peak_tree_mb,
        "peak_main_mb": first.peak_main_mb,
        "db_mb": db_size_mb(db),
        "reimport_seconds": again.seconds,
    }


def run_notmuch(workdir: Path, mail: Path) -> Measured | None:
    if shutil.which("notmuch") is None:
        return None
    home = workdir / "notmuch-db"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    config = workdir / "notmuch-config"
    config.write_text(
        f"[database]\nmail_root={mail}\npath={home}\n[user]\nname=Bench\n"
        "primary_email=bench@example.com\n[new]\ntags=inbox;\n"
        "[maildir]\nsynchronize_flags=false\n"
    )
    return measure(
        ["notmuch", "new", "--quiet"], env={**os.environ, "NOTMUCH_CONFIG": str(config)}
    )


def run_mu(workdir: Path, mail: Path) -> Measured | None:
    if shutil.which("mu") is None:
        return None
    home = workdir / "mu-home"
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run(
        ["mu", "init", f"--maildir={mail}", f"--muhome={home}"],
        check=True,
        capture_output=True,
    )
    return measure(["mu", "index", f"--muhome={home}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument(
        "--skip-reference", action="store_true", help="no notmuch, no mu"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    small = max(1, args.count // 10)
    figures: dict[str, object] = {"count": args.count}
    figures["comptoir"] = run_comptoir(
        args.workdir, maildir(args.workdir, args.count), args.count
    )
    figures["comptoir_tenth"] = run_comptoir(
        args.workdir, maildir(args.workdir, small), small
    )
    print(
        f"{'':14}{'msg/s':>9}{'seconds':>9}{'peak MB':>9}  notes (peak: PSS of the process tree)"
    )
    for label, key, count in (
        ("comptoir", "comptoir", args.count),
        ("comptoir/10", "comptoir_tenth", small),
    ):
        row = figures[key]
        assert isinstance(row, dict)
        print(
            f"{label:14}{row['rate']:>9.0f}{row['seconds']:>9.1f}{row['peak_tree_mb']:>9.0f}"
            f"  main process {row['peak_main_mb']:.0f} MB, database {row['db_mb']:.0f} MB, "
            f"re-import {row['reimport_seconds']:.1f} s ({count} messages)"
        )
    if not args.skip_reference:
        mail = maildir(args.workdir, args.count)
        ours = figures["comptoir"]
        assert isinstance(ours, dict)
        for name, result in (
            ("notmuch", run_notmuch(args.workdir, mail)),
            ("mu", run_mu(args.workdir, mail)),
        ):
            if result is None:
                print(f"{name:14}  not installed")
                continue
            rate = args.count / result.seconds
            figures[name] = {
                "seconds": result.seconds,
                "rate": rate,
                "peak_tree_mb": result.peak_tree_mb,
            }
            figures[f"ratio_vs_{name}"] = ours["rate"] / rate
            print(
                f"{name:14}{rate:>9.0f}{result.seconds:>9.1f}{result.peak_tree_mb:>9.0f}"
                f"  comptoir/{name} = {ours['rate'] / rate:.2f}"
            )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

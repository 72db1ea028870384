"""Helpers shared by tests: the CLI runner's type, the corpus sorted by kind."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from plugins.email.sources import is_maildir, read_maildir, read_mbox

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


def maildirs(email: Path) -> list[Path]:
    """Top-level Maildirs (a Maildir's own subfolders are read with it)."""
    found = sorted(p for p in email.rglob("*") if is_maildir(p))
    return [p for p in found if not any(q in p.parents for q in found)]


def mbox_files(email: Path) -> list[Path]:
    return sorted(
        p
        for p in email.rglob("*mbox*")
        if p.is_file()
        and p.read_bytes().removeprefix(b"\xef\xbb\xbf").startswith(b"From ")
    )


# Expected-result files of mime-tools and raw TNEF blobs sit beside the messages.
NOT_MESSAGES = (".ref", ".tnef")


def single_messages(email: Path) -> list[Path]:
    inside = {p for d in maildirs(email) for p in d.rglob("*") if p.is_file()}
    boxes = set(mbox_files(email))
    return sorted(
        p
        for p in email.rglob("*")
        if p.is_file()
        and p.name != "SOURCES.md"
        and p.suffix not in NOT_MESSAGES
        and p not in inside
        and p not in boxes
    )


def every_raw_message(email: Path) -> list[bytes]:
    raws = [p.read_bytes() for p in single_messages(email)]
    for box in mbox_files(email):
        raws += [m.raw for m in read_mbox(box)]
    for folder in maildirs(email):
        raws += [m.raw for m in read_maildir(folder)]
    return raws


# Columns that record when a row was written, not what it says.
WALL_CLOCK = frozenset({"received_at", "created_at"})


def dump_tables(
    db: Path, tables: tuple[str, ...]
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of these tables in a stable order, wall-clock columns left out,
    to compare two databases that should say the same."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        dumped = {}
        for table in tables:
            columns = [
                row[1]
                for row in conn.execute(f"PRAGMA table_info({table})")
                if row[1] not in WALL_CLOCK
            ]
            order = ", ".join(map(str, range(1, len(columns) + 1)))
            dumped[table] = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
            ).fetchall()
        return dumped
    finally:
        conn.close()

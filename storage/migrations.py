"""Numbered SQL migrations, each applied with its record in one transaction."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import resources

import aiosqlite

from storage.content_hash import stored_content_sha256

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Migrations renumbered after databases recorded them under their first name
# (a branch's number taken on main first): old name -> new name.
RENAMED = {"0009_channels": "0012_channels"}


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """The schema files shipped with the package, in order."""
    folder = resources.files("storage").joinpath("schema")
    found = [
        Migration(entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if _NAME.match(entry.name)
    ]
    return sorted(found, key=lambda migration: migration.name)


async def applied_migrations(conn: aiosqlite.Connection) -> list[str]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)"
    )
    rows = await conn.execute_fetchall(
        "SELECT name FROM schema_migrations ORDER BY name"
    )
    return [str(row[0]) for row in rows]


async def pending_migrations(conn: aiosqlite.Connection) -> list[Migration]:
    done = set(await applied_migrations(conn))
    return [m for m in available_migrations() if m.name not in done]


class NewerSchema(Exception):
    """The database was migrated by a newer comptoir; `names` are the unknown steps."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


async def check_known(conn: aiosqlite.Connection) -> None:
    """Refuse, before anything is written, a database a newer comptoir migrated:
    this version would misread what it does not know, or write over it."""
    rows = await conn.execute_fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name = 'schema_migrations'"
    )
    if not list(rows):
        return
    known = {m.name for m in available_migrations()} | set(RENAMED)
    unknown = [name for name in await applied_migrations(conn) if name not in known]
    if unknown:
        raise NewerSchema(unknown)


async def _rename_applied(conn: aiosqlite.Connection) -> None:
    """A renumbered migration applied under its old name is not applied again."""
    done = set(await applied_migrations(conn))
    # Written only when there is something to rename: an UPDATE, even of no
    # row, takes the write lock, and another process may hold it (a long fetch).
    for old, new in RENAMED.items():
        if old in done:
            await conn.execute(
                "UPDATE schema_migrations SET name = ? WHERE name = ?", (new, old)
            )
    if conn.in_transaction:
        await conn.commit()


async def migrate(conn: aiosqlite.Connection) -> list[str]:
    """Apply every pending migration; returns the names applied."""
    applied: list[str] = []
    await _rename_applied(conn)
    # Functions that migrations written in SQL call.
    await conn.create_function(
        "comptoir_content_sha256", 2, stored_content_sha256, deterministic=True
    )
    for migration in await pending_migrations(conn):
        # executescript() commits first, so the transaction is spelled out here.
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n"
            "INSERT INTO schema_migrations (name, applied_at) "
            f"VALUES ('{migration.name}', {int(time.time())});\n"
            "COMMIT;"
        )
        try:
            await conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                await conn.rollback()
            raise
        applied.append(migration.name)
    return applied

"""Migrations: each applied whole or not at all; the schema is what it should be."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from storage import migrations
from storage.connection import open_store
from storage.migrations import Migration, applied_migrations, migrate

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "schema.sql"


async def _schema(db: Path) -> str:
    async with open_store(db):
        pass
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'message_search_%' ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return "\n".join(f"{sql};" for (sql,) in rows) + "\n"


async def test_migrated_schema_matches_the_golden_file(tmp_path: Path) -> None:
    """A schema change must come with a migration and an updated tests/data/schema.sql
    (write it with COMPTOIR_UPDATE_GOLDEN=1)."""
    schema = await _schema(tmp_path / "fresh.db")
    import os

    if os.environ.get("COMPTOIR_UPDATE_GOLDEN"):
        GOLDEN.write_text(schema, encoding="utf-8")
    assert schema == GOLDEN.read_text(encoding="utf-8")


async def test_opening_twice_applies_nothing_twice(tmp_path: Path) -> None:
    async with open_store(tmp_path / "s.db") as store:
        assert await migrate(store.conn) == []
        shipped = [m.name for m in migrations.available_migrations()]
        assert await applied_migrations(store.conn) == shipped


async def test_a_failing_migration_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = Migration("9999_broken", "CREATE TABLE half (x);\nTHIS IS NOT SQL;")
    real = migrations.available_migrations()
    monkeypatch.setattr(migrations, "available_migrations", lambda: [*real, broken])
    async with aiosqlite.connect(tmp_path / "m.db", isolation_level=None) as conn:
        with pytest.raises(sqlite3.OperationalError):
            await migrate(conn)
        assert await applied_migrations(conn) == [m.name for m in real]
        tables = await conn.execute_fetchall(
            "SELECT name FROM sqlite_master WHERE name = 'half'"
        )
        assert list(tables) == []


async def test_a_database_with_the_channels_migration_under_its_old_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0012_channels was 0009_channels on its branch: a database that applied it
    then opens, gets what it lacks (0011), and never runs it twice."""
    shipped = migrations.available_migrations()
    before = [
        Migration("0009_channels", m.sql) if m.name == "0012_channels" else m
        for m in shipped
        if m.name != "0011_languages"
    ]
    monkeypatch.setattr(migrations, "available_migrations", lambda: before)
    async with aiosqlite.connect(tmp_path / "old.db", isolation_level=None) as conn:
        await migrate(conn)
        assert "0009_channels" in await applied_migrations(conn)
    monkeypatch.setattr(migrations, "available_migrations", lambda: shipped)
    async with open_store(tmp_path / "old.db") as store:
        assert await applied_migrations(store.conn) == [m.name for m in shipped]
        columns = await store.conn.execute_fetchall("PRAGMA table_info(messages)")
        names = {str(row[1]) for row in columns}
        assert {"thread_key", "language"} <= names

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


def back_before_the_senders_index(db: Path) -> None:
    """The inbox as 0013 left it (the golden schema holds the rest)."""
    with sqlite3.connect(db) as conn:
        for trigger in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER messages_sender_search_{trigger}")
        conn.execute("DROP TABLE sender_search")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0014_sender_search'")


async def test_an_inbox_of_the_previous_schema_gets_the_senders_index(
    tmp_path: Path,
) -> None:
    """Checked before it is migrated, its pending migration is no problem; then
    0014_sender_search indexes the mail already stored, and what comes after."""
    from storage.ingest import ingest_messages
    from storage.maintenance import check_store, rebuild_search_index
    from storage.search import search_messages
    from tests.unit_tests.store.test_ingest import SHOP, mail

    async with open_store(tmp_path / "old.db") as store:
        old = [mail(n, f"ann{n}@gmx.de", f"Colis {n}") for n in range(3)]
        await ingest_messages(store, "import", old, SHOP)
    back_before_the_senders_index(tmp_path / "old.db")
    async with open_store(tmp_path / "old.db", apply_migrations=False) as store:
        report = await check_store(store)  # as `comptoir db check` sees it
        assert (report.problems, report.pending) == ((), ("0014_sender_search",))
        await rebuild_search_index(store)  # `--repair`
        assert len(await search_messages(store, "colis")) == 3
    async with open_store(tmp_path / "old.db") as store:
        assert "0014_sender_search" in await applied_migrations(store.conn)
        await ingest_messages(store, "import", [mail(9, "bob@gmx.de", "Colis 9")], SHOP)
        hits = await search_messages(store, "from:gmx.de")
        assert [h.subject for h in hits] == ["Colis 9", "Colis 2", "Colis 1", "Colis 0"]
        assert [h.subject for h in await search_messages(store, "from:ann1")] == [
            "Colis 1"
        ]
        assert (await check_store(store)).problems == ()

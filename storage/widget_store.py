"""The chat widget server's own SQLite file: visitors, their conversations, files.

Separate from the inbox: the widget server may run on the shop's web server
while the console runs elsewhere. Writes go through one thread with group
commit (`widget_writer`), reads through another connection (WAL lets them
run side by side); `synchronous = FULL` makes each acknowledged message
survive a power cut too, not only a killed process.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from plugins.chat.records import (
    Entry,
    FileRef,
    Inbound,
    NewEntry,
    Stored,
    Visitor,
    first_words,
)
from storage.connection import explain_sqlite_error
from storage.widget_writer import GroupWriter

T = TypeVar("T")
_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
)
_ENTRY = (
    "SELECT e.seq, e.visitor_id, e.key, e.direction, e.kind, e.text, e.author, e.at, "
    "e.data_json, f.id, f.filename, f.content_type, f.size "
    "FROM entries e LEFT JOIN files f ON f.id = e.file_id "
)
_VISITOR = (
    "SELECT id, name, email, email_verified, language, page, topic, created_at "
    "FROM visitors "
)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    """Numbered schema files, the count applied kept in `user_version`."""
    folder = resources.files("storage").joinpath("widget_schema")
    scripts = sorted(e.name for e in folder.iterdir() if e.name.endswith(".sql"))
    done = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for number, name in enumerate(scripts[done:], done + 1):
        sql = folder.joinpath(name).read_text(encoding="utf-8")
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
        )
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('server_id', ?)",
        (secrets.token_hex(4),),
    )


def _visitor(row: Sequence[Any]) -> Visitor:
    return Visitor(
        str(row[0]), str(row[1]), str(row[2]), bool(row[3]),
        str(row[4]), str(row[5]), str(row[6]), float(row[7]),
    )  # fmt: skip


def _entry(row: Sequence[Any]) -> Entry:
    file = FileRef(row[9], row[10], row[11], int(row[12])) if row[9] else None
    return Entry(
        int(row[0]), str(row[1]), str(row[2]), row[3], str(row[4]), str(row[5]),
        str(row[6]), float(row[7]), json.loads(row[8]), file,
    )  # fmt: skip


def _insert_entry(conn: sqlite3.Connection, new: NewEntry, at: float) -> Stored:
    found = conn.execute(
        _ENTRY + "WHERE e.visitor_id = ? AND e.key = ?", (new.visitor_id, new.key)
    ).fetchone()
    if found is not None:  # sent again after a lost acknowledgement
        return Stored(_entry(found), False)
    file_id = None
    if new.file is not None:
        file_id = secrets.token_urlsafe(16)
        conn.execute(
            "INSERT INTO files (id, visitor_id, filename, content_type, size, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (file_id, new.visitor_id, new.file.filename, new.file.content_type,
             len(new.file.data), new.file.data),
        )  # fmt: skip
    cursor = conn.execute(
        "INSERT INTO entries (visitor_id, key, direction, kind, text, author, "
        "data_json, file_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new.visitor_id, new.key, new.direction, new.kind, new.text, new.author,
         json.dumps(dict(new.data), ensure_ascii=False), file_id, at),
    )  # fmt: skip
    if new.direction == "in" and new.text.strip():
        conn.execute(
            "UPDATE visitors SET topic = ? WHERE id = ? AND topic = ''",
            (first_words(new.text), new.visitor_id),
        )
    row = conn.execute(_ENTRY + "WHERE e.seq = ?", (cursor.lastrowid,)).fetchone()
    return Stored(_entry(row), True)


class SqliteWidgetStore:
    """`plugins.chat.records.WidgetStore` over one SQLite file."""

    def __init__(self, path: Path, writer: sqlite3.Connection) -> None:
        self.path = path
        self._write_conn, self._read_conn = writer, _connect(path)
        self._write_thread = ThreadPoolExecutor(1, "widget-writer")
        self._read_thread = ThreadPoolExecutor(1, "widget-reader")
        self.writer = GroupWriter(writer, self._write_thread)
        row = writer.execute("SELECT value FROM meta WHERE key = 'server_id'")
        self._server_id = str(row.fetchone()[0])

    @property
    def server_id(self) -> str:
        return self._server_id

    async def _read(self, query: str, params: Sequence[Any] = ()) -> list[Any]:
        def run() -> list[Any]:
            return self._read_conn.execute(query, tuple(params)).fetchall()

        return await asyncio.get_running_loop().run_in_executor(self._read_thread, run)

    async def create_visitor(self, visitor: Visitor, token_sha256: str) -> Visitor:
        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO visitors (id, token_sha256, name, email, email_verified, "
                "language, page, topic, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)",
                (visitor.id, token_sha256, visitor.name, visitor.email,
                 int(visitor.email_verified), visitor.language, visitor.page,
                 visitor.created_at),
            )  # fmt: skip

        await self.writer.write(insert)
        return visitor

    async def visitor_by_token(self, token_sha256: str) -> Visitor | None:
        rows = await self._read(_VISITOR + "WHERE token_sha256 = ?", (token_sha256,))
        return _visitor(rows[0]) if rows else None

    async def visitor(self, visitor_id: str) -> Visitor | None:
        rows = await self._read(_VISITOR + "WHERE id = ?", (visitor_id,))
        return _visitor(rows[0]) if rows else None

    async def update_visitor(self, visitor: Visitor) -> None:
        def update(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE visitors SET name = ?, email = ?, email_verified = ?, "
                "language = ? WHERE id = ?",
                (visitor.name, visitor.email, int(visitor.email_verified),
                 visitor.language, visitor.id),
            )  # fmt: skip

        await self.writer.write(update)

    async def add_entry(self, entry: NewEntry) -> Stored:
        at = time.time()
        return await self.writer.write(lambda conn: _insert_entry(conn, entry, at))

    async def entries(
        self, visitor_id: str, after: int = 0, limit: int = 200
    ) -> list[Entry]:
        rows = await self._read(
            _ENTRY + "WHERE e.visitor_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?",
            (visitor_id, after, limit),
        )
        return [_entry(row) for row in rows]

    async def entry_by_key(self, visitor_id: str, key: str) -> Entry | None:
        rows = await self._read(
            _ENTRY + "WHERE e.visitor_id = ? AND e.key = ?", (visitor_id, key)
        )
        return _entry(rows[0]) if rows else None

    async def inbound(self, after: int, limit: int = 200) -> list[Inbound]:
        def run() -> list[Inbound]:
            conn = self._read_conn
            conn.execute("BEGIN")  # one snapshot for the entries and their context
            try:
                return _inbound(conn, after, limit)
            finally:
                conn.execute("COMMIT")

        return await asyncio.get_running_loop().run_in_executor(self._read_thread, run)

    async def last_seq(self) -> int:
        rows = await self._read("SELECT coalesce(max(seq), 0) FROM entries")
        return int(rows[0][0])

    async def file(self, file_id: str) -> tuple[FileRef, str, bytes] | None:
        rows = await self._read(
            "SELECT id, filename, content_type, size, visitor_id, data FROM files "
            "WHERE id = ?",
            (file_id,),
        )
        if not rows:
            return None
        row = rows[0]
        return FileRef(row[0], row[1], row[2], int(row[3])), str(row[4]), bytes(row[5])

    async def close(self) -> None:
        await self.writer.wait_idle()
        self._write_thread.shutdown(wait=True)
        self._read_thread.shutdown(wait=True)
        self._write_conn.close()
        self._read_conn.close()


def _inbound(conn: sqlite3.Connection, after: int, limit: int) -> list[Inbound]:
    rows = conn.execute(
        _ENTRY + "WHERE e.direction = 'in' AND e.seq > ? ORDER BY e.seq LIMIT ?",
        (after, limit),
    ).fetchall()
    found = []
    people: dict[str, Visitor] = {}
    for row in rows:
        entry = _entry(row)
        if entry.visitor_id not in people:
            one = conn.execute(_VISITOR + "WHERE id = ?", (entry.visitor_id,))
            people[entry.visitor_id] = _visitor(one.fetchone())
        before = conn.execute(
            _ENTRY + "WHERE e.visitor_id = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT 1",
            (entry.visitor_id, entry.seq),
        ).fetchone()
        data = None
        if entry.file is not None:
            blob = conn.execute("SELECT data FROM files WHERE id = ?", (entry.file.id,))
            data = bytes(blob.fetchone()[0])
        previous = _entry(before) if before else None
        found.append(Inbound(entry, people[entry.visitor_id], previous, data))
    return found


@asynccontextmanager
async def open_widget_store(path: Path) -> AsyncIterator[SqliteWidgetStore]:
    """Open (creating and migrating if needed) the widget server's file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await asyncio.to_thread(_connect, path)
        await asyncio.to_thread(_migrate, conn)
    except (sqlite3.Error, OSError) as exc:
        raise explain_sqlite_error(exc, path) from exc
    store = SqliteWidgetStore(path, conn)
    try:
        yield store
    finally:
        await store.close()

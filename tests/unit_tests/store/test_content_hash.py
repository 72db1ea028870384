"""One mail, one content hash, however it travelled; older stores are brought up."""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path

import aiosqlite
import pytest

from storage import migrations
from storage.connection import open_store
from storage.content_hash import content_sha256, stored_content_sha256
from storage.ingest_rows import pack_raw
from storage.migrations import migrate

MAIL = b"From: a@example.com\nSubject: s\n\nFrom the start\n>From quoted\nbye\n"


@pytest.mark.parametrize(
    "variant",
    [
        MAIL.replace(b"\n", b"\r\n"),  # over IMAP
        MAIL + b"\n",  # an mbox message keeps its blank line
        MAIL.replace(b"\nFrom the", b"\n>From the").replace(b">From q", b">>From q"),
        MAIL.rstrip(b"\n"),
    ],
    ids=["crlf", "blank-line", "mboxrd-quoted", "no-final-break"],
)
def test_the_same_mail_has_the_same_hash(variant: bytes) -> None:
    assert content_sha256(variant) == content_sha256(MAIL)


def test_different_mail_has_different_hashes() -> None:
    assert content_sha256(MAIL) != content_sha256(MAIL.replace(b"bye", b"Bye"))
    assert content_sha256(MAIL) != content_sha256(MAIL + b" ")


@pytest.mark.parametrize(
    "raw",
    [
        MAIL,
        MAIL.replace(b"\n", b"\r\n") * 40,
        MAIL + bytes(range(256)) * 4000,  # 1 MB: 8-bit content, runs of text
    ],
    ids=["small", "crlf", "binary"],
)
def test_a_packed_original_inflates_with_zlib_to_the_same_bytes(raw: bytes) -> None:
    packed = pack_raw(raw)
    kept = zlib.decompress(packed.data) if packed.encoding == "zlib" else packed.data
    assert kept == raw
    assert packed.encoding == ("identity" if len(raw) < 2048 else "zlib")
    assert packed.sha256 == stored_content_sha256(packed.encoding, packed.data)
    assert len(packed.data) <= len(raw)


async def test_the_migration_rehashes_stored_originals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    older = [m for m in migrations.available_migrations() if m.name < "0007"]
    monkeypatch.setattr(migrations, "available_migrations", lambda: older)
    async with aiosqlite.connect(db, isolation_level=None) as conn:
        await migrate(conn)
    crlf = MAIL.replace(b"\n", b"\r\n") * 200  # big enough to be kept compressed
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO customers (id, name, created_at) VALUES (1, '', 0)")
    conn.execute(
        "INSERT INTO conversations (id, customer_id, channel, created_at, "
        "last_message_at) VALUES (1, 1, 'import', 0, 0)"
    )
    for pk, raw, encoding, data in (
        (1, MAIL, "identity", MAIL),
        (2, crlf, "zlib", zlib.compress(crlf)),
    ):
        conn.execute(
            "INSERT INTO messages (id, conversation_id, channel, external_id, "
            "content_sha256, direction, author_type, sent_at, received_at, "
            "thread_reason, search_rowid) VALUES (?, 1, 'import', ?, ?, 'in', "
            "'customer', 0, 0, 'new', ?)",
            (pk, f"k{pk}", hashlib.sha256(raw).hexdigest(), pk),
        )
        conn.execute(
            "INSERT INTO raw_messages VALUES (?, ?, ?, ?)",
            (pk, encoding, len(raw), data),
        )
    conn.commit()
    conn.close()
    monkeypatch.undo()
    async with open_store(db) as store:
        rows = await store.conn.execute_fetchall(
            "SELECT content_sha256 FROM messages ORDER BY id"
        )
    assert [row[0] for row in rows] == [content_sha256(MAIL), content_sha256(crlf)]

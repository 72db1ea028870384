"""Everything back out: raw originals byte for byte, and every record as JSON."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

from storage.connection import Store
from storage.models import RawMessage

_PAGE = 500

# Tables exported as records, each row a JSON object with its table's name.
EXPORTED_TABLES = (
    "customers",
    "identities",
    "customer_tags",
    "conversations",
    "conversation_tags",
    "messages",
    "attachments",
    "events",
    "orders",
    "order_items",
    "canned_replies",
    "sync_cursors",
    "outbox",
)


def decode_raw(encoding: str, data: bytes) -> bytes:
    return zlib.decompress(data) if encoding == "zlib" else bytes(data)


async def iter_raw_messages(store: Store) -> AsyncIterator[RawMessage]:
    """Every stored original, in the order it was stored, a page at a time."""
    after = 0
    while True:
        rows = list(
            await store.conn.execute_fetchall(
                "SELECT m.id, m.channel, m.external_id, m.sender_address, m.sent_at, "
                "r.encoding, r.data FROM messages m JOIN raw_messages r "
                "ON r.message_id = m.id WHERE m.id > ? ORDER BY m.id LIMIT ?",
                (after, _PAGE),
            )
        )
        if not rows:
            return
        for id_, channel, external_id, sender, sent_at, encoding, data in rows:
            yield RawMessage(
                id_, channel, external_id, sender, sent_at, decode_raw(encoding, data)
            )
        after = rows[-1][0]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    return value


async def iter_records(store: Store) -> AsyncIterator[dict[str, Any]]:
    """Every row of every table a shop's data lives in; JSON columns decoded."""
    for table in EXPORTED_TABLES:
        # A plain scan reads rowid tables by rowid and the others by primary key.
        cursor = await store.conn.execute(f"SELECT * FROM {table}")
        names = [column[0] for column in cursor.description]
        while rows := await cursor.fetchmany(_PAGE):
            for row in rows:
                record: dict[str, Any] = {"table": table}
                for name, value in zip(names, row, strict=True):
                    if name.endswith("_json") and isinstance(value, str):
                        record[name.removesuffix("_json")] = json.loads(value)
                    else:
                        record[name] = _plain(value)
                yield record
        await cursor.close()

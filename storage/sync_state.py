"""IMAP sync state, and storing fetched mail with its cursor in one transaction.

Because a batch of messages and the UID it brings the folder to are committed
together, a fetch killed at any instant resumes exactly after the last stored
batch: nothing is lost (the cursor never runs ahead of the messages) and
nothing is doubled (the messages never run ahead of the cursor, and their
(channel, external_id) is unique anyway).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from storage.connection import Store
from storage.ingest import IngestItem, IngestResult, ingest_in_transaction
from storage.ingest_lookup import present_external_ids
from storage.ingest_rows import pack_raw

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class FolderState:
    uidvalidity: int
    last_uid: int = 0
    highestmodseq: int | None = None


async def folder_state(store: Store, channel: str, folder: str) -> FolderState | None:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT uidvalidity, last_uid, highestmodseq FROM imap_folders "
            "WHERE channel = ? AND folder = ?",
            (channel, folder),
        )
    )
    if not rows:
        return None
    return FolderState(int(rows[0][0]), int(rows[0][1]), rows[0][2])


async def _save_state(
    store: Store, channel: str, folder: str, state: FolderState
) -> None:
    await store.conn.execute(
        "INSERT INTO imap_folders (channel, folder, uidvalidity, last_uid, "
        "highestmodseq, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (channel, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
        "last_uid = excluded.last_uid, highestmodseq = excluded.highestmodseq, "
        "updated_at = excluded.updated_at",
        (
            channel,
            folder,
            state.uidvalidity,
            state.last_uid,
            state.highestmodseq,
            int(time.time()),
        ),
    )


async def save_folder_state(
    store: Store, channel: str, folder: str, state: FolderState
) -> None:
    async with store.transaction():
        await _save_state(store, channel, folder, state)


async def _stored_hashes(store: Store, channel: str, hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        rows = await store.conn.execute_fetchall(
            "SELECT content_sha256 FROM messages WHERE channel = ? AND "
            f"content_sha256 IN ({','.join('?' * len(chunk))})",
            (channel, *chunk),
        )
        found.update(str(row[0]) for row in rows)
    return found


async def _already_known(
    store: Store, channel: str, items: Sequence[IngestItem]
) -> set[str]:
    """External ids of items stored before under another key: the same bytes
    (a folder re-read after a UIDVALIDITY change, a copy in two folders), or
    our own reply's copy in Sent (its Message-ID was chosen by the outbox)."""
    hashes = [(item.packed or pack_raw(item.message.raw)).sha256 for item in items]
    seen = await _stored_hashes(store, channel, list(set(hashes)))
    outbox_keys = {
        f"outbox:{i.message.message_id}": i.message.external_id
        for i in items
        if i.message.message_id
    }
    ours = await present_external_ids(store.conn, channel, list(outbox_keys))
    known = {outbox_keys[key] for key in ours}
    batch: set[str] = set()  # identical bytes twice in one batch: keep the first
    for item, digest in zip(items, hashes, strict=True):
        if digest in seen or digest in batch:
            known.add(item.message.external_id)
        batch.add(digest)
    return known


async def ingest_synced(
    store: Store,
    channel: str,
    folder: str,
    state: FolderState,
    items: Sequence[IngestItem],
    shop_addresses: frozenset[str] = frozenset(),
) -> list[IngestResult]:
    """Store a fetched batch and move the folder's cursor to `state`, atomically.

    Items already stored under another key are reported 'present'."""
    async with store.transaction():
        known = await _already_known(store, channel, items)
        fresh = [i for i in items if i.message.external_id not in known]
        results = await ingest_in_transaction(store, channel, fresh, shop_addresses)
        await _save_state(store, channel, folder, state)
    by_id = {r.external_id: r for r in results}
    return [
        by_id.get(i.message.external_id, IngestResult(i.message.external_id, "present"))
        for i in items
    ]


async def stored_external_ids(
    store: Store, channel: str, external_ids: Sequence[str]
) -> set[str]:
    return await present_external_ids(store.conn, channel, external_ids)

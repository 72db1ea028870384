"""Syncing an account's folders into the store, resumable at any instant.

Per folder: EXAMINE (read-only: no flag ever changes, \\Seen is never read or
set), compare UIDVALIDITY and UIDNEXT/HIGHESTMODSEQ with the stored cursor,
then `UID FETCH BODY.PEEK[] INTERNALDATE` the new UIDs in chunks. One thread
talks IMAP, worker processes parse, the store writes each chunk together with
the cursor it reaches (storage.sync_state), so the three overlap and a kill
loses nothing. A UIDVALIDITY change re-reads the folder from UID 1; the
content hash skips what is already stored.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from imapclient import IMAPClient

from plugins.email.errors import explained
from plugins.email.folders import FolderPlan, plan_folders
from plugins.email.imap_connect import select
from plugins.email.imap_fetch import Fetched, Prepared, external_id, prepare
from plugins.email.imap_read import fetch_bodies
from plugins.email.settings import EmailSettings
from storage.connection import Store
from storage.ingest import IngestItem
from storage.sync_state import FolderState, folder_state, ingest_synced
from storage.sync_state import stored_external_ids as stored

CHUNK = 500  # UIDs per FETCH: big enough to stream, small enough to resume
WINDOW = 3  # chunks fetched and parsed ahead of the one being stored


@dataclass(slots=True)
class SyncReport:
    new: int = 0
    present: int = 0
    folders: dict[str, int] = field(default_factory=dict)  # new per folder
    new_ids: list[int] = field(default_factory=list)  # message ids stored
    # (folder, UID) -> the server's words: refused (NO), the rest was stored
    refused: dict[tuple[str, int], str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # said at every fetch
    remarks: list[str] = field(default_factory=list)  # said by `channels check`


Progress = Callable[[SyncReport], None]


@dataclass(slots=True)
class _Folder:
    name: str
    uidvalidity: int
    state: FolderState
    modseq: int | None


class FolderSync:
    """One account's sync over one open session."""

    def __init__(
        self,
        settings: EmailSettings,
        client: IMAPClient,
        store: Store,
        shop: frozenset[str],
        pool: Executor | None = None,
    ) -> None:
        self.settings, self.client, self.store, self.pool = (
            settings,
            client,
            store,
            pool,
        )
        self.shop = shop | ({settings.address.lower()} if settings.address else set())
        self.report = SyncReport()

    async def call(self, doing: str, fn: Callable[..., Any], *args: Any) -> Any:
        s = self.settings
        with explained(s.instance, s.imap_host, s.imap_port, doing):
            return await asyncio.to_thread(fn, *args)

    async def _open(self, name: str) -> tuple[_Folder, int | None]:
        info = await self.call(f"opening folder {name}", select, self.client, name)
        uidvalidity = int(info[b"UIDVALIDITY"])
        modseq = info.get(b"HIGHESTMODSEQ")
        state = await folder_state(self.store, self.settings.instance, name)
        if state is None or state.uidvalidity != uidvalidity:
            state = FolderState(uidvalidity)  # re-read; the content hash dedupes
        uidnext = info.get(b"UIDNEXT")
        return _Folder(name, uidvalidity, state, modseq), uidnext

    async def folder(self, name: str, since: date | None, on: Progress) -> None:
        folder, uidnext = await self._open(name)
        state = folder.state
        unchanged = (uidnext is not None and int(uidnext) <= state.last_uid + 1) or (
            folder.modseq is not None and folder.modseq == state.highestmodseq
        )
        if unchanged and since is None and state.last_uid:
            return
        uids = await self._uids(folder, since)
        await self._pipeline(folder, uids, on)

    async def _uids(self, folder: _Folder, since: date | None) -> list[int]:
        last = folder.state.last_uid
        doing = f"searching folder {folder.name}"
        if since is None:
            found = await self.call(doing, self.client.search, ["UID", f"{last + 1}:*"])
            return sorted(u for u in found if u > last)
        found = sorted(await self.call(doing, self.client.search, ["SINCE", since]))
        keys = [external_id(folder.name, folder.uidvalidity, u) for u in found]
        have = await stored(self.store, self.settings.instance, keys)
        return [u for u, k in zip(found, keys, strict=True) if k not in have]

    async def _parse(self, folder: _Folder, fetched: list[Fetched]) -> list[Prepared]:
        args = (fetched, folder.name, folder.uidvalidity)
        if self.pool is None or len(fetched) < 20:
            return prepare(*args)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, prepare, *args)

    async def _pipeline(self, folder: _Folder, uids: list[int], on: Progress) -> None:
        chunks = [uids[i : i + CHUNK] for i in range(0, len(uids), CHUNK)]
        queue: asyncio.Queue[Any] = asyncio.Queue(WINDOW)
        doing = f"fetching folder {folder.name}"

        async def produce() -> None:
            try:
                for chunk in chunks:
                    got = await self.call(doing, fetch_bodies, self.client, chunk)
                    fetched = got.messages
                    for uid, words in got.refused.items():
                        self.report.refused[folder.name, uid] = words
                    parsed = asyncio.ensure_future(self._parse(folder, fetched))
                    await queue.put((chunk, fetched, parsed))
            except BaseException as exc:
                await queue.put(exc)
                raise
            await queue.put(None)

        producer = asyncio.ensure_future(produce())
        try:
            async with self.store.bulk_writes():
                while (entry := await queue.get()) is not None:
                    if isinstance(entry, BaseException):
                        raise entry
                    chunk, fetched, parsed = entry
                    last = chunk[-1] == uids[-1]
                    await self._store(folder, chunk, fetched, await parsed, last)
                    on(self.report)
                if not chunks:
                    await self._store(folder, [], [], [], True)
        finally:
            producer.cancel()
            await asyncio.gather(producer, return_exceptions=True)

    async def _store(
        self,
        folder: _Folder,
        chunk: list[int],
        fetched: list[Fetched],
        parsed: list[Prepared],
        last: bool,
    ) -> None:
        now = int(time.time())
        items = [
            IngestItem(message, int(arrived.timestamp()) if arrived else now, packed)
            for (_uid, _raw, arrived), (message, packed) in zip(
                fetched, parsed, strict=True
            )
        ]
        top = max([folder.state.last_uid, *chunk])
        modseq = folder.modseq if last else folder.state.highestmodseq
        folder.state = FolderState(folder.uidvalidity, top, modseq)
        results = await ingest_synced(
            self.store,
            self.settings.instance,
            folder.name,
            folder.state,
            items,
            self.shop,
        )
        for result in results:
            if result.outcome == "new" and result.message_id is not None:
                self.report.new += 1
                self.report.new_ids.append(result.message_id)
                self.report.folders[folder.name] = (
                    self.report.folders.get(folder.name, 0) + 1
                )
            else:
                self.report.present += 1

    async def folders(self) -> tuple[str, ...]:
        """The configured folders and the Sent folder the account has."""
        doing, settings = "listing folders", self.settings
        plan: FolderPlan = await self.call(doing, plan_folders, self.client, settings)
        self.report.warnings += [plan.warning] if plan.warning else []
        self.report.remarks += [plan.remark] if plan.remark else []
        return plan.read

    async def run(
        self, since: date | None = None, on: Progress = lambda report: None
    ) -> SyncReport:
        for name in await self.folders():
            await self.folder(name, since, on)
        return self.report

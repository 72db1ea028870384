"""Reading an account's folders as batches of raw messages, with the cursor.

Per folder: EXAMINE (read-only: no flag ever changes, \\Seen is never read or
set), compare UIDVALIDITY and UIDNEXT/HIGHESTMODSEQ with the cursor, then
`UID FETCH BODY.PEEK[] INTERNALDATE` the new UIDs in chunks. Each chunk is one
`Batch` with the cursor it reaches; the core parses, stores and keeps the
cursor with the messages, while the next chunk is fetched. A message the
server refuses to hand over is retried at the next fetches (its UID stays in
the cursor with the server's words), then given up and reported.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from datetime import date
from typing import Any

from imapclient import IMAPClient

from plugins.api import Batch, FetchProblem, RawMessage
from plugins.email.cursor import TRIES, Cursor, FolderState
from plugins.email.errors import explained
from plugins.email.folders import FolderPlan, plan_folders
from plugins.email.imap_connect import select
from plugins.email.imap_fetch import external_id
from plugins.email.imap_read import FetchResult, fetch_bodies
from plugins.email.settings import EmailSettings

CHUNK = 500  # UIDs per FETCH: big enough to stream, small enough to resume
TAIL = 100  # the smallest of the last, smaller chunks

Known = Callable[[Sequence[str]], Awaitable[set[str]]]
Warn = Callable[[str], None]


async def _nothing_known(keys: Sequence[str]) -> set[str]:
    return set()


def _quiet(line: str) -> None:
    return None


def _chunks(count: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each FETCH: CHUNK UIDs at a time, then smaller ones over
    the last 4 * CHUNK. The batches in flight at the end are then small: the
    sync does not end on one worker parsing 500 messages while the other core
    idles, nor on the store catching up alone with a backlog of big batches."""
    start = 0
    while start < count:
        left = count - start
        size = min(CHUNK, left, max(TAIL, left // 4))
        yield start, start + size
        start += size


class FolderReader:
    """One account's folders over one open session, cursor in hand."""

    def __init__(
        self,
        settings: EmailSettings,
        client: IMAPClient,
        cursor: Cursor,
        known: Known = _nothing_known,
        warn: Warn = _quiet,
    ) -> None:
        self.s, self.client, self.cursor, self.known = settings, client, cursor, known
        self.warn = warn

    async def call(self, doing: str, fn: Callable[..., Any], *args: Any) -> Any:
        s = self.s
        with explained(s.instance, s.imap_host, s.imap_port, doing):
            return await asyncio.to_thread(fn, *args)

    async def plan(self) -> FolderPlan:
        """The configured folders and the Sent folder the account has; a
        sent_folder the server lacks is said (the rest is read all the same)."""
        found: FolderPlan = await self.call(
            "listing folders", plan_folders, self.client, self.s
        )
        if found.warning:
            self.warn(found.warning)
        return found

    async def run(
        self, folders: Sequence[str] | None = None, since: date | None = None
    ) -> AsyncIterator[Batch]:
        """Every folder named (None: the configured ones and the Sent folder)."""
        for name in folders if folders is not None else (await self.plan()).read:
            async for batch in self.folder(name, since):
                yield batch

    async def folder(self, name: str, since: date | None) -> AsyncIterator[Batch]:
        info = await self.call(f"opening folder {name}", select, self.client, name)
        uidvalidity = int(info[b"UIDVALIDITY"])
        modseq = info.get(b"HIGHESTMODSEQ")
        uidnext = info.get(b"UIDNEXT")
        state = self.cursor.folders.get(name)
        if state is None or state.uidvalidity != uidvalidity:
            state = FolderState(uidvalidity)  # re-read; the content hash dedupes
            self.cursor.folders[name] = state
        unchanged = (uidnext is not None and int(uidnext) <= state.last_uid + 1) or (
            modseq is not None and modseq == state.modseq
        )
        retry = state.to_retry()
        if unchanged and since is None and state.last_uid and not retry:
            return
        uids = sorted({*retry, *await self._uids(name, state, since)})
        if not uids:
            if state.modseq != modseq:
                state.modseq = modseq
                yield Batch((), self.cursor.dumps())
            return
        for start, end in _chunks(len(uids)):
            last = end == len(uids)
            chunk = uids[start:end]
            yield await self._chunk(name, state, chunk, modseq if last else None)

    async def _uids(
        self, name: str, state: FolderState, since: date | None
    ) -> list[int]:
        last = state.last_uid
        doing = f"searching folder {name}"
        if since is None:
            found = await self.call(doing, self.client.search, ["UID", f"{last + 1}:*"])
            return sorted(u for u in found if u > last)
        found = sorted(await self.call(doing, self.client.search, ["SINCE", since]))
        keys = [external_id(name, state.uidvalidity, u) for u in found]
        have = await self.known(keys)
        return [u for u, k in zip(found, keys, strict=True) if k not in have]

    async def _chunk(
        self, name: str, state: FolderState, chunk: list[int], modseq: int | None
    ) -> Batch:
        found = await self._fetch(name, chunk)
        fetched, refused = found.messages, found.refused
        problems = []
        for uid in chunk:
            if uid not in refused:  # got it, or it is gone (expunged)
                state.refused.pop(uid, None)
            else:
                tries = state.refused.get(uid, (0, ""))[0] + 1
                state.refused[uid] = (tries, refused[uid])
                said = f"folder {name} UID {uid}: {refused[uid]}"
                key = external_id(name, state.uidvalidity, uid)
                problems.append(FetchProblem(key, said, tries >= TRIES))
        state.last_uid = max(state.last_uid, *chunk)
        if modseq is not None:
            state.modseq = modseq
        messages = tuple(
            RawMessage(external_id(name, state.uidvalidity, uid), raw, arrived)
            for uid, raw, arrived in fetched
        )
        return Batch(messages, self.cursor.dumps(), tuple(problems))

    async def _fetch(self, name: str, chunk: list[int]) -> FetchResult:
        """The messages the server gave, and the words of its refusals."""
        found: FetchResult = await self.call(
            f"fetching folder {name}", fetch_bodies, self.client, chunk
        )
        return found

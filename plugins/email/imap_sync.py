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
import imaplib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from imapclient import IMAPClient

from plugins.api import Batch, FetchProblem, RawMessage
from plugins.email.cursor import TRIES, Cursor, FolderState
from plugins.email.errors import explained, server_text
from plugins.email.imap_connect import select
from plugins.email.imap_fetch import Fetched, external_id
from plugins.email.imap_read import fetch_bodies
from plugins.email.settings import EmailSettings

CHUNK = 500  # UIDs per FETCH: big enough to stream, small enough to resume

Known = Callable[[Sequence[str]], Awaitable[set[str]]]


async def _nothing_known(keys: Sequence[str]) -> set[str]:
    return set()


class FolderReader:
    """One account's folders over one open session, cursor in hand."""

    def __init__(
        self,
        settings: EmailSettings,
        client: IMAPClient,
        cursor: Cursor,
        known: Known = _nothing_known,
    ) -> None:
        self.s, self.client, self.cursor, self.known = settings, client, cursor, known

    async def call(self, doing: str, fn: Callable[..., Any], *args: Any) -> Any:
        s = self.s
        with explained(s.instance, s.imap_host, s.imap_port, doing):
            return await asyncio.to_thread(fn, *args)

    async def run(
        self, folders: Sequence[str], since: date | None = None
    ) -> AsyncIterator[Batch]:
        for name in folders:
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
        for start in range(0, len(uids), CHUNK):
            chunk = uids[start : start + CHUNK]
            last = start + CHUNK >= len(uids)
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
        fetched, refused = await self._fetch(name, chunk)
        got = {uid for uid, _raw, _at in fetched}
        problems = []
        for uid in chunk:
            if uid in got:
                state.refused.pop(uid, None)
            elif uid in refused:
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

    async def _fetch(
        self, name: str, chunk: list[int]
    ) -> tuple[list[Fetched], dict[int, str]]:
        """The messages the server gave, and the words of its refusals."""
        doing = f"fetching folder {name}"
        try:
            return await self.call(doing, fetch_bodies, self.client, chunk), {}
        except Exception as exc:
            if not _refused(exc) or len(chunk) == 1:
                if _refused(exc):
                    return [], {chunk[0]: server_text(exc.__cause__ or exc)}
                raise
        # One message the server cannot give made it refuse the whole FETCH:
        # ask for each, so that every other one is still stored.
        fetched: list[Fetched] = []
        refused: dict[int, str] = {}
        for uid in chunk:
            got, said = await self._fetch(name, [uid])
            fetched += got
            refused.update(said)
        return fetched, refused


def _refused(exc: BaseException) -> bool:
    """A tagged NO to FETCH (the session itself is fine)."""
    cause = exc.__cause__ or exc
    return isinstance(cause, imaplib.IMAP4.error) and not isinstance(
        cause, imaplib.IMAP4.abort
    )

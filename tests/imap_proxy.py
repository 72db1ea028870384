"""A proxy between the client and the test Dovecot that misbehaves, legally.

Real servers differ from a default Dovecot: Gmail, Yahoo and Office 365 end a
`UID FETCH` with `NO Some messages could not be FETCHed` when they cannot read
one message; some split one message's FETCH data over two untagged answers;
some have no IDLE or SPECIAL-USE; Cyrus words a missing mailbox its own way; a
busy server answers LOGIN with `NO [LIMIT]`. The proxy reads whole responses
(lines and their literals, passed through byte for byte) and rewrites only
what its `Misbehaviour` asks. It runs its own event loop in a thread, so sync
tests and `comptoir` subprocesses can talk through it alike.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.servers import Dovecot

GMAIL_REFUSAL = b"NO Some messages could not be FETCHed (Failure)"
CYRUS_MISSING = b"NO Mailbox does not exist"
_LITERAL = re.compile(rb"\{(\d+)\+?\}\r\n$")
_UID = re.compile(rb"\bUID (\d+)")
_DATE = re.compile(rb'INTERNALDATE "[^"]*" ?')
_FETCH = re.compile(rb"\* (\d+) FETCH ")
_SELECT = re.compile(rb'(?i)(?:SELECT|EXAMINE) ("(?:[^"\\]|\\.)*"|[^ ]+)')
_LIST = re.compile(rb'\* (LIST|LSUB) \(([^)]*)\) ("[^"]*"|NIL) (.*)\r\n$')


@dataclass
class Misbehaviour:
    """What the proxy changes; the default changes nothing."""

    refuse_uids: frozenset[int] = frozenset()  # FETCH answers dropped, then NO
    refusal: bytes = GMAIL_REFUSAL
    split_fetch: str = ""  # "after" or "before": INTERNALDATE in its own answer
    hide_capabilities: frozenset[str] = frozenset()
    hide_folders: frozenset[str] = frozenset()  # not listed, not selectable
    hide_list_flags: frozenset[str] = frozenset()  # like \\Sent: no SPECIAL-USE
    missing: bytes = CYRUS_MISSING  # the answer to selecting a hidden folder
    answers: dict[str, bytes] = field(default_factory=dict)  # LOGIN -> b"NO ..."
    instead_of_no: dict[str, bytes] = field(default_factory=dict)  # SELECT -> text
    greeting_delay: float = 0.0  # seconds before the server's greeting
    seen_commands: list[str] = field(default_factory=list)


class _Session:
    """One client connection and its upstream one."""

    def __init__(self, proxy: ImapProxy, client: asyncio.StreamWriter) -> None:
        self.proxy, self.client = proxy, client
        self.pending: dict[bytes, str] = {}  # tag -> command name
        self.dropped = False  # a FETCH answer was dropped since the last tagged one

    @property
    def rules(self) -> Misbehaviour:
        return self.proxy.rules

    async def client_to_server(
        self, reader: asyncio.StreamReader, upstream: asyncio.StreamWriter
    ) -> None:
        while line := await reader.readline():
            answer = self._answer_here(line)
            parts = [line]
            while literal := _LITERAL.search(parts[-1]):  # a literal, then more
                if answer is None:
                    upstream.write(b"".join(parts))
                    await upstream.drain()
                elif not parts[-1].endswith(b"+}\r\n"):
                    self.client.write(b"+ go on\r\n")  # we play the server
                parts = [await reader.readexactly(int(literal.group(1)))]
                parts.append(await reader.readline())
            if answer is not None:
                self.client.write(line.partition(b" ")[0] + b" " + answer + b"\r\n")
                continue
            upstream.write(b"".join(parts))
            await upstream.drain()

    def _answer_here(self, line: bytes) -> bytes | None:
        """The answer the proxy gives itself to this command, if any."""
        tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
        words = rest.split(b" ", 2)
        name = words[0].upper().decode(errors="replace")
        if name == "UID" and len(words) > 1:
            name += " " + words[1].upper().decode(errors="replace")
        self.pending[tag] = name
        self.rules.seen_commands.append(name)
        answer = self.rules.answers.get(name)
        selected = _SELECT.match(rest)
        if answer is None and selected:
            folder = selected.group(1).strip(b'"').decode(errors="replace")
            if folder in self.rules.hide_folders:
                answer = self.rules.missing
        return answer

    async def server_to_client(self, reader: asyncio.StreamReader) -> None:
        await asyncio.sleep(self.rules.greeting_delay)  # a slow server
        while line := await reader.readline():
            parts = [line]
            while literal := _LITERAL.search(parts[-1]):
                parts.append(await reader.readexactly(int(literal.group(1))))
                parts.append(await reader.readline())
            for answer in self._rewrite(parts):
                self.client.write(b"".join(answer))
            await self.client.drain()

    def _rewrite(self, parts: list[bytes]) -> list[list[bytes]]:
        first = self._capabilities(parts[0])
        if first.startswith(b"* "):
            return self._untagged([first, *parts[1:]])
        tag, _, rest = first.partition(b" ")
        name = self.pending.pop(tag, "")
        status = rest[:3].upper()
        if "FETCH" in name and self.dropped and status == b"OK ":
            first = tag + b" " + self.rules.refusal + b"\r\n"
        elif status == b"NO " and name in self.rules.instead_of_no:
            first = tag + b" " + self.rules.instead_of_no[name] + b"\r\n"
        if tag != b"+":
            self.dropped = False
        return [[first, *parts[1:]]]

    def _capabilities(self, line: bytes) -> bytes:
        upper = line.upper()
        if b"CAPABILITY " not in upper or not self.rules.hide_capabilities:
            return line
        for name in self.rules.hide_capabilities:
            line = re.sub(
                rb"(?i) " + re.escape(name.encode()) + rb"(?=[ \]\r])", b"", line
            )
        return line

    def _untagged(self, parts: list[bytes]) -> list[list[bytes]]:
        if listed := _LIST.match(parts[0]):
            return self._list(listed, parts)
        if not _FETCH.match(parts[0]):
            return [parts]
        uid = _UID.search(parts[0])
        if uid and int(uid.group(1)) in self.rules.refuse_uids:
            self.dropped = True
            return []
        date = _DATE.search(parts[0])
        if not (self.rules.split_fetch and date and len(parts) > 1):
            return [parts]
        seq = _FETCH.match(parts[0]).group(1)  # type: ignore[union-attr]
        said = (b" UID " + uid.group(1)) if uid else b""
        alone = [b"* " + seq + b" FETCH (" + date.group(0).strip() + said + b")\r\n"]
        rest = [_DATE.sub(b"", parts[0], count=1), *parts[1:]]
        return [alone, rest] if self.rules.split_fetch == "before" else [rest, alone]

    def _list(self, listed: re.Match[bytes], parts: list[bytes]) -> list[list[bytes]]:
        name = listed.group(4).strip(b'"').decode(errors="replace")
        if name in self.rules.hide_folders:
            return []
        flags = [
            flag
            for flag in listed.group(2).split()
            if flag.decode(errors="replace") not in self.rules.hide_list_flags
        ]
        kind, sep, raw = listed.group(1), listed.group(3), listed.group(4)
        line = b"* %s (%s) %s %s\r\n" % (kind, b" ".join(flags), sep, raw)
        return [[line, *parts[1:]]]


class ImapProxy:
    """Listens on loopback (implicit TLS with the test certificate, or plain)
    and forwards to Dovecot's plain port, misbehaving as `rules` says."""

    def __init__(self, server: Dovecot, tls: bool = True) -> None:
        self.server, self.tls = server, tls
        self.rules = Misbehaviour()
        self.port = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.sessions: set[asyncio.StreamWriter] = set()
        self.listener: asyncio.Server | None = None

    def _context(self) -> ssl.SSLContext | None:
        if not self.tls:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server.cafile, Path(self.server.dir, "key.pem"))
        return context

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        up_reader, up_writer = await asyncio.open_connection(
            "127.0.0.1", self.server.port
        )
        self.sessions.update((writer, up_writer))
        session = _Session(self, writer)
        tasks = [
            asyncio.ensure_future(session.client_to_server(reader, up_writer)),
            asyncio.ensure_future(session.server_to_client(up_reader)),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for end in (writer, up_writer):
                end.close()
                self.sessions.discard(end)

    async def _start(self) -> None:
        self.listener = await asyncio.start_server(
            self._serve, "127.0.0.1", 0, ssl=self._context()
        )
        self.port = self.listener.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self.listener is not None:
            self.listener.close()
        for end in list(self.sessions):
            end.close()
        await asyncio.sleep(0)

    def start(self) -> ImapProxy:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def imap_proxy(dovecot: Dovecot) -> Iterator[ImapProxy]:
    """A well-behaved proxy to the session's Dovecot; set `.rules` to misbehave."""
    proxy = ImapProxy(dovecot).start()
    yield proxy
    proxy.stop()

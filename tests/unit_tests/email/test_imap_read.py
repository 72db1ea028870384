"""Reading FETCH answers off the wire: the common shape, any other, and failures."""

from __future__ import annotations

import imaplib
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from plugins.email.errors import ServerRefused
from plugins.email.imap_read import FetchResult, _utc, fetch_bodies


class FakeImap:
    """Just what fetch_bodies uses of imaplib: a tag, lines and literals."""

    def __init__(self, answer: bytes) -> None:
        self.stream = io.BytesIO(answer)
        self.tagged_commands: dict[bytes, Any] = {}
        self.sent: tuple[str, ...] = ()

    def _command(self, *args: str) -> bytes:
        self.sent = args
        self.tagged_commands[b"A1"] = None
        return b"A1"

    def readline(self) -> bytes:
        return self.stream.readline()

    def read(self, size: int) -> bytes:
        return self.stream.read(size)


class FakeClient:
    def __init__(self, answer: bytes) -> None:
        self._imap = FakeImap(answer)


def fetch_result(answer: bytes, uids: list[int]) -> FetchResult:
    client = FakeClient(answer)
    got = fetch_bodies(client, uids)  # type: ignore[arg-type]
    assert client._imap.tagged_commands == {}
    return got


def fetch(answer: bytes, uids: list[int]) -> list[Any]:
    got = fetch_result(answer, uids)
    assert got.refused == {}
    return got.messages


WHEN = datetime(1996, 7, 17, 9, 44, 25, tzinfo=UTC)


def test_common_and_unusual_answers_read_the_same() -> None:
    answer = (
        b'* 1 FETCH (UID 7 INTERNALDATE "17-Jul-1996 02:44:25 -0700" BODY[] {4}\r\n'
        b"Hi\r\n)\r\n"
        b"* 4 EXISTS\r\n"
        b'* 2 FETCH (BODY[] {3}\r\nYo\n INTERNALDATE " 7-Jul-1996 09:44:25 +0000"'
        b" UID 9)\r\n"
        b"* 3 FETCH (UID 11 FLAGS (\\Seen))\r\n"  # unsolicited, no body
        b'* 5 FETCH (UID 12 INTERNALDATE "17-Jul-1996 09:44:25 +0000" BODY[] {1}\r\n'
        b"x)\r\n"  # not asked for: dropped
        b"A1 OK done\r\n"
    )
    got = fetch(answer, [9, 7, 8])
    assert got == [
        (7, b"Hi\r\n", WHEN),
        (9, b"Yo\n", datetime(1996, 7, 7, 9, 44, 25, tzinfo=UTC)),
    ]


def test_a_busy_server_and_a_cut_connection_fail_the_whole_fetch() -> None:
    with pytest.raises(ServerRefused, match=r"^FETCH failed: \[SERVERBUG\] oops$"):
        fetch(b"A1 NO [SERVERBUG] oops\r\n", [1])
    with pytest.raises(ServerRefused, match=r"^FETCH failed: Bad syntax$"):
        fetch(b"A1 BAD Bad syntax\r\n", [1])
    with pytest.raises(imaplib.IMAP4.abort, match="EOF"):
        fetch(b'* 1 FETCH (UID 1 INTERNALDATE "x" BODY[] {50}\r\nshort', [1])
    with pytest.raises(imaplib.IMAP4.abort, match="shutting down"):
        fetch(b"* BYE Server shutting down.\r\n", [1])


def test_internaldate() -> None:
    assert _utc(b"17-Jul-1996 02:44:25 -0700") == WHEN
    assert _utc(b"31-Feb-1996 02:44:25 -0700") is None
    assert _utc(b"garbage") is None


def test_a_no_keeps_what_came_and_names_what_did_not_in_the_servers_words() -> None:
    answer = (
        b'* 1 FETCH (UID 7 INTERNALDATE "17-Jul-1996 02:44:25 -0700" BODY[] {4}\r\n'
        b"Hi\r\n)\r\n"
    ) + ("A1 NO Certains messages n'ont pas pu être lus (0.001 secs)\r\n".encode())
    got = fetch_result(answer, [7, 8, 9])
    assert got.messages == [(7, b"Hi\r\n", WHEN)]
    assert got.refused == {
        8: "Certains messages n'ont pas pu être lus",
        9: "Certains messages n'ont pas pu être lus",
    }
    gone = fetch_result(b"A1 NO [EXPUNGEISSUED] Some were expunged\r\n", [3])
    assert (gone.messages, gone.refused) == ([], {})


def test_one_message_split_over_two_answers_is_merged_by_sequence_number() -> None:
    answer = (
        b"* 1 FETCH (UID 7 BODY[] {4}\r\nHi\r\n)\r\n"
        b'* 1 FETCH (UID 7 INTERNALDATE "17-Jul-1996 02:44:25 -0700")\r\n'
        b'* 2 FETCH (INTERNALDATE "17-Jul-1996 02:44:25 -0700")\r\n'
        b"* 2 FETCH (UID 8 BODY[] {2}\r\nYo)\r\n"
        b"A1 OK done\r\n"
    )
    assert fetch(answer, [7, 8]) == [(7, b"Hi\r\n", WHEN), (8, b"Yo", WHEN)]

"""UID FETCH of whole messages, read straight off the connection.

The process that fetches also stores, and its one core is the sync's narrowest
point: imaplib files every line of the answer in its untagged-response table
and imapclient then lexes every item in Python, about a third of that core
for a big sync. Here each answer is read as lines and literals; the common
shape (`* 3 FETCH (UID 40 INTERNALDATE "..." BODY[] {3456}` then the literal)
is read with one regular expression; any other FETCH answer goes through
imapclient's own parser, so the result is the same for every server.

Servers differ, legally: some split one message's data over two answers (the
body in one, INTERNALDATE in another), merged here by sequence number; Gmail,
Yahoo and Office 365 end the FETCH with `NO Some messages could not be
FETCHed` when they cannot read one message: every message they did return is
kept, and the others are handed back as refused, with the server's words.
"""

from __future__ import annotations

import imaplib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from imapclient import IMAPClient
from imapclient.response_parser import parse_fetch_response

from plugins.email.errors import ServerRefused, decoded, response_code, server_text
from plugins.email.imap_fetch import Fetched

_LITERAL = re.compile(rb"\{(\d+)\}\r?\n?$")
_COMMON = re.compile(
    rb'\* (\d+) FETCH \(UID (\d+) INTERNALDATE "([^"]+)" BODY\[\] \{\d+\}\r?\n?$'
)
_DATE = re.compile(
    rb" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"
)
_MONTHS = {
    m: n
    for n, m in enumerate(b"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)
}
# A NO for the whole FETCH that says "later", not "this message": retried whole.
_BUSY = ("LIMIT", "INUSE", "UNAVAILABLE", "SERVERBUG")

# What one or more answers said about one message (by sequence number): its
# UID, its bytes and its INTERNALDATE, each None until an answer gives it.
_Part = list[Any]


@dataclass(slots=True)
class FetchResult:
    """What a UID FETCH gave: the messages (by UID), and the UIDs the server
    refused (answered NO without them), each with the server's words. A UID
    neither returned nor refused is gone (expunged meanwhile)."""

    messages: list[Fetched] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def fetch_bodies(client: IMAPClient, uids: list[int]) -> FetchResult:
    """(uid, raw, INTERNALDATE in UTC) for each of `uids` the server gives."""
    imap = client._imap  # imapclient's imaplib connection: the socket we read
    ids = ",".join(str(uid) for uid in uids)
    tag = imap._command("UID", "FETCH", ids, "(BODY.PEEK[] INTERNALDATE)")
    found: dict[int, _Part] = {}
    try:
        while (answer := _answer(imap, tag)) is not None:
            if isinstance(answer, str):
                return _refused(found, uids, answer)
            _read(answer, found)
    finally:
        imap.tagged_commands.pop(tag, None)
    return FetchResult(_complete(found, uids))


def _answer(imap: Any, tag: bytes) -> list[bytes] | str | None:
    """One response: its lines with their literals; None after the tagged OK,
    the server's words after a tagged NO."""
    line = imap.readline()
    if not line:
        raise imaplib.IMAP4.abort("socket error: EOF")
    if line.startswith(tag + b" "):
        status, _, text = line[len(tag) + 1 :].partition(b" ")
        said = decoded(text).strip()
        if status == b"NO":
            return said
        if status != b"OK":
            raise ServerRefused("FETCH", said)
        return None
    if line.startswith(b"* BYE"):
        raise imaplib.IMAP4.abort(decoded(line[6:]).strip())
    parts = [line]
    while literal := _LITERAL.search(parts[-1]):
        size = int(literal.group(1))
        parts.append(imap.read(size))
        if len(parts[-1]) < size:  # the server went away mid-message
            raise imaplib.IMAP4.abort("socket error: EOF")
        parts.append(imap.readline())
    return parts


def _refused(found: dict[int, _Part], uids: list[int], said: str) -> FetchResult:
    """After a NO: what came is kept, what did not is refused in its words."""
    words = server_text(ServerRefused("FETCH", said))
    messages = _complete(found, uids)
    code = response_code(words)
    if code == "EXPUNGEISSUED":  # RFC 5530: the missing ones are simply gone
        return FetchResult(messages)
    if not messages and code in _BUSY:
        raise ServerRefused("FETCH", words)
    returned = {uid for uid, _raw, _date in messages}
    return FetchResult(messages, {u: words for u in uids if u not in returned})


def _complete(found: dict[int, _Part], uids: list[int]) -> list[Fetched]:
    wanted = set(uids)  # an unsolicited answer about another message is dropped
    whole = [
        (uid, raw, when)
        for uid, raw, when in found.values()
        if uid in wanted and raw is not None
    ]
    return sorted(whole, key=lambda message: message[0])


def _read(answer: list[bytes], found: dict[int, _Part]) -> None:
    first = _COMMON.match(answer[0])
    if first and len(answer) == 3 and answer[2].strip() == b")":
        seq, uid = int(first.group(1)), int(first.group(2))
        _merge(found, seq, [uid, answer[1], _utc(first.group(3))])
    elif answer[0].startswith(b"* ") and b" FETCH " in answer[0][:24]:
        _generic(answer, found)  # EXISTS, RECENT...: nothing to store


def _merge(found: dict[int, _Part], seq: int, part: _Part) -> None:
    """One answer's items added to what earlier answers said of the message."""
    have = found.setdefault(seq, part)
    if have is not part:
        for n, value in enumerate(part):
            if value is not None:
                have[n] = value


def _generic(answer: list[bytes], found: dict[int, _Part]) -> None:
    """imapclient's reading of an answer in an unusual shape."""
    data: list[Any] = []
    lines = [part.rstrip(b"\r\n") for part in answer[0::2]]
    lines[0] = lines[0][2:]  # imaplib hands the parser "3 FETCH (...", no "* "
    lines[0] = lines[0].replace(b" FETCH ", b" ", 1)
    for n, line in enumerate(lines):
        data.append((line, answer[2 * n + 1]) if 2 * n + 1 < len(answer) else line)
    for seq, items in parse_fetch_response(data, False, False).items():
        uid, raw = items.get(b"UID"), items.get(b"BODY[]")
        moment = items.get(b"INTERNALDATE")
        when = moment.astimezone(UTC) if moment and moment.tzinfo else None
        _merge(
            found,
            int(seq),
            [
                int(uid) if uid is not None else None,
                bytes(raw) if raw is not None else None,
                when,
            ],
        )


def _utc(text: bytes) -> datetime | None:
    """An IMAP date-time ('17-Jul-1996 02:44:25 -0700') in UTC; None if odd."""
    m = _DATE.fullmatch(text)
    if m is None or m.group(2).title() not in _MONTHS:
        return None
    day, mon, year, hh, mm, ss, sign, zh, zm = m.groups()
    offset = timedelta(hours=int(zh), minutes=int(zm)) * (-1 if sign == b"-" else 1)
    try:
        local = datetime(int(year), _MONTHS[mon.title()], int(day), int(hh),
                         int(mm), int(ss), tzinfo=timezone(offset))  # fmt: skip
    except ValueError:
        return None
    return local.astimezone(UTC)

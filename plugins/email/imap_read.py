"""UID FETCH of whole messages, read straight off the connection.

The process that fetches also stores, and its one core is the sync's narrowest
point: imaplib files every line of the answer in its untagged-response table
and imapclient then lexes every item in Python, about a third of that core
for a big sync. Here each answer is read as lines and literals; the common
shape (`* 3 FETCH (UID 40 INTERNALDATE "..." BODY[] {3456}` then the literal)
is read with one regular expression; any other FETCH answer goes through
imapclient's own parser, so the result is the same for every server.
"""

from __future__ import annotations

import imaplib
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from imapclient import IMAPClient
from imapclient.response_parser import parse_fetch_response

from plugins.email.imap_fetch import Fetched

_LITERAL = re.compile(rb"\{(\d+)\}\r?\n?$")
_COMMON = re.compile(
    rb'\* \d+ FETCH \(UID (\d+) INTERNALDATE "([^"]+)" BODY\[\] \{\d+\}\r?\n?$'
)
_DATE = re.compile(
    rb" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"
)
_MONTHS = {
    m: n
    for n, m in enumerate(b"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)
}


def fetch_bodies(client: IMAPClient, uids: list[int]) -> list[Fetched]:
    """(uid, raw, INTERNALDATE in UTC) for each of `uids` still there, by UID."""
    imap = client._imap  # imapclient's imaplib connection: the socket we read
    ids = ",".join(str(uid) for uid in uids)
    tag = imap._command("UID", "FETCH", ids, "(BODY.PEEK[] INTERNALDATE)")
    found: dict[int, Fetched] = {}
    try:
        while (answer := _answer(imap, tag)) is not None:
            found.update(_read(answer))
    finally:
        imap.tagged_commands.pop(tag, None)
    wanted = set(uids)  # an unsolicited answer about another message is dropped
    return [found[uid] for uid in sorted(found) if uid in wanted]


def _answer(imap: Any, tag: bytes) -> list[bytes] | None:
    """One response: its lines with their literals; None after the tagged OK."""
    line = imap.readline()
    if not line:
        raise imaplib.IMAP4.abort("socket error: EOF")
    if line.startswith(tag + b" "):
        status, _, text = line[len(tag) + 1 :].partition(b" ")
        if status != b"OK":
            said = text.decode(errors="replace").strip()
            raise imaplib.IMAP4.error(f"fetch failed: {said}")
        return None
    if line.startswith(b"* BYE"):
        raise imaplib.IMAP4.abort(line[6:].decode(errors="replace").strip())
    parts = [line]
    while literal := _LITERAL.search(parts[-1]):
        size = int(literal.group(1))
        parts.append(imap.read(size))
        if len(parts[-1]) < size:  # the server went away mid-message
            raise imaplib.IMAP4.abort("socket error: EOF")
        parts.append(imap.readline())
    return parts


def _read(answer: list[bytes]) -> list[tuple[int, Fetched]]:
    first = _COMMON.match(answer[0])
    if first and len(answer) == 3 and answer[2].strip() == b")":
        uid = int(first.group(1))
        return [(uid, (uid, answer[1], _utc(first.group(2))))]
    if not answer[0].startswith(b"* ") or b" FETCH " not in answer[0][:24]:
        return []  # EXISTS, RECENT...: nothing to store
    return _generic(answer)


def _generic(answer: list[bytes]) -> list[tuple[int, Fetched]]:
    """imapclient's reading of an answer in an unusual shape."""
    data: list[Any] = []
    lines = [part.rstrip(b"\r\n") for part in answer[0::2]]
    lines[0] = lines[0][2:]  # imaplib hands the parser "3 FETCH (...", no "* "
    lines[0] = lines[0].replace(b" FETCH ", b" ", 1)
    for n, line in enumerate(lines):
        data.append((line, answer[2 * n + 1]) if 2 * n + 1 < len(answer) else line)
    out = []
    for uid, items in parse_fetch_response(data, False, True).items():
        if b"BODY[]" in items:
            moment = items.get(b"INTERNALDATE")
            when = moment.astimezone(UTC) if moment and moment.tzinfo else None
            out.append((int(uid), (int(uid), bytes(items[b"BODY[]"]), when)))
    return out


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

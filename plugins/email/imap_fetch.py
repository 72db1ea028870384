"""What a fetched IMAP message becomes: a parsed, packed record with its key.

`prepare` runs in worker processes during a big sync (parsing is the costly
part), or inline for the few messages IDLE brings.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from plugins.api import InboundMessage
from plugins.email.parse import parse_email
from storage.ingest_rows import PackedRaw, pack_raw

# A Date header further ahead of the server's arrival time than this is wrong
# (a sender's clock, or a spammer jumping the queue): the arrival time is used.
FUTURE_SLACK = timedelta(hours=1)

Fetched = tuple[int, bytes, datetime | None]  # uid, raw, INTERNALDATE
Prepared = tuple[InboundMessage, PackedRaw]


def external_id(folder: str, uidvalidity: int, uid: int) -> str:
    """The message's identity in its account: folder, UIDVALIDITY and UID."""
    return f"imap/{folder}/{uidvalidity}/{uid}"


def sent_time(message: InboundMessage, arrived: datetime | None) -> datetime | None:
    """The Date header when sensible, else INTERNALDATE (the server's arrival)."""
    if arrived is None:
        return message.sent_at
    if message.sent_at is None or message.sent_at.tzinfo is None:
        return arrived
    if message.sent_at > arrived + FUTURE_SLACK:
        return arrived
    return message.sent_at


def prepare(fetched: list[Fetched], folder: str, uidvalidity: int) -> list[Prepared]:
    """Parse and pack, each message complete with its raw bytes and its key, so
    that the process storing them has nothing left to rebuild (its one core is
    the sync's narrowest point). The raw bytes cross back from a worker at
    little cost: a small packed original is the same object, sent once."""
    out = []
    for uid, raw, arrived in fetched:
        message = parse_email(raw, external_id(folder, uidvalidity, uid))
        when = sent_time(message, arrived)
        if when is not message.sent_at:
            message = dataclasses.replace(message, sent_at=when)
        out.append((message, pack_raw(raw)))
    return out

"""What identifies a fetched IMAP message: its folder, UIDVALIDITY and UID."""

from __future__ import annotations

from datetime import datetime

Fetched = tuple[int, bytes, datetime | None]  # uid, raw, INTERNALDATE


def external_id(folder: str, uidvalidity: int, uid: int) -> str:
    """The message's identity in its account: folder, UIDVALIDITY and UID."""
    return f"imap/{folder}/{uidvalidity}/{uid}"

"""JSON as every --json output writes it: ISO-8601 UTC times, exact decimals."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# Characters a terminal obeys or reorders by: C1 controls (json escapes C0
# already), bidi overrides and isolates, line and paragraph separators. Written
# as JSON escapes, the text a program reads is the same, and a person paging
# the output sees no reversed or hidden text.
_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(value: object) -> str:
    text = json.dumps(value, default=_default, ensure_ascii=False)
    return _UNSAFE.sub(_escaped, text)


def stamps_as_iso(record: dict[str, object], *keys: str) -> dict[str, object]:
    """The record with these fields, the store's seconds, as ISO-8601 UTC."""
    from storage.timewords import iso_utc

    for key in keys:
        value = record.get(key)
        record[key] = iso_utc(value) if isinstance(value, int) else value
    return record

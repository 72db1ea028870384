"""JSON as every --json output writes it: ISO-8601 UTC times, exact decimals."""

from __future__ import annotations

import json
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


def dumps(value: object) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False)


def stamps_as_iso(record: dict[str, object], *keys: str) -> dict[str, object]:
    """The record with these fields, the store's seconds, as ISO-8601 UTC."""
    from storage.timewords import iso_utc

    for key in keys:
        value = record.get(key)
        record[key] = iso_utc(value) if isinstance(value, int) else value
    return record

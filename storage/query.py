"""The console's search language, notmuch-like: `from:ann tag:vip colis`.

Parsing is pure; `storage/queue.py` turns a parsed query into SQL. Unknown
prefixes are searched as words, so a colon in a customer's text never fails.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

PREFIXES = (
    "from", "subject", "tag", "status", "channel", "order", "before", "after",
    "is", "assignee", "priority", "intent",
)  # fmt: skip
STATUSES = ("open", "pending", "snoozed", "closed")
_RELATIVE = re.compile(r"^(\d+)([hdwm])$")
_UNITS = {"h": 3600, "d": 86400, "w": 7 * 86400, "m": 30 * 86400}


class QueryError(ValueError):
    """A query a person wrote wrongly; the message says how to write it."""


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = field(default=())

    def values(self, prefix: str) -> list[str]:
        return [value for key, value in self.terms if key == prefix]


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote: take the words as they are
        return text.replace('"', " ").replace("'", " ").split()


def parse_query(text: str) -> Query:
    words: list[str] = []
    terms: list[tuple[str, str]] = []
    for token in _split(text):
        prefix, colon, value = token.partition(":")
        if colon and prefix.lower() in PREFIXES and value:
            terms.append((prefix.lower(), value))
        elif token.strip():
            words.append(token)
    query = Query(tuple(words), tuple(terms))
    _check(query)
    return query


def _check(query: Query) -> None:
    for status in query.values("status"):
        if status.lower() not in STATUSES:
            raise QueryError(f"status:{status} is unknown: use {', '.join(STATUSES)}")
    for value in query.values("is"):
        if value.lower() not in ("unanswered", "answered", "assigned", "unassigned"):
            raise QueryError(
                f"is:{value} is unknown: use is:unanswered, is:answered, "
                "is:assigned or is:unassigned"
            )
    for prefix in ("before", "after"):
        for value in query.values(prefix):
            parse_date(value, prefix)


def parse_date(value: str, prefix: str, now: datetime | None = None) -> int:
    """`2026-05-01`, `2026-05-01T14:00` or `7d` (ago) as a UTC timestamp."""
    if match := _RELATIVE.match(value):
        ago = int(match.group(1)) * _UNITS[match.group(2)]
        return int(((now or datetime.now(UTC)) - timedelta(seconds=ago)).timestamp())
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise QueryError(
            f"{prefix}:{value} is not a date: write {prefix}:2026-05-01 or {prefix}:7d"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())

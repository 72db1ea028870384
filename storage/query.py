"""The search language of the console's `/` and of `comptoir search`, notmuch-like:
`from:ann tag:vip after:3mo colis`.

Parsing is pure; `storage/query_sql.py` turns a parsed query into SQL. Unknown
prefixes are searched as words, so a colon in a customer's text never fails.
Dates follow storage/timewords.py (`after:3mo`, `before:2026-05-01`).
"""

from __future__ import annotations

from datetime import UTC, datetime

PREFIXES = (
    "from", "subject", "tag", "status", "channel", "order", "before", "after",
    "is", "assignee", "priority", "lang", "intent",
)  # fmt: skip
IS_VALUES = ("unanswered", "answered", "assigned", "unassigned")


class QueryError(ValueError):
    """A query a person wrote wrongly; the message says how to write it."""


class Query:
    """Words to find, and prefixed terms in the order written. A plain class:
    `comptoir search` parses one per call, and dataclasses cost start-up time."""

    __slots__ = ("terms", "words")

    def __init__(
        self, words: tuple[str, ...] = (), terms: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.words, self.terms = words, terms

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Query):
            return NotImplemented
        return (self.words, self.terms) == (other.words, other.terms)

    def __hash__(self) -> int:
        return hash((self.words, self.terms))

    def __repr__(self) -> str:
        return f"Query(words={self.words!r}, terms={self.terms!r})"

    def values(self, prefix: str) -> list[str]:
        return [value for key, value in self.terms if key == prefix]


def _split(text: str) -> list[str]:
    """Words, with double quotes grouping (`from:"Ann Smith"`). An apostrophe is
    part of a word, as in notmuch: `from:o'connor`, `l'adresse`."""
    if '"' not in text and "\\" not in text:
        return text.split()  # as shlex would, without its import
    import shlex

    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split, lexer.quotes, lexer.commenters = True, '"', ""
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: take the words as they are
        return text.replace('"', "").split()


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
    if query.values("status") or query.values("priority"):
        _check_words(query)
    for code in query.values("lang"):
        if not _is_language(code):
            raise QueryError(
                f"lang:{code} is unknown: write a language code, like lang:en or lang:fr"
            )
    for value in query.values("is"):
        if value.lower() not in IS_VALUES:
            listed = ", ".join(f"is:{v}" for v in IS_VALUES)
            raise QueryError(f"is:{value} is unknown: use {listed}")
    for prefix in ("before", "after"):
        for value in query.values(prefix):
            instant(value, prefix)


def _check_words(query: Query) -> None:
    # The vocabulary's enums only when asked for: enum costs `from:` its time.
    from storage.vocabulary import Priority, Status, VocabularyError, word

    try:
        for status in query.values("status"):
            word(Status, status, "status")
        for priority in query.values("priority"):
            word(Priority, priority, "priority")
    except VocabularyError as error:
        raise QueryError(str(error)) from None


def _is_language(code: str) -> bool:
    from storage.language_codes import KNOWN

    return code.lower() in KNOWN


def instant(value: str, prefix: str, now: datetime | None = None) -> int:
    """`before:`/`after:` as a timestamp: `2026-05-01` (in `now`'s zone, the
    shop's), `2026-05-01T14:00`, `7d` or `3mo` ago."""
    from storage.timewords import TimeWordError, parse_instant

    try:
        moment = parse_instant(value, now or datetime.now(UTC), past=True)
    except TimeWordError as problem:
        raise QueryError(
            f"{prefix}:{value}: {problem} (like {prefix}:2026-05-01 or {prefix}:7d)"
        ) from None
    return int(moment.timestamp())

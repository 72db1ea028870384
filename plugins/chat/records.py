"""What the widget server keeps, and the store it keeps it in (a Protocol).

The server's SQLite file is written by `storage.widget_store`; the server only
knows this Protocol, so `plugins` never imports `storage`. An entry is one
thing said in a visitor's conversation, either way, numbered by `seq` in the
order it was stored: the `chat` channel's cursor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Direction = Literal["in", "out"]
# text: a message; offline: left through the form outside opening hours;
# survey: the shop asks for a rating; rating: the visitor's answer to it.
KINDS = ("text", "offline", "survey", "rating")


@dataclass(frozen=True, slots=True)
class Visitor:
    """A person on the shop's site, known by a secret token kept in their browser."""

    id: str
    name: str = ""
    email: str = ""
    email_verified: bool = False  # signed by the shop (identity verification)
    language: str = ""
    page: str = ""  # where the chat started
    topic: str = ""  # the first words they wrote: the conversation's subject
    created_at: float = 0.0


@dataclass(frozen=True, slots=True)
class FileData:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class FileRef:
    """An attachment as a list shows it; the bytes are fetched apart."""

    id: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry to store; `key` makes storing it again a no-op (the widget's
    own id for a message, the outbox's Message-ID for a reply)."""

    visitor_id: str
    key: str
    direction: Direction
    kind: str
    text: str = ""
    author: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    file: FileData | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    visitor_id: str
    key: str
    direction: Direction
    kind: str
    text: str
    author: str
    at: float
    data: Mapping[str, Any] = field(default_factory=dict)
    file: FileRef | None = None


@dataclass(frozen=True, slots=True)
class Inbound:
    """A visitor's entry as the channel receives it: with who they are, the
    entry it follows in their conversation, and the attached bytes."""

    entry: Entry
    visitor: Visitor
    previous: Entry | None
    file: bytes | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing an entry gave: the entry, and whether it is new."""

    entry: Entry
    created: bool


class WidgetStore(Protocol):
    """The widget server's own small database (not the inbox)."""

    @property
    def server_id(self) -> str:
        """Chosen once when the file is created: part of every external id, so
        that a new file never reuses the ids of an old one."""
        ...

    async def create_visitor(self, visitor: Visitor, token_sha256: str) -> Visitor: ...

    async def visitor_by_token(self, token_sha256: str) -> Visitor | None: ...

    async def visitor(self, visitor_id: str) -> Visitor | None: ...

    async def update_visitor(self, visitor: Visitor) -> None:
        """Name, email, verification and language, as the visitor gave them."""
        ...

    async def add_entry(self, entry: NewEntry) -> Stored:
        """Store it durably before returning (the caller acknowledges after)."""
        ...

    async def entries(
        self, visitor_id: str, after: int = 0, limit: int = 200
    ) -> list[Entry]:
        """A visitor's conversation after `after`, oldest first."""
        ...

    async def entry_by_key(self, visitor_id: str, key: str) -> Entry | None: ...

    async def inbound(self, after: int, limit: int = 200) -> list[Inbound]:
        """Every visitor's entries after `after`, oldest first, for the channel."""
        ...

    async def last_seq(self) -> int: ...

    async def file(self, file_id: str) -> tuple[FileRef, str, bytes] | None:
        """An attachment's description, its visitor's id, and its bytes."""
        ...


class Availability(Protocol):
    """When the shop answers chats: from its SLA policy and business hours."""

    def is_open(self, at: float) -> bool: ...

    def answer_within(self, at: float) -> int | None:
        """Seconds to a first answer promised now (None: no target)."""
        ...

    def next_open(self, at: float) -> float | None:
        """When the shop opens next, if it is closed at `at`."""
        ...


class AlwaysOpen:
    """No business hours known: open, with no promise."""

    def is_open(self, at: float) -> bool:
        return True

    def answer_within(self, at: float) -> int | None:
        return None

    def next_open(self, at: float) -> float | None:
        return None


def entry_json(entry: Entry) -> dict[str, Any]:
    """An entry as the widget and the channel read it."""
    found: dict[str, Any] = {
        "seq": entry.seq,
        "key": entry.key,
        "direction": entry.direction,
        "kind": entry.kind,
        "text": entry.text,
        "author": entry.author,
        "at": entry.at,
    }
    if entry.data:
        found["data"] = dict(entry.data)
    if entry.file is not None:
        found["file"] = {
            "id": entry.file.id,
            "filename": entry.file.filename,
            "content_type": entry.file.content_type,
            "size": entry.file.size,
        }
    return found


def visitor_json(visitor: Visitor) -> dict[str, Any]:
    return {
        "id": visitor.id,
        "name": visitor.name,
        "email": visitor.email,
        "email_verified": visitor.email_verified,
        "language": visitor.language,
        "page": visitor.page,
        "topic": visitor.topic,
    }


def first_words(text: str, limit: int = 60) -> str:
    """A subject from a message: its first line, cut at a word."""
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut + "…"


__all__: Sequence[str] = (
    "KINDS",
    "AlwaysOpen",
    "Availability",
    "Entry",
    "FileData",
    "FileRef",
    "Inbound",
    "NewEntry",
    "Stored",
    "Visitor",
    "WidgetStore",
    "entry_json",
    "first_words",
    "visitor_json",
)

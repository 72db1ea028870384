"""Frozen records the store returns to its callers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


def utc(stamp: int | None) -> datetime | None:
    return None if stamp is None else datetime.fromtimestamp(stamp, UTC)


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    id: int
    customer_id: int
    customer_name: str
    customer_address: str
    subject: str
    channel: str
    status: str
    snoozed_until: datetime | None
    priority: str
    assignee: str | None
    tags: tuple[str, ...]
    created_at: datetime
    last_message_at: datetime
    last_inbound_at: datetime | None
    message_count: int
    language: str | None = None  # the customer's, when known
    language_source: str | None = None  # 'detected', 'customer' or 'agent'


@dataclass(frozen=True, slots=True)
class AttachmentView:
    position: int
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    conversation_id: int
    channel: str
    external_id: str
    direction: str
    author_type: str
    message_id_header: str | None
    sender_name: str
    sender_address: str
    recipients: tuple[tuple[str, str, str], ...]  # (kind, name, address)
    subject: str
    text: str
    has_html: bool
    sent_at: datetime
    thread_reason: str
    thread_detail: str
    defects: tuple[str, ...]
    attachments: tuple[AttachmentView, ...]
    language: str = ""  # detected in the customer's words; '' when not told


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    at: datetime
    kind: str
    actor_type: str
    actor: str
    visibility: str
    message_id: int | None
    value: str | None
    previous: str | None


@dataclass(frozen=True, slots=True)
class ConversationDetail:
    summary: ConversationSummary
    messages: tuple[MessageView, ...]
    events: tuple[EventView, ...]


@dataclass(frozen=True, slots=True)
class RawMessage:
    id: int
    channel: str
    external_id: str
    sender_address: str
    sent_at: int
    raw: bytes

"""The records that cross the plugin contract, both ways.

Channels hand the core `Batch`es of `InboundMessage` (already parsed) or
`RawMessage` (bytes the core parses with the channel's `parse`, in worker
processes); the core hands `send` an `OutboundReply` and keeps its `Receipt`.
Order sources hand over `OrderRecord`s. All are plain frozen dataclasses: the
core owns storage, de-duplication, threading and retries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

_FIELDS_OF: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _fields_getter(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    names: tuple[str, ...] = kind.__slots__  # type: ignore[attr-defined]
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        return lambda record: (getattr(record, names[0]),)
    return attrgetter(*names)


def by_position(record: Any) -> tuple[type, tuple[Any, ...]]:
    """`__reduce__` for the frozen slotted records below: rebuilt from their fields
    in order. A sync pickles thousands a second from its parsing processes, and
    the dataclass default (`__setstate__` looking its fields up per instance, one
    `object.__setattr__` each) takes twice as long both ways. The fields are
    read by one `attrgetter` per class (a generator per record cost a third of
    a parse worker's pickling)."""
    kind = type(record)
    getter = _FIELDS_OF.get(kind)
    if getter is None:
        getter = _FIELDS_OF[kind] = _fields_getter(kind)
    return kind, getter(record)


@dataclass(frozen=True, slots=True)
class Address:
    """A person's name and address on a channel.

    `kind` is "email" for e-mail addresses (lower-cased by the core), else the
    kind of handle: "chat" for a chat network's user id written as
    `network:id` (`telegram:5123`, `widget:8f3a...`), "phone" for a number.
    """

    name: str
    address: str
    kind: str = "email"

    __reduce__ = by_position

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file carried by a message; `filename` is already safe to write to disk."""

    filename: str
    content_type: str
    data: bytes
    disposition: str = "attachment"
    content_id: str | None = None

    __reduce__ = by_position


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message as a channel received it, with its raw original kept intact.

    `external_id` is the message's identity within its channel instance (a hash of
    the bytes for a file, account/folder/UIDVALIDITY/UID for IMAP, the network's
    message id for a chat): never the Message-ID alone. `thread_key` groups the
    messages of one chat (a visitor's session, a Telegram chat id): the core
    threads messages of one instance with the same key together. `sent_at` must be
    timezone-aware. `also_known_as` lists the sender's other identities (a chat
    visitor who gave an e-mail address), so the core finds the same customer.
    """

    external_id: str
    raw: bytes
    sender: Address | None = None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    subject: str = ""
    text: str = ""
    html: str | None = None
    sent_at: datetime | None = None
    message_id: str | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    defects: tuple[str, ...] = ()
    top_type: str = "text/plain"
    parts: tuple[str, ...] = ()
    thread_key: str | None = None
    cursor: str | None = None
    # Why the message was written by a machine (an out-of-office reply), e.g.
    # "Auto-Submitted: auto-replied"; empty when a person wrote it.
    automatic: str = ""
    also_known_as: tuple[Address, ...] = ()

    __reduce__ = by_position


@dataclass(frozen=True, slots=True)
class RawMessage:
    """A message the channel has as bytes only; the core parses it with the
    channel class's `parse`, in worker processes, so a big sync uses every core.

    `received_at` is when the channel got it (IMAP's INTERNALDATE, a file's
    time): the core falls back on it when the message's own date is missing or
    in the future."""

    external_id: str
    raw: bytes
    received_at: datetime | None = None

    __reduce__ = by_position


@dataclass(frozen=True, slots=True)
class FetchProblem:
    """Something the channel could not get, said in the server's own words.

    `final` means the channel has stopped trying (after a few fetches): the core
    then shows it once, in `comptoir channels check` and the console's status
    line. A problem not final is retried by the channel at later fetches."""

    external_id: str
    message: str
    final: bool = False


@dataclass(frozen=True, slots=True)
class Batch:
    """What `fetch` or `watch` yields: messages and the position they reach.

    The core stores the messages and `cursor` in one transaction, so a process
    killed at any instant resumes after the last stored batch. `cursor` is the
    channel's own text (JSON is usual); None leaves the stored cursor as it was.
    """

    messages: tuple[InboundMessage | RawMessage, ...] = ()
    cursor: str | None = None
    problems: tuple[FetchProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """The customer's message a reply answers, for channels that quote it."""

    text: str
    author: str
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class OutboundReply:
    """One message of the shop's to deliver: a reply, a forward, a survey.

    `message_id` was chosen once by the core when the reply was queued, so a
    retried send is the same message. `thread_key` and `to` come from the
    customer's last message on this channel instance (a chat id, an address).
    `automatic` says why a machine wrote it ("survey", "auto-reply"): channels
    mark it as such (`Auto-Submitted` in mail, a "bot" label in chat). `prepared`
    holds what `prepare` returned at the first attempt, kept by the core: send
    exactly those bytes when it is set.
    """

    outbox_id: int
    conversation_id: int
    message_id: str
    sender: Address
    to: tuple[Address, ...]
    text: str
    sent_at: datetime
    subject: str = ""
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    thread_key: str | None = None
    attachments: tuple[Attachment, ...] = ()
    quote: Quote | None = None
    automatic: str = ""
    attempt: int = 1
    prepared: bytes | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """The channel's word that it delivered: its own id for what it sent."""

    external_id: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CheckStep:
    """One named step of `check()`: "connect", "TLS", "login", "folders"..."""

    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check()` found, step by step; the first failed step says what to do."""

    steps: tuple[CheckStep, ...]

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def summary(self) -> str:
        failed = next((s for s in self.steps if not s.ok), None)
        if failed is not None:
            return f"{failed.name}: {failed.detail}" if failed.detail else failed.name
        return "; ".join(
            f"{s.name} ok" + (f" ({s.detail})" if s.detail else "") for s in self.steps
        )


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Settings a channel proposes for the shop's address (`Channel.suggest`),
    where they were found, and why a person should look twice, if so."""

    settings: dict[str, Any]
    source: str
    warning: str = ""


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file (or one message in it) that could not be read; the rest goes on."""

    file: str
    message: str
    line: int = 0

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.message}"
            if self.line
            else f"{self.file}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class LineItem:
    name: str
    quantity: int = 1
    price: Decimal | None = None
    sku: str = ""


@dataclass(frozen=True, slots=True)
class Refund:
    """Money given back on an order: how much, when, and why if the export says."""

    amount: Decimal
    at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One order from an order source; `line` is where it starts in its file."""

    source: str
    number: str
    email: str = ""
    customer_name: str = ""
    phone: str = ""
    created_at: datetime | None = None
    currency: str = ""
    subtotal: Decimal | None = None
    shipping: Decimal | None = None
    taxes: Decimal | None = None
    total: Decimal | None = None
    financial_status: str = ""
    fulfillment_status: str = ""
    paid_at: datetime | None = None
    fulfilled_at: datetime | None = None
    cancelled_at: datetime | None = None
    refunded_amount: Decimal | None = None
    tracking_number: str = ""
    tracking_url: str = ""
    billing_address: dict[str, str] = field(default_factory=dict)
    shipping_address: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    tags: tuple[str, ...] = ()
    items: tuple[LineItem, ...] = ()
    line: int = 0
    refunds: tuple[Refund, ...] = ()
    # Delivery, where the source knows it: the carrier's name, the date it
    # promised, its last tracking status and when that last changed.
    carrier: str = ""
    expected_at: datetime | None = None
    tracking_status: str = ""
    tracking_updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row an order source could not read; the rest of the file goes on."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

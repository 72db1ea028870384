"""The plugin contract: records that channels and order sources hand to the core.

Channels turn what arrives from the outside world into `InboundMessage` records;
order sources turn exports or API answers into `OrderRecord` records. Records are
plain frozen dataclasses: the core owns storage, de-duplication and threading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar


class PluginError(Exception):
    """Base of the errors a plugin raises; `title` names the account or file."""

    def __init__(self, message: str, title: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.title = title


class ConfigurationError(PluginError):
    """The instance's options are wrong: the user must edit the config (exit 2)."""


class AuthenticationError(PluginError):
    """The server refused the credentials."""


class TemporarilyUnavailable(PluginError):
    """The server is unreachable or busy; the core retries later."""


def by_position(record: Any) -> tuple[type, tuple[Any, ...]]:
    """`__reduce__` for the frozen slotted records below: rebuilt from their fields
    in order. A sync pickles thousands a second from its parsing processes, and
    the dataclass default (`__setstate__` looking its fields up per instance, one
    `object.__setattr__` each) takes twice as long both ways."""
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    address: str

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
    the bytes for a file, account/folder/UIDVALIDITY/UID for IMAP): never the
    Message-ID alone. `cursor` is the sync position reached after this message.
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

    __reduce__ = by_position


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


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row an order source could not read; the rest of the file goes on."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class OptionType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    LIST = "list"


@dataclass(frozen=True, slots=True)
class Option:
    """An option a plugin declares as data; the core renders and validates it."""

    name: str
    type: OptionType
    help: str
    default: Any = None
    required: bool = False
    secret: bool = False


class Channel:
    """Base of every channel, built-in or third-party.

    Subclasses set `name` (equal to their entry-point name), `label` and `options`.
    The constructor validates options and does no I/O.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    options: ClassVar[tuple[Option, ...]] = ()

    def __init__(self, instance: str, settings: dict[str, Any]) -> None:
        self.instance = instance
        self.settings = settings

    @classmethod
    def check_options(
        cls, instance: str, options: dict[str, Any]
    ) -> list[tuple[str, str]]:
        """Mistakes in an instance's options as (key, message); none by default."""
        return []


class OrderSource:
    """Base of every order source: reads one export file into order records."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""

    def matches(self, header: list[str]) -> bool:
        """Whether a CSV header looks like this source's export."""
        raise NotImplementedError

    def read(self, path: Path) -> Iterator[OrderRecord | RowProblem]:
        """Yield the file's orders in file order, and a problem per bad row."""
        raise NotImplementedError

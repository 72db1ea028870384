"""What the composer hands the screen when a reply, a note or a forward is sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from console.spelling import Speller
from plugins.api import Attachment
from storage.recipients import Recipients

Mode = Literal["reply", "reply_all", "forward", "note"]


@dataclass(frozen=True, slots=True)
class Submission:
    conversation_id: int
    mode: Mode
    text: str
    recipients: Recipients | None  # None: the channel has no addresses (chat)
    forward_of: int | None = None  # the message forwarded
    files: tuple[Attachment, ...] = ()  # what the reply carries
    expects: tuple[str, ...] = ()  # the files its canned replies expect
    speller: Speller | None = None  # the conversation's language's
    via: tuple[str, str] | None = None  # another identity of the customer's

"""Threading rules: which conversation a new message joins, and why.

Pure functions over candidates the store has looked up, so the rules can be read
and tested apart from SQL. In order: In-Reply-To and References (a reply to one of
the shop's own messages counts the same), stored replies to this very message (the
first message of a thread imported after its answers), the same Message-ID seen
before from the same customer, then subject plus customer within a window for mail
that lost its headers. A reference into another customer's conversation never
merges: replies of different customers to one newsletter stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

SUBJECT_WINDOW_SECONDS = 14 * 24 * 3600

_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|vs|antw|rif|r|réf|ref)\s*(?:\[\d+\]|\(\d+\))?"
    r"\s*[:\uff1a]\s*|\[[^\]]{0,40}\]\s*)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # asked twice per stored message, and threads repeat
def subject_key(subject: str) -> str:
    """The subject without reply and forward prefixes, for matching."""
    text = subject
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class KnownMessage:
    """A stored message another one may refer to by its Message-ID."""

    conversation_id: int
    customer_id: int
    outbound: bool
    participants: frozenset[str]


@dataclass(frozen=True, slots=True)
class RecentConversation:
    conversation_id: int
    last_message_at: int


@dataclass(frozen=True, slots=True)
class ThreadDecision:
    conversation_id: int | None
    reason: str
    detail: str


def references_in_order(
    in_reply_to: Sequence[str], references: Sequence[str]
) -> list[str]:
    """In-Reply-To first, then References from the most recent back, no repeats
    (linear: a hostile header holds 120,000 ids)."""
    ordered = dict.fromkeys([*in_reply_to, *reversed(references)])
    ordered.pop("", None)
    return list(ordered)


def _joins(known: KnownMessage, customer_id: int, sender: str) -> bool:
    return known.customer_id == customer_id or sender in known.participants


def _by_reference(
    refs: Sequence[str],
    in_reply_to: Sequence[str],
    customer_id: int,
    sender: str,
    known: Mapping[str, Sequence[KnownMessage]],
) -> ThreadDecision | None:
    foreign: str | None = None
    for ref in refs:
        for candidate in known.get(ref, ()):
            if _joins(candidate, customer_id, sender):
                if candidate.outbound:
                    reason = "our-message"
                elif ref in in_reply_to:
                    reason = "in-reply-to"
                else:
                    reason = "references"
                return ThreadDecision(candidate.conversation_id, reason, f"<{ref}>")
            foreign = foreign or ref
    if foreign is not None:
        return ThreadDecision(
            None,
            "new",
            f"<{foreign}> belongs to another customer's conversation",
        )
    return None


def _by_subject(
    key: str, sent_at: int, recent: Iterable[RecentConversation]
) -> ThreadDecision | None:
    if not key:
        return None
    near = [
        conv
        for conv in recent
        if abs(sent_at - conv.last_message_at) <= SUBJECT_WINDOW_SECONDS
    ]
    if not near:
        return None
    best = max(near, key=lambda conv: (conv.last_message_at, conv.conversation_id))
    return ThreadDecision(best.conversation_id, "subject", key)


def _by_reply(
    message_id: str | None,
    customer_id: int,
    sender: str,
    replies: Mapping[str, Sequence[tuple[str, KnownMessage]]],
) -> ThreadDecision | None:
    """A thread's first message arriving after its replies joins them."""
    for reply_id, candidate in replies.get(message_id or "", ()):
        if _joins(candidate, customer_id, sender):
            detail = f"<{reply_id}>" if reply_id else ""
            return ThreadDecision(candidate.conversation_id, "answered-by", detail)
    return None


def decide_thread(
    *,
    message_id: str | None,
    in_reply_to: Sequence[str],
    references: Sequence[str],
    customer_id: int,
    sender: str,
    subject: str,
    sent_at: int,
    known: Mapping[str, Sequence[KnownMessage]],
    recent: Iterable[RecentConversation],
    replies: Mapping[str, Sequence[tuple[str, KnownMessage]]] | None = None,
) -> ThreadDecision:
    """Choose the conversation for a message; `conversation_id=None` means a new
    one. `replies`: stored messages answering a Message-ID, by that id."""
    refs = references_in_order(in_reply_to, references)
    by_ref = _by_reference(refs, in_reply_to, customer_id, sender, known)
    if by_ref is not None and by_ref.conversation_id is not None:
        return by_ref
    by_reply = _by_reply(message_id, customer_id, sender, replies or {})
    if by_reply is not None:
        return by_reply
    if message_id:
        for candidate in known.get(message_id, ()):
            if candidate.customer_id == customer_id:
                return ThreadDecision(
                    candidate.conversation_id, "same-message-id", f"<{message_id}>"
                )
    by_subject = _by_subject(subject_key(subject), sent_at, recent)
    if by_subject is not None:
        return by_subject
    if by_ref is not None:
        return by_ref
    return ThreadDecision(None, "new", "no earlier message matched")

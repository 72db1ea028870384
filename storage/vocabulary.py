"""The conversation's vocabulary, written once: statuses, priorities, who acts,
what kind of event happened, which timer. The CLI, the console, the config and
the store all take their words from here (the schema's CHECK lists the same
values; tests/unit_tests/test_vocabulary.py holds them together).

`StrEnum` members are plain strings too: they compare equal to what the store
holds and print as the word itself.
"""

from __future__ import annotations

from enum import StrEnum

# Spelled out rather than imported: `comptoir search` loads this module, and
# typing costs start-up time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar

    E = TypeVar("E", bound=StrEnum)


class Status(StrEnum):
    OPEN = "open"
    PENDING = "pending"  # waiting on the customer
    SNOOZED = "snoozed"  # until a time
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"
    NOTE = "note"


class ActorType(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    AUTOMATION = "automation"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class EventKind(StrEnum):
    MESSAGE_IN = "message_in"
    REPLY_OUT = "reply_out"
    NOTE = "note"
    AUTO_MESSAGE = "auto_message"  # an acknowledgement, a responder: never a reply
    STATUS = "status"
    PRIORITY = "priority"
    TAG_ADDED = "tag_added"
    TAG_REMOVED = "tag_removed"
    ASSIGNEE = "assignee"
    POLICY_APPLIED = "policy_applied"
    SURVEY_ANSWER = "survey_answer"
    PROMISE_MADE = "promise_made"
    PROMISE_KEPT = "promise_kept"
    MERGED = "merged"
    SPLIT = "split"


# The events that belong to a message: they follow it when it moves (a merge,
# a split), so the timers follow the messages.
MESSAGE_EVENTS = (
    EventKind.MESSAGE_IN,
    EventKind.REPLY_OUT,
    EventKind.NOTE,
    EventKind.AUTO_MESSAGE,
    EventKind.SURVEY_ANSWER,
)


class Metric(StrEnum):
    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"
    PROMISE = "promise"


class TimerState(StrEnum):
    ACTIVE = "active"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"


STATUSES = tuple(Status)
PRIORITIES = tuple(Priority)


class VocabularyError(ValueError):
    """A word that is not one of the vocabulary's; the message lists them."""


def word(kind: type[E], text: str, what: str) -> E:
    """`text` as a member of `kind` (any case), or an error naming every choice:
    `word(Status, "Closed", "status")`."""
    try:
        return kind(text.strip().lower())
    except ValueError:
        choices = ", ".join(kind)
        raise VocabularyError(f"unknown {what} {text!r}: use {choices}") from None


def words(kind: type[StrEnum]) -> str:
    """The choices as a person reads them: `open, pending, snoozed, closed`."""
    return ", ".join(kind)

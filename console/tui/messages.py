"""App-wide messages: what one part of the console tells the others.

A widget's own messages live in its class (`QueueList.Selected`,
`Composer.Submitted`); these are posted from several places and heard by the
inbox screen, which then brings every widget up to date.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.worker import Worker, WorkerState


@dataclass
class ConversationsChanged(Message):
    """The store changed these conversations (a status, a reply, a merge...).

    `done` says the person is finished with the first one (closed, sent,
    snoozed, pending): the queue's cursor then goes to the row that took its
    place. Otherwise the cursor stays on it, wherever it now sorts."""

    ids: tuple[int, ...]
    done: bool = False
    # They changed on their own (a channel brought mail): the cursor stays where
    # the person is, and nothing else is read again.
    arrived: bool = False


@dataclass
class QueueShown(Message):
    """The first screen's rows are painted: what it did not need can start."""


@dataclass
class InboxChanged(Message):
    """Many conversations may have changed (mail arrived, snoozes ended, the
    outbox was sent): everything shown is read again."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, InboxChanged)


@dataclass
class OutboxQueued(Message):
    """Something waits in the outbox: send it now rather than at the next round."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, OutboxQueued)


@dataclass
class OutboxFailed(Message):
    """How many replies could not be sent, for the status line."""

    count: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, OutboxFailed)


@dataclass
class NotFetched(Message):
    """How many messages a channel gave up fetching, for the status line."""

    count: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, NotFetched)


@dataclass
class WorkFailed(Message):
    """A widget's worker failed: the screen says it (a toast), the app goes on."""

    error: BaseException | None


def failure(event: Worker.StateChanged) -> WorkFailed | None:
    """Worker messages do not bubble: widgets pass their failures up with this."""
    if event.state == WorkerState.ERROR:
        return WorkFailed(event.worker.error)
    return None

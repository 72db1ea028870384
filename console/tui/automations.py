"""The inbox's own work, each on its own timer: new mail pushed in by the
channels, the outbox sent, snoozed conversations woken, due surveys queued.

None of it happens inside a person's action or a reading of the queue; each
tells the screen what changed (`InboxChanged`, `OutboxFailed`).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from textual.screen import Screen

from console.tui.inbox_data import Inbox
from console.tui.messages import InboxChanged, OutboxFailed

SEND_EVERY = 60.0
WAKE_EVERY = 30.0
SURVEYS_EVERY = 300.0


class Automations:
    def __init__(self, screen: Screen[None], inbox: Inbox) -> None:
        self.screen, self.inbox = screen, inbox
        self.started = False
        self._sending = self._again = False

    def start(self) -> None:
        """Once, after the first screen (the store answers one query at a time)."""
        if self.started:
            return
        self.started = True
        screen, live = self.screen, self.inbox.live
        screen.set_interval(WAKE_EVERY, self.wake)
        self.wake()
        if live.configured:
            live.start(self.inbox.store, self._mail_arrived, self._channel_failed)
            screen.set_interval(SEND_EVERY, self.send_now)
            self.send_now()
        settings = self.inbox.settings
        if settings.survey.enabled and settings.survey_senders:
            screen.set_interval(SURVEYS_EVERY, self.queue_surveys)
            self.queue_surveys()

    def _run(
        self, work: Coroutine[Any, Any, None], group: str, exclusive: bool = True
    ) -> None:
        self.screen.run_worker(
            work, group=group, exclusive=exclusive, exit_on_error=False
        )

    def wake(self) -> None:
        self._run(self._wake(), "wake")

    async def _wake(self) -> None:
        if await self.inbox.wake_snoozed():
            self.screen.post_message(InboxChanged())

    def send_now(self) -> None:
        """Send what is due; a send already running goes round once more (one is
        never cancelled halfway through a mail)."""
        if not self.inbox.live.configured:
            return
        if self._sending:
            self._again = True
            return
        self._sending = True
        self._run(self._send_outbox(), "outbox", exclusive=False)

    async def _send_outbox(self) -> None:
        try:
            self._again = True
            while self._again:
                self._again = False
                await self._send_once()
        finally:
            self._sending = False

    async def _send_once(self) -> None:
        sent, failed = await self.inbox.send_queued()
        if failed:
            self.screen.notify(
                f"{failed} repl{'ies' if failed > 1 else 'y'} could not be sent: see "
                "the conversation, or `comptoir outbox list`",
                severity="error",
                timeout=12,
            )
        self.screen.post_message(OutboxFailed(await self.inbox.failed_replies()))
        if sent or failed:
            self.screen.post_message(InboxChanged())

    def queue_surveys(self) -> None:
        self._run(self._queue_surveys(), "surveys")

    async def _queue_surveys(self) -> None:
        if await self.inbox.queue_surveys():
            self.send_now()

    def _mail_arrived(self, instance: str, count: int) -> None:
        self.screen.notify(
            f"{count} new message{'s' if count > 1 else ''} ({instance})", timeout=4
        )
        self.screen.post_message(InboxChanged())

    def _channel_failed(self, line: str) -> None:
        self.screen.notify(line, severity="error", timeout=12)

"""The inbox while the app runs: new mail arrives on its own, replies go out.

New mail (pushed by the channels) reloads the queue and its timers; the outbox
is sent right after a reply and every minute; replies that failed for good are
counted in the status line and marked in their conversation.
"""

from __future__ import annotations

from console.tui.inbox_base import InboxBase

SEND_EVERY = 60.0


class LiveMixin(InboxBase):
    failed_count = 0

    def start_live(self) -> None:
        live = self.inbox.live
        if not live.configured:
            return
        live.start(self.inbox.store, self._mail_arrived, self._channel_failed)
        self.set_interval(SEND_EVERY, self.send_now)
        self.send_now()

    def _mail_arrived(self, instance: str, count: int) -> None:
        self.notify(
            f"{count} new message{'s' if count > 1 else ''} ({instance})", timeout=4
        )
        self.reload()
        self.run_worker(
            self._load_deadlines(),
            group="deadlines",
            exclusive=True,
            exit_on_error=False,
        )

    def _channel_failed(self, line: str) -> None:
        self.notify(line, severity="error", timeout=12)

    def send_now(self) -> None:
        if self.inbox.live.configured:
            self.run_worker(
                self._send_outbox(), group="outbox", exclusive=True, exit_on_error=False
            )

    async def _send_outbox(self) -> None:
        sent, failed = await self.inbox.send_queued()
        if failed:
            self.notify(
                f"{failed} repl{'ies' if failed > 1 else 'y'} could not be sent: see "
                "the conversation, or `comptoir outbox list`",
                severity="error",
                timeout=12,
            )
        self.failed_count = await self.inbox.failed_replies()
        if sent or failed:
            self.reload()

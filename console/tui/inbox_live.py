"""The inbox while the app runs: new mail arrives on its own, replies go out.

What a channel pushes comes with its conversation ids: those rows and their
deadlines are updated, not the whole queue. What another process stored (a
cron `comptoir fetch`, an import) is noticed within seconds by the store's
change counter, and then the view is read again. The outbox is sent right
after a reply and every minute; replies that failed for good are counted in
the status line and marked in their conversation with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from console.tui.inbox_base import InboxBase
from storage.pipeline.live import Arrival

SEND_EVERY = 60.0
LOOK_EVERY = 2.0  # seconds between looks at what other processes stored


class LiveMixin(InboxBase):
    failed_count = 0
    not_fetched = 0
    _said: set[str]  # channel warnings already shown, this run

    def start_live(self) -> None:
        self.set_interval(LOOK_EVERY, self._look_for_changes)
        self._said = set()
        self.inbox.live.channels.say = self._channel_says
        self.inbox.live.start(self.inbox.store, self._arrived, self._channel_trouble)
        # Even with no channel: a reply nothing can send fails with its reason.
        self.set_interval(SEND_EVERY, self.send_now)
        self.send_now()

    def _arrived(self, arrival: Arrival) -> None:
        count = len(arrival.message_ids)
        self.notify(
            f"{count} new message{'s' if count > 1 else ''} ({arrival.instance})",
            timeout=4,
        )
        self.run_worker(
            self.update_conversations(arrival.conversation_ids),
            group="arrivals",
            exit_on_error=False,
        )

    async def update_conversations(self, ids: Sequence[int]) -> None:
        """These conversations changed: their rows, their place in the view,
        their deadlines; the rest of the queue is left as it is."""
        if not self.deadlines_known:  # the first load is still under way
            self.reload()
            return
        queue = self.queue
        held = await self.inbox.in_view(self.query_text, ids)
        rows = await self.inbox.rows(held)
        present = set(queue.ids)
        leaving = {i for i in ids if i in present and i not in held}
        kept = [i for i in queue.ids if i not in leaving] if leaving else queue.ids
        fresh = [i for i in held if i not in present]
        if fresh or leaving:
            queue.show_ids([*kept, *fresh], keep=queue.current, fresh_rows=False)
        queue.refresh_rows(rows)
        for conversation_id in ids:
            await self.refresh_deadline(conversation_id)
        await self.apply_order()
        self.show_status(len(queue.ids))
        if self.open_id in ids:
            self.load_conversation(self.open_id)

    def _channel_says(self, line: str) -> None:
        """A channel's warning (a Sent folder it cannot find), once per run:
        a watch says it again at every pass."""
        if line not in self._said:
            self._said.add(line)
            self.notify(line, severity="warning", timeout=12)

    def _channel_trouble(self, instance: str, line: str) -> None:
        if line:
            self.notify(f"{instance}: {line}", severity="error", timeout=12)
        else:
            self.notify(f"{instance}: working again", timeout=4)

    async def _look_for_changes(self) -> None:
        if await self.inbox.store_changed():
            self.reload()
            self.run_worker(
                self._load_deadlines(),
                group="deadlines",
                exclusive=True,
                exit_on_error=False,
            )
        found = await self.inbox.not_fetched()
        if found != self.not_fetched:
            if found > self.not_fetched:
                self.notify(
                    f"{found} message{'s' if found > 1 else ''} the mail server would "
                    "not give: see `comptoir channels check`",
                    severity="warning",
                    timeout=12,
                )
            self.not_fetched = found
            self.show_status(len(self.queue.ids))

    def send_now(self) -> None:
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
        else:
            self.show_status(len(self.queue.ids))

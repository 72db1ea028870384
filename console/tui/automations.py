"""The inbox's own work, each on its own timer: new mail pushed in by the
channels, what other processes stored, the outbox sent, snoozed conversations
woken, due surveys queued, new messages' intents read and [automation] applied.

None of it happens inside a person's action or a reading of the queue; each
tells the screen what changed: the conversations a channel brought
(`ConversationsChanged(arrived=True)`: those rows and deadlines only), anything
another process stored (a cron `comptoir fetch`: `InboxChanged`, within
seconds, by the store's change counter), `OutboxFailed`, `NotFetched`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from console.i18n import _, ngettext
from console.tui.inbox_data import Inbox
from console.tui.messages import (
    ConversationsChanged,
    InboxChanged,
    NotFetched,
    OutboxFailed,
)

if TYPE_CHECKING:
    from storage.pipeline.live import Arrival

SEND_EVERY = 60.0
LOOK_EVERY = 2.0  # seconds between looks at what other processes stored
WAKE_EVERY = 30.0
SURVEYS_EVERY = 300.0
ROUTINE_EVERY = 60.0
IDLE = 5.0  # seconds without a key before the model is read and the past read
FIRST_ROUTINE = 3.0
FEW = 20  # conversations whose rows are refreshed one by one


class Automations:
    def __init__(self, screen: Screen[None], inbox: Inbox) -> None:
        self.screen, self.inbox = screen, inbox
        self.started = False
        self._sending = self._again = False
        self._said: set[str] = set()  # channel warnings shown already
        self._not_fetched = 0

    def start(self) -> None:
        """Once, after the first screen (the store answers one query at a time)."""
        if self.started:
            return
        self.started = True
        screen, live = self.screen, self.inbox.live
        screen.set_interval(WAKE_EVERY, self.wake)
        self.wake()
        screen.set_interval(LOOK_EVERY, self.look)
        live.channels.say = self._channel_says
        if self.inbox.before_channels is None:
            live.start(self.inbox.store, self._arrived, self._channel_trouble)
        else:
            self._run(self._listen_after(self.inbox.before_channels), "listen")
        # Even with no channel: a reply nothing can send fails with its reason.
        screen.set_interval(SEND_EVERY, self.send_now)
        self.send_now()
        screen.set_interval(ROUTINE_EVERY, self.answer_new)
        # Not with the first keys: the model is read, the past read, a moment later.
        screen.set_timer(FIRST_ROUTINE, self.answer_new)
        settings = self.inbox.settings
        if settings.survey.enabled and settings.survey_senders:
            screen.set_interval(SURVEYS_EVERY, self.queue_surveys)
            self.queue_surveys()

    async def _listen_after(self, before: Callable[[], Sequence[str]]) -> None:
        for line in await asyncio.to_thread(before):
            self.screen.notify(line, title="comptoir", timeout=30)
        self.inbox.live.start(self.inbox.store, self._arrived, self._channel_trouble)

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
                ngettext(
                    "{count} reply could not be sent: see the conversation, or "
                    "`comptoir outbox list`",
                    "{count} replies could not be sent: see the conversation, or "
                    "`comptoir outbox list`",
                    failed,
                ).format(count=failed),
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

    def answer_new(self) -> None:
        """Intents of new messages read, [automation] applied, older messages
        read a batch at a time: the badges and suggestions fill in."""
        self._run(self.catch_up(), "routine")

    async def catch_up(self) -> None:
        routine = self.inbox.routine
        first = not routine.ready
        pause = time.monotonic() - getattr(self.screen, "last_action", 0.0)
        plans, read = await routine.tick(
            self.inbox.store, self.inbox.now_stamp(), idle=pause > IDLE
        )
        if any(plan.decision.action == "sent" for plan in plans):
            self.send_now()
        changed = list(dict.fromkeys([*(p.conversation_id for p in plans), *read]))
        if first and routine.ready and not changed:  # suggestions can show now
            changed = [c for c in (getattr(self.screen, "open_id", None),) if c]
        if len(changed) > FEW:  # a batch of the past: one reload, not each row
            self.screen.post_message(InboxChanged())
        elif changed:  # new mail's badges: those rows, the person stays put
            self.screen.post_message(ConversationsChanged(tuple(changed), arrived=True))
        if not routine.ready:  # keys were pressed: again at the next pause
            self.screen.set_timer(IDLE, self.answer_new)

    def look(self) -> None:
        self._run(self._look(), "look")

    async def _look(self) -> None:
        """What another process stored (a cron fetch, an import) and what the
        channels gave up fetching."""
        if await self.inbox.store_changed():
            self.screen.post_message(InboxChanged())
        found = await self.inbox.not_fetched()
        if found > self._not_fetched:
            self.screen.notify(
                ngettext(
                    "{count} message the server would not give: see "
                    "`comptoir channels check`",
                    "{count} messages the server would not give: see "
                    "`comptoir channels check`",
                    found,
                ).format(count=found),
                severity="warning",
                timeout=12,
            )
        if found != self._not_fetched:
            self._not_fetched = found
            self.screen.post_message(NotFetched(found))

    def _arrived(self, arrival: Arrival) -> None:
        count = len(arrival.message_ids)
        self.screen.notify(
            ngettext(
                "{count} new message ({channel})",
                "{count} new messages ({channel})",
                count,
            ).format(count=count, channel=arrival.instance),
            timeout=4,
        )
        if arrival.conversation_ids:
            changed = ConversationsChanged(arrival.conversation_ids, arrived=True)
            self.screen.post_message(changed)
        self.answer_new()  # what the new messages ask, [automation] applied

    def _channel_says(self, line: str) -> None:
        """A channel's warning (a Sent folder it cannot find), once per run: a
        watch says it again at every pass."""
        if line not in self._said:
            self._said.add(line)
            self.screen.notify(line, severity="warning", timeout=12)

    def _channel_trouble(self, instance: str, line: str) -> None:
        if line:
            self.screen.notify(f"{instance}: {line}", severity="error", timeout=12)
        else:
            said = _("{channel}: working again").format(channel=instance)
            self.screen.notify(said, timeout=4)

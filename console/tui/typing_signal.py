""" "The shop is writing…" on the customer's side, where the channel shows it
(the website chat): while a person types a reply, the conversation's channel is
told again every few seconds (it lets the sign lapse on its own), and told to
stop when the reply is sent or put away. Best effort: a channel that cannot be
reached costs the person nothing, not even a message."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from plugins.api import Channel, PluginError
from storage.errors import StoreError
from storage.outbox_route import answered_message

if TYPE_CHECKING:
    from console.tui.inbox_data import Inbox

EVERY = 3.0  # seconds between two signs while typing goes on
Target = tuple[str, str]  # (instance, thread key)


class TypingSignal:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self._targets: dict[int, Target | None] = {}  # per conversation, once found
        self._open: dict[str, Channel] = {}
        self._shown: tuple[Target, float] | None = None  # what was told, and when

    async def typed(self, conversation_id: int) -> None:
        target = await self._target(conversation_id)
        if target is None:
            return
        now = time.monotonic()
        if self._shown and self._shown[0] == target and now - self._shown[1] < EVERY:
            return
        self._shown = (target, now)
        await self._tell(target, True)

    async def stopped(self) -> None:
        if self._shown is not None:
            target, self._shown = self._shown[0], None
            await self._tell(target, False)

    async def close(self) -> None:
        channels, self._open = self._open, {}
        for channel in channels.values():
            await channel.close()

    async def _target(self, conversation_id: int) -> Target | None:
        if conversation_id not in self._targets:
            try:
                answered = await answered_message(self.inbox.store, conversation_id)
            except StoreError:
                return None
            key = answered.thread_key
            self._targets[conversation_id] = (answered.channel, key) if key else None
        return self._targets[conversation_id]

    async def _tell(self, target: Target, active: bool) -> None:
        instance, thread = target
        try:
            channel = self._open.get(instance)
            if channel is None:
                channel = self.inbox.live.channels.open(instance, self.inbox.store)
                self._open[instance] = channel
            if channel.capabilities.typing:
                await channel.typing(thread, active)
        except PluginError:
            return  # the sign is a courtesy: the reply itself goes by the outbox

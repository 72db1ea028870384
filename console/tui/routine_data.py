"""What the console asks of the store about routine questions: intents (read,
corrected), suggested replies, automatic answers, the "To tell" drafts.

Built once from the config (console.routine); the model is fitted or read back
in a thread the first time it is needed, never at start-up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from console.routine import Routine, routine_of
from storage.automation.run import Automation, Plan
from storage.connection import Store
from storage.intents import readings
from storage.intents.history import record_pick
from storage.intents.readings import IntentRow
from storage.outreach.drafts import (
    OutreachDraft,
    Sender,
    outreach_drafts,
    send_outreach,
    set_outreach,
)
from storage.outreach.settings import OutreachSettings


@dataclass(frozen=True, slots=True)
class Suggestion:
    name: str
    title: str


@dataclass
class RoutineData:
    automation: Automation
    outreach: OutreachSettings = field(default_factory=OutreachSettings)
    sender: Sender | None = None
    agent: str = "Agent"

    @property
    def intents(self) -> tuple[str, ...]:
        return self.automation.reader.settings.intents

    async def answer_new(self, store: Store, now: int | None = None) -> list[Plan]:
        """Read what arrived and apply [automation] (the app's timer calls it)."""
        return await self.automation.run(store, now)

    async def routine(self, store: Store, conversation_id: int) -> Routine:
        return await routine_of(store, conversation_id)

    async def latest(self, store: Store, conversation_id: int) -> IntentRow | None:
        """The reading of the conversation's newest customer message."""
        message = await readings.latest_customer_message(store, conversation_id)
        return (
            None if message is None else await readings.message_intent(store, message)
        )

    async def correct(self, store: Store, conversation_id: int, intent: str) -> str:
        """The newest customer message asks `intent`; the previous one returned."""
        message = await readings.latest_customer_message(store, conversation_id)
        if message is None:
            return ""
        return await readings.correct_intent(
            store, message, intent, self.agent, self.intents
        )

    async def suggestions(self, store: Store, subject: str, text: str) -> list[str]:
        return await self.automation.reader.suggest(store, subject, text)

    async def picked(self, store: Store, conversation_id: int, reply: str) -> None:
        """A person inserted this canned reply: the suggestions learn from it."""
        message = await readings.latest_customer_message(store, conversation_id)
        if message is not None:
            await record_pick(store, message, reply, self.agent, int(time.time()))

    async def to_tell(self, store: Store) -> list[OutreachDraft]:
        if self.sender is None:
            return []
        return await outreach_drafts(store, self.outreach, self.sender)

    async def tell(
        self, store: Store, drafts: list[OutreachDraft]
    ) -> list[OutreachDraft]:
        if self.sender is None:
            return []
        return await send_outreach(store, drafts, self.sender)

    async def dismiss(self, store: Store, draft: OutreachDraft) -> None:
        await set_outreach(store, draft.late.rule, draft.late.order_id, "dismissed")

"""What the console asks of the store about routine questions: intents (read,
corrected), suggested replies, automatic answers, the "To tell" drafts.

Built at first use from the inbox's settings; the model is read back or fitted
in a thread the first time the app's timer reads new messages, never at
start-up, and suggestions wait until it is ready.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from console.tui.inbox_data import Settings
from storage.automation.run import Automation, Plan, Shop
from storage.connection import Store
from storage.intents import readings
from storage.intents.history import record_pick
from storage.intents.readings import IntentRow
from storage.intents.service import IntentReader
from storage.models import ConversationDetail
from storage.outreach.drafts import (
    OutreachDraft,
    Sender,
    outreach_drafts,
    send_outreach,
    set_outreach,
)
from storage.outreach.settings import OutreachSettings


def routine_for(settings: Settings) -> RoutineData:
    senders = {
        name: str(options.get("address") or settings.shop_address)
        for name, options in settings.channels.items()
    }
    shop = Shop(settings.shop_name, settings.agent, settings.shop_address, senders)
    automation = Automation(IntentReader(settings.intents), settings.automation, shop)
    sender = Sender(
        settings.shop_name,
        settings.agent,
        settings.shop_address,
        senders,
        settings.automation.transit_days,
    )
    return RoutineData(automation, settings.outreach, sender, settings.agent)


@dataclass
class RoutineData:
    automation: Automation
    outreach: OutreachSettings
    sender: Sender
    agent: str
    ready: bool = False  # the model is in memory: suggestions can be ranked

    @property
    def intents(self) -> tuple[str, ...]:
        return self.automation.reader.settings.intents

    async def tick(
        self, store: Store, now: int, idle: bool = True
    ) -> tuple[list[Plan], list[int]]:
        """New messages answered as [automation] says; then, while the person
        pauses, the model made ready (suggestions wait for it) and a batch of
        older messages read (the badges, the search): (decisions, the
        conversations of the messages read)."""
        plans = await self.automation.run(store, now)
        if not idle:
            return plans, []
        await self.automation.reader.classifier(store)
        self.ready = True
        read = await self.automation.reader.read_new(store, now)
        return plans, [new.message.conversation_id for new in read]

    async def correct(self, store: Store, conversation_id: int, intent: str) -> str:
        """The newest customer message asks `intent`; the previous one returned."""
        message = await readings.latest_customer_message(store, conversation_id)
        if message is None:
            return ""
        return await readings.correct_intent(
            store, message, intent, self.agent, self.intents
        )

    async def suggested(
        self, store: Store, detail: ConversationDetail, intent: IntentRow
    ) -> tuple[tuple[str, str], ...]:
        message = next((m for m in detail.messages if m.id == intent.message_id), None)
        if message is None:
            return ()
        reader = self.automation.reader
        said = intent.intent if intent.source == "person" else None
        names = await reader.suggest(store, message.subject, message.text, intent=said)
        titles = {card.name: card.title for card in await reader.cards(store)}
        return tuple((name, titles.get(name, "")) for name in names)

    async def picked(self, store: Store, conversation_id: int, reply: str) -> None:
        """A person inserted this canned reply: the suggestions learn from it."""
        message = await readings.latest_customer_message(store, conversation_id)
        if message is not None:
            await record_pick(store, message, reply, self.agent, int(time.time()))

    async def to_tell(self, store: Store) -> list[OutreachDraft]:
        return await outreach_drafts(store, self.outreach, self.sender)

    async def tell(self, store: Store, drafts: list[OutreachDraft]) -> int:
        return len(await send_outreach(store, drafts, self.sender))

    async def dismiss(self, store: Store, drafts: list[OutreachDraft]) -> int:
        for draft in drafts:
            await set_outreach(store, draft.late.rule, draft.late.order_id, "dismissed")
        return len(drafts)

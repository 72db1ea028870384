"""What the console asks of the store, in one place (the screens hold no storage calls).

Every method is a coroutine on aiosqlite, whose queries run in its own thread:
awaiting them from a worker never freezes the screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from console.tui.context_pane import Context
from console.tui.live_channels import LiveChannels
from storage import actions, drafts, outbox, queue
from storage.connection import Store, open_store
from storage.conversation_edit import (
    attachment_bytes,
    customer_conversations,
    merge_conversations,
    split_conversation,
)
from storage.conversations import get_conversation, inbox_is_empty
from storage.customers import get_customer
from storage.models import ConversationDetail
from storage.orders import orders_for_customer
from storage.outbox_state import outbox_counts
from storage.replies import CannedReply, list_replies, save_reply
from storage.reply_context import order_owners, reply_context
from storage.reply_templates import ReplyContext, lint_reply
from storage.sla.deadlines import DeadlineTable, conversation_timers, open_deadlines
from storage.sla.policy import SlaSettings, default_settings
from storage.sla.promises import PromiseProposal, detect_promises
from storage.sla.records import record_promise
from storage.sla.timers import Timer
from storage.survey_settings import SurveySettings
from storage.surveys import send_surveys


@dataclass(frozen=True, slots=True)
class Settings:
    """Who is at the keyboard and for which shop; the clock, frozen in tests."""

    db_path: Path
    shop_name: str = "My shop"
    shop_address: str = ""
    agent: str = "Agent"
    timezone: str = "UTC"
    frozen_now: datetime | None = None
    sla: SlaSettings | None = None  # None: the default policy in the shop's time zone
    channels: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    shop_addresses: tuple[str, ...] = ()
    survey: SurveySettings = field(default_factory=SurveySettings)
    survey_senders: Mapping[str, str] = field(default_factory=dict)  # instance: From
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def service_levels(self) -> SlaSettings:
        return self.sla or default_settings(self.timezone)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def now(self) -> datetime:
        return (self.frozen_now or datetime.now(UTC)).astimezone(self.zone)


class Inbox:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stack = AsyncExitStack()
        self._store: Store | None = None
        # Built once: a calendar indexes its open hours the first time it is asked.
        self.sla = settings.service_levels
        self.live = LiveChannels(
            settings.channels, settings.shop_name, frozenset(settings.shop_addresses)
        )

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the inbox is not open yet")
        return self._store

    async def open(self) -> None:
        self._store = await self._stack.enter_async_context(
            open_store(self.settings.db_path)
        )

    async def close(self) -> None:
        await self.live.stop()
        await self._stack.aclose()
        self._store = None

    @property
    def actor(self) -> actions.Actor:
        return actions.Actor("agent", self.settings.agent)

    @property
    def author(self) -> outbox.Author:
        return outbox.Author(self.settings.agent, self.settings.shop_address)

    def _now(self) -> int:
        return int(self.settings.now().timestamp())

    # -- reading --------------------------------------------------------------

    async def is_empty(self) -> bool:
        return await inbox_is_empty(self.store)

    async def ids(self, query: str, limit: int | None = None) -> list[int]:
        if limit is None:
            await queue.wake_snoozed(self.store, self._now())
        return await queue.queue_ids(self.store, query, limit, self.settings.now())

    async def rows(self, ids: Sequence[int]) -> dict[int, queue.QueueRow]:
        return await queue.queue_rows(self.store, ids)

    async def views(self) -> list[tuple[str, str, int]]:
        found = await queue.saved_views(self.store)
        now = self.settings.now()
        return [(n, q, await queue.count_view(self.store, q, now)) for n, q in found]

    async def conversation(self, conversation_id: int) -> ConversationDetail:
        return await get_conversation(self.store, conversation_id)

    async def context(self, detail: ConversationDetail) -> Context:
        customer_id = detail.summary.customer_id
        return Context(
            customer=await get_customer(self.store, customer_id),
            past=await customer_conversations(self.store, customer_id),
            orders=await orders_for_customer(self.store, customer_id),
            replies=await list_replies(self.store),
            current_id=detail.summary.id,
            deadlines=[],
        )

    # -- the outbox ---------------------------------------------------------

    async def send_queued(self) -> tuple[int, int]:
        """Surveys now due join the outbox (when `[survey]` is on), then it is sent."""
        s = self.settings
        if s.survey.enabled and s.survey_senders:
            await send_surveys(
                self.store, s.survey, s.survey_senders, s.shop_name, now=self._now()
            )
        return await self.live.send_queued(self.store)

    async def failed_replies(self) -> int:
        return (await outbox_counts(self.store))["failed"]

    async def outbox_of(self, conversation_id: int) -> dict[int, tuple[str, str]]:
        return await outbox.conversation_outbox(self.store, conversation_id)

    # -- service levels -------------------------------------------------------

    async def deadlines(self) -> DeadlineTable:
        """The nearest pending deadline of every conversation not closed."""
        sla = self.sla
        return await open_deadlines(
            self.store, self.settings.now(), sla.policies, sla.calendars
        )

    async def timers(self, conversation_id: int) -> list[Timer]:
        sla = self.sla
        return await conversation_timers(
            self.store,
            conversation_id,
            self.settings.now(),
            sla.policies,
            sla.calendars,
        )

    def promises_in(self, text: str) -> list[PromiseProposal]:
        sla = self.sla
        calendar = next(iter(sla.calendars.values()))
        return detect_promises(text, self.settings.now(), calendar)

    async def record_promise(
        self, conversation_id: int, proposal: PromiseProposal
    ) -> None:
        due = int(proposal.due.timestamp())
        await record_promise(
            self.store,
            conversation_id,
            due,
            proposal.phrase,
            self.actor,
            at=self._now(),
        )

    # -- changing -------------------------------------------------------------

    async def set_status(
        self, conversation_id: int, status: str, until: datetime | None = None
    ) -> int | None:
        """The change's event (what `undo_status` takes), None if no change."""
        stamp = int(until.timestamp()) if until else None
        return await actions.set_status(
            self.store,
            conversation_id,
            status,
            self.actor,
            snoozed_until=stamp,
            at=self._now(),
        )

    async def undo_status(self, conversation_id: int, event_id: int) -> None:
        await actions.undo_status(
            self.store, conversation_id, event_id, self.actor, at=self._now()
        )

    async def set_priority(self, conversation_id: int, priority: str) -> bool:
        return await actions.set_priority(
            self.store, conversation_id, priority, self.actor, at=self._now()
        )

    async def assign(self, conversation_id: int, person: str | None) -> bool:
        return await actions.assign(
            self.store, conversation_id, person, self.actor, at=self._now()
        )

    async def tag(self, conversation_id: int, tag: str, remove: bool = False) -> bool:
        return await actions.tag(
            self.store, conversation_id, tag, self.actor, remove=remove, at=self._now()
        )

    async def merge(self, absorbed: int, into: int) -> None:
        await merge_conversations(
            self.store, absorbed, into, self.actor, at=self._now()
        )

    async def split(self, message_id: int) -> int:
        return await split_conversation(
            self.store, message_id, self.actor, at=self._now()
        )

    async def save_view(self, name: str, query_text: str) -> None:
        await queue.save_view(self.store, name, query_text)

    # -- writing --------------------------------------------------------------

    async def draft(self, conversation_id: int) -> drafts.Draft | None:
        return await drafts.get_draft(self.store, conversation_id)

    async def save_draft(self, conversation_id: int, body: str) -> None:
        if body.strip():
            await drafts.save_draft(self.store, conversation_id, body, at=self._now())

    async def start_draft(self, conversation_id: int) -> None:
        await drafts.save_draft(self.store, conversation_id, "", at=self._now())

    async def replies(self) -> list[CannedReply]:
        return await list_replies(self.store)

    async def save_reply(
        self, name: str, body: str, title: str, tags: tuple[str, ...]
    ) -> None:
        await save_reply(self.store, name, body, title, tags)

    async def reply_context(
        self, conversation_id: int, order_number: str | None = None
    ) -> ReplyContext:
        settings = self.settings
        return await reply_context(
            self.store,
            conversation_id,
            order_number=order_number,
            shop={"name": settings.shop_name, "email": settings.shop_address},
            agent={"name": settings.agent},
        )

    async def lint(self, conversation_id: int, text: str) -> list[str]:
        """What stops this reply from being sent (unfilled placeholders, an order
        number of another customer); empty when it may go."""
        context = await self.reply_context(conversation_id)
        return lint_reply(text, context, await order_owners(self.store, text))

    async def unseen_since_draft(self, conversation_id: int) -> list[int]:
        return await drafts.arrived_since_draft(self.store, conversation_id)

    async def mark_seen(self, conversation_id: int) -> None:
        await drafts.mark_draft_seen(self.store, conversation_id)

    async def send_reply(self, conversation_id: int, body: str) -> int:
        pk = await outbox.queue_reply(
            self.store, conversation_id, body, self.author, at=self._now()
        )
        await drafts.discard_draft(self.store, conversation_id)
        return pk

    async def add_note(self, conversation_id: int, body: str) -> int:
        pk = await outbox.add_note(
            self.store, conversation_id, body, self.author, at=self._now()
        )
        await drafts.discard_draft(self.store, conversation_id)
        return pk

    async def save_attachments(self, detail: ConversationDetail) -> list[Path]:
        from console.tui.attachments import attachments_folder, free_name, wanted

        folder = attachments_folder(detail.summary.id)
        saved: list[Path] = []
        for filename, sha256 in wanted(detail):
            folder.mkdir(parents=True, exist_ok=True)
            target = free_name(folder, filename)
            target.write_bytes(await attachment_bytes(self.store, sha256))
            saved.append(target)
        return saved

    def stamp(self, moment: datetime) -> int:
        return int(moment.astimezone(UTC).timestamp())

"""What the console asks of the store, in one place (the screens hold no storage calls).

Every method is a coroutine on aiosqlite, whose queries run in its own thread:
awaiting them from a worker never freezes the screen. What the first screen
does not draw (numpy for the timers, jinja2 for replies, the channels' protocol
code) is imported where it is first used, after that screen is painted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from console.i18n import _
from console.reply_settings import ReplySettings
from storage import actions, queue
from storage.automation.settings import AutomationSettings
from storage.connection import Store, open_store
from storage.conversation_edit import (
    attachment_bytes,
    count_customer_conversations,
    customer_conversations,
    merge_conversations,
    split_conversation,
)
from storage.conversations import get_conversation, inbox_is_empty
from storage.customers import get_customer
from storage.errors import NotFound
from storage.intents.settings import IntentSettings
from storage.language_store import ConversationLanguage, set_conversation_language
from storage.languages import DEFAULT_LANGUAGES
from storage.models import ConversationDetail
from storage.outreach.settings import OutreachSettings
from storage.replies import list_replies
from storage.sla.deadline import Deadline
from storage.sla.policy import SlaSettings, default_settings
from storage.survey_settings import SurveySettings

if TYPE_CHECKING:
    from console.tui.attachments import Saved
    from console.tui.context_pane import Context
    from console.tui.live_channels import LiveChannels
    from console.tui.routine_data import RoutineData
    from console.tui.typing_signal import TypingSignal
    from console.tui.writing_data import Writing
    from storage import outbox
    from storage.intents.readings import IntentRow
    from storage.sla.deadline_table import DeadlineTable
    from storage.sla.timers import Timer


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
    config_path: Path | None = None  # read without its holidays checked (open_app)
    extra: dict[str, object] = field(default_factory=dict)
    languages: tuple[str, ...] = DEFAULT_LANGUAGES  # the first: the shop's own
    replies: ReplySettings = field(default_factory=ReplySettings)
    intents: IntentSettings = field(default_factory=IntentSettings)
    automation: AutomationSettings = field(default_factory=AutomationSettings)
    outreach: OutreachSettings = field(default_factory=OutreachSettings)

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
        self._version: int | None = None  # the store's change counter, last read
        self.channels: dict[int, str] = {}  # conversation: channel, as last read
        self._routine: RoutineData | None = None
        # Run in a thread before the channels listen (the demo's chat server).
        self.before_channels: Callable[[], Sequence[str]] | None = None

    @cached_property
    def live(self) -> LiveChannels:
        from console.tui.live_channels import LiveChannels

        s = self.settings
        return LiveChannels(s.channels, s.shop_name, frozenset(s.shop_addresses))

    @cached_property
    def typing(self) -> TypingSignal:
        from console.tui.typing_signal import TypingSignal

        return TypingSignal(self)

    @cached_property
    def writing(self) -> Writing:
        from console.tui.writing_data import Writing

        return Writing(self)

    @property
    def routine(self) -> RoutineData:
        """Intents, suggestions, automatic answers, To tell: built at first use
        (its model is read or fitted in a thread then, never at start-up)."""
        if self._routine is None:
            from console.tui.routine_data import routine_for

            self._routine = routine_for(self.settings)
        return self._routine

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError(_("the inbox is not open yet"))
        return self._store

    async def open(self) -> None:
        self._store = await self._stack.enter_async_context(
            open_store(self.settings.db_path)
        )
        self._version = await self._store.data_version()

    async def close(self) -> None:
        if "live" in self.__dict__:  # started, hence to stop
            await self.live.stop()
        if "typing" in self.__dict__:
            await self.typing.close()
        await self._stack.aclose()
        self._store = None

    @property
    def actor(self) -> actions.Actor:
        return actions.Actor("agent", self.settings.agent)

    @property
    def author(self) -> outbox.Author:
        from storage import outbox

        return outbox.Author(self.settings.agent, self.settings.shop_address)

    def now_stamp(self) -> int:
        return int(self.settings.now().timestamp())

    # -- reading --------------------------------------------------------------

    async def is_empty(self) -> bool:
        return await inbox_is_empty(self.store)

    async def ids(self, query: str, limit: int | None = None) -> list[int]:
        """The view's conversations; a read, never a write."""
        return await queue.queue_ids(self.store, query, limit, self.settings.now())

    async def rows(self, ids: Sequence[int]) -> dict[int, queue.QueueRow]:
        return await queue.queue_rows(self.store, ids)

    async def views(self) -> list[tuple[str, str, int]]:
        found = await queue.saved_views(self.store)
        now = self.settings.now()
        return [(n, q, await queue.count_view(self.store, q, now)) for n, q in found]

    async def conversation(self, conversation_id: int) -> ConversationDetail:
        detail = await get_conversation(self.store, conversation_id)
        self.channels[conversation_id] = detail.summary.channel
        return detail

    async def context(
        self, detail: ConversationDetail, deadlines: list[tuple[str, str, str]]
    ) -> Context:
        from console.routine import routine_of
        from console.tui.context_pane import Context
        from storage.orders import orders_for_customer

        customer_id = detail.summary.customer_id
        routine = await routine_of(self.store, detail.summary.id)
        return Context(
            intent=routine.intents[-1] if routine.intents else None,
            routine=routine,
            customer=await get_customer(self.store, customer_id),
            past=await customer_conversations(self.store, customer_id),
            orders=await orders_for_customer(self.store, customer_id),
            replies=await list_replies(self.store),
            current_id=detail.summary.id,
            deadlines=deadlines,
            others=await count_customer_conversations(
                self.store, customer_id, detail.summary.id
            ),
        )

    @property
    def routine_ready(self) -> bool:
        """The model is in memory: suggestions can be ranked."""
        return self._routine is not None and self._routine.ready

    async def suggested(
        self, detail: ConversationDetail, intent: IntentRow | None
    ) -> tuple[tuple[str, str], ...]:
        """The three canned replies most likely to fit the newest customer
        message, once the model is ready (name, title)."""
        if self._routine is None or not self._routine.ready or intent is None:
            return ()
        return await self._routine.suggested(self.store, detail, intent)

    # -- the outbox ---------------------------------------------------------

    async def send_queued(self) -> tuple[int, int]:
        """Send what the outbox holds now: (sent, failed for good)."""
        report = await self.live.send_queued(self.store)
        return report.sent, report.failed

    async def store_changed(self) -> bool:
        """Whether another process wrote to the store since the last asking."""
        version = await self.store.data_version()
        changed, self._version = version != self._version, version
        return changed

    async def not_fetched(self) -> int:
        """Messages a channel gave up fetching (the server would not give them)."""
        from storage.sync_state import fetch_problems

        return len(await fetch_problems(self.store))

    async def queue_surveys(self) -> int:
        """Surveys now due join the outbox (when `[survey]` is on); how many."""
        s = self.settings
        if not (s.survey.enabled and s.survey_senders):
            return 0
        from storage.surveys import send_surveys

        queued = await send_surveys(
            self.store, s.survey, s.survey_senders, s.shop_name, now=self.now_stamp()
        )
        return len(queued)

    async def wake_snoozed(self) -> list[int]:
        """Snoozed conversations whose time has come are open again."""
        return await queue.wake_snoozed(self.store, self.now_stamp())

    async def failed_replies(self) -> int:
        from storage.outbox_state import outbox_counts

        return (await outbox_counts(self.store))["failed"]

    async def outbox_of(self, conversation_id: int) -> dict[int, tuple[str, str]]:
        from storage import outbox

        return await outbox.conversation_outbox(self.store, conversation_id)

    # -- service levels -------------------------------------------------------

    async def deadlines(self) -> DeadlineTable:
        """The nearest pending deadline of every conversation not closed."""
        from storage.sla.deadlines import open_deadlines

        sla = self.sla
        return await open_deadlines(
            self.store, self.settings.now(), sla.policies, sla.calendars
        )

    async def timers(self, conversation_id: int) -> list[Timer]:
        from storage.sla.one_conversation import conversation_timers

        sla = self.sla
        return await conversation_timers(
            self.store,
            conversation_id,
            self.settings.now(),
            sla.policies,
            sla.calendars,
        )

    async def deadline(
        self, conversation_id: int
    ) -> tuple[Deadline | None, list[tuple[str, str, str]]]:
        """One conversation's nearest deadline, and its pending timers as lines
        (none for a conversation merged into another: it is in no view)."""
        from console.tui.badges import timer_line
        from storage.sla.one_conversation import nearest

        try:
            timers = await self.timers(conversation_id)
        except NotFound:
            return None, []
        now, zone = self.settings.now(), self.settings.zone
        lines = [
            timer_line(t.metric, t.due_at, t.state, now, zone)
            for t in timers
            if t.pending
        ]
        return nearest(timers), lines

    # -- changing -------------------------------------------------------------

    async def set_language(
        self, conversation_id: int, language: str | None
    ) -> ConversationLanguage:
        """A person's choice, remembered for the customer (None: detect again)."""
        return await set_conversation_language(self.store, conversation_id, language)

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
            at=self.now_stamp(),
        )

    async def undo_status(self, conversation_id: int, event_id: int) -> None:
        await actions.undo_status(
            self.store, conversation_id, event_id, self.actor, at=self.now_stamp()
        )

    async def set_priority(self, conversation_id: int, priority: str) -> bool:
        return await actions.set_priority(
            self.store, conversation_id, priority, self.actor, at=self.now_stamp()
        )

    async def assign(self, conversation_id: int, person: str | None) -> bool:
        return await actions.assign(
            self.store, conversation_id, person, self.actor, at=self.now_stamp()
        )

    async def tag(self, conversation_id: int, tag: str, remove: bool = False) -> bool:
        return await actions.tag(
            self.store,
            conversation_id,
            tag,
            self.actor,
            remove=remove,
            at=self.now_stamp(),
        )

    async def merge(self, absorbed: int, into: int) -> None:
        await merge_conversations(
            self.store, absorbed, into, self.actor, at=self.now_stamp()
        )

    async def split(self, message_id: int) -> int:
        return await split_conversation(
            self.store, message_id, self.actor, at=self.now_stamp()
        )

    async def save_view(self, name: str, query_text: str) -> None:
        await queue.save_view(self.store, name, query_text)

    async def rename_view(self, name: str, new_name: str) -> None:
        await queue.rename_view(self.store, name, new_name)

    async def delete_view(self, name: str) -> None:
        await queue.delete_view(self.store, name)

    async def save_attachments(self, detail: ConversationDetail) -> Saved:
        """Every file the disk takes; one it refuses is noted, the rest saved."""
        from console.tui.attachments import Saved, attachments_folder, free_name, wanted

        folder = attachments_folder(detail.summary.id)
        saved = Saved()
        for filename, sha256 in wanted(detail):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                target = free_name(folder, filename)
                target.write_bytes(await attachment_bytes(self.store, sha256))
            except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
                reason = getattr(exc, "strerror", None) or str(exc)
                saved.failed.append((filename, reason))
                continue
            saved.paths.append(target)
        return saved

    def stamp(self, moment: datetime) -> int:
        return int(moment.astimezone(UTC).timestamp())

"""The main screen: queue, conversation and context, side by side.

The screen wires its widgets: it hands each key to the widget that handles it
(`actions.ACTIONS`), hears what they post (`QueueList.Selected`,
`Composer.Submitted`, `ConversationsChanged`) and sets what each must show.
What it reads from the store, it reads in workers.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from console.i18n import _
from console.tui.actions import OPENS_COMPOSER, bindings
from console.tui.automations import Automations
from console.tui.context_pane import ContextPane
from console.tui.conversation_pane import ConversationPane
from console.tui.conversation_view import ConversationView
from console.tui.inbox_data import Inbox
from console.tui.localized import translate_bindings
from console.tui.messages import (
    ConversationsChanged,
    InboxChanged,
    NotFetched,
    OutboxFailed,
    OutboxQueued,
    QueueShown,
    WorkFailed,
)
from console.tui.preload import Loaded, Preloader
from console.tui.queue_list import QueueList
from console.tui.queue_order import keep_long_lived
from console.tui.view_bar import ViewBar
from console.tui.welcome import Welcome
from storage.errors import StoreError
from storage.query import QueryError

if TYPE_CHECKING:
    from console.tui.composer import Composer
    from storage.outreach.drafts import OutreachDraft

NARROW, COMPACT = 120, 100
FIRST_PAGE = 60  # rows fetched before the whole view's ids: the first screen's worth


class InboxScreen(Screen[None]):
    BINDINGS = bindings()

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        translate_bindings(self)
        self.inbox = inbox
        self.open_id: int | None = None
        # The queue is painted first; its first conversation (its timers read
        # the calendars' holidays, a fifth of a second) once it is.
        self.painted = False
        self.acted = False  # a key was pressed: the cursor's conversation is kept
        self.last_action = 0.0
        self.changed: set[int] = set()  # conversations whose rows are read again
        self.preloaded = Preloader(inbox, self._prepare)
        self.automations = Automations(self, inbox)

    def compose(self) -> ComposeResult:
        yield ViewBar(self.inbox, id="status-line")
        yield Welcome(self.inbox.is_empty, list(self.inbox.settings.channels))
        with Horizontal(id="panes"):
            yield QueueList(self.inbox.rows, self.now, id="queue")
            yield ConversationPane(self.inbox, id="middle")
            yield ContextPane(self.inbox.settings.zone, id="context")
        # The footer's keys cost a third of the first frame: they come after it,
        # in a line kept for them so that nothing moves.
        yield Static(id="footer-room")  # blank (a bare Widget shows its name)

    def now(self) -> datetime:
        return self.inbox.settings.now()  # the settings' clock, frozen in tests

    @property
    def bar(self) -> ViewBar:
        return self.query_one(ViewBar)

    @property
    def queue(self) -> QueueList:
        return self.query_one(QueueList)

    @property
    def pane(self) -> ConversationPane:
        return self.query_one(ConversationPane)

    @property
    def view(self) -> ConversationView:
        return self.pane.view

    @property
    def composer(self) -> Composer:
        return self.pane.composer

    def on_mount(self) -> None:
        self.queue.focus()
        self.load_queue(first=True)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.width < COMPACT, "-compact")

    async def action_run(self, handler: str, name: str) -> None:
        """A key of `ACTIONS`, handed to the widget its row names."""
        targets: dict[str, Widget | Screen[None]] = {
            "queue": self.queue,
            "pane": self.pane,
            "view": self.view,
            "bar": self.bar,
            "screen": self,
        }
        if handler == "composer":  # made after the first screen: perhaps not yet
            targets["composer"] = await self.pane.composer_ready()
        self.acted = True
        self.last_action = time.monotonic()  # background work waits for a pause
        if handler == "composer" and name in OPENS_COMPOSER:
            # Room first: a field focused while hidden would lose the focus,
            # and the keys typed next would act instead of being written.
            self.add_class("-reading")
        if handler == "app":
            await self.app.run_action(name)
            return
        await targets[handler].run_action(name)
        if handler == "queue":
            # The queue also posts Selected; showing the conversation here puts
            # it in the cursor's frame (a message is handled a frame later).
            await self.show_conversation(self.queue.current)

    # -- the queue ------------------------------------------------------------

    @work(group="queue", exclusive=True, exit_on_error=False)
    async def load_queue(self, first: bool = False, top: bool = False) -> None:
        """The view's conversations: on the first screen a screenful first, then
        all of them; a new view starts at its top."""
        if first:
            head = await self.inbox.ids(self.bar.query_text, FIRST_PAGE)
            await self.queue.present(head, fresh=True)
            self.call_after_refresh(self.start_timers)
        ids = await self.inbox.ids(self.bar.query_text)
        await self.queue.present(ids, top=top, fresh=top)
        self.bar.show_count(len(ids))

    def start_timers(self) -> None:
        self.painted = True
        self.call_later(self._add_footer)
        if self.open_id is not None:
            self.open_conversation(self.open_id, shown=None)
        self.post_message(QueueShown())
        self.pane.build_composer()
        self.run_worker(
            self._load_deadlines(), group="deadlines", exclusive=True,
            exit_on_error=False,
        )  # fmt: skip
        self.automations.start()

    async def _add_footer(self) -> None:
        self.query_one("#footer-room").remove()
        await self.mount(Footer())
        self.refresh_bindings()  # a footer lists the keys once told they changed

    async def _load_deadlines(self) -> None:
        deadlines = await self.inbox.deadlines()
        # Once the person acts, their conversation stays under the cursor;
        # before, the most urgent one comes first.
        keep = self.queue.current if self.acted else None
        await self.queue.set_deadlines(deadlines, keep)
        keep_long_lived()

    @on(Welcome.Changed)
    def _welcome(self, event: Welcome.Changed) -> None:
        self.set_class(event.shown, "-welcome")
        if not event.shown:  # the first mail has come: the queue and its timers
            self.post_message(InboxChanged())

    @on(ConversationsChanged)
    def _conversations_changed(self, event: ConversationsChanged) -> None:
        first = event.ids[0]
        # Where the cursor goes is decided now, in the order the person saw.
        keep = self.queue.successor(first) if event.done else first
        if event.arrived:  # mail came by itself: the person stays where they are
            keep = self.queue.current
        self.preloaded.forget()
        self.changed.update(event.ids)
        self.refresh_after(event.ids[0], keep, event.done)
        if event.done:  # closed: a survey without delay (a chat's rating) goes now
            self.automations.queue_surveys()
        if self.focused is None:  # the composer was put away
            (self.queue if self.queue.display else self.view).focus()

    @work(group="queue", exclusive=True, exit_on_error=False)
    async def refresh_after(self, acted: int, keep: int | None, done: bool) -> None:
        """The changed rows' badges and places, right in the next frame (those
        of a change whose refresh a quicker next one cancelled, too)."""
        changed = list(self.changed)
        changes = {cid: (await self.inbox.deadline(cid))[0] for cid in changed}
        rows = await self.inbox.rows(changed)
        ids = await self.inbox.ids(self.bar.query_text)
        if done and keep is None and acted in ids:
            keep = acted  # nothing else in the view: it stays
        await self.queue.present(ids, keep=keep, rows=rows, changes=changes)
        self.changed.difference_update(changed)
        self.bar.show_count(len(ids))
        await self.show_conversation(self.queue.current, reread=True)

    @on(InboxChanged)
    def _inbox_changed(self) -> None:
        self.preloaded.forget()
        self.reload_all()

    @work(group="queue", exclusive=True, exit_on_error=False)
    async def reload_all(self) -> None:
        keep = self.queue.current
        if self.queue.deadlines_known:
            await self.queue.set_deadlines(await self.inbox.deadlines(), keep)
        ids = await self.inbox.ids(self.bar.query_text)
        await self.queue.present(ids, keep=keep, fresh=True)
        self.bar.show_count(len(ids))
        await self.show_conversation(self.queue.current, reread=True)

    @on(OutboxFailed)
    def _outbox_failed(self, event: OutboxFailed) -> None:
        self.bar.show_failed(event.count)

    @on(NotFetched)
    def _not_fetched(self, event: NotFetched) -> None:
        self.bar.show_not_fetched(event.count)

    @on(QueueList.Breached)
    def _breached(self, event: QueueList.Breached) -> None:
        self.app.bell()
        which = ", ".join(f"#{c}" for c in event.ids[:5])
        more = " …" if len(event.ids) > 5 else ""
        self.notify(
            _("Past its target now: {which}").format(which=which + more),
            severity="warning",
            timeout=10,
        )

    @on(ViewBar.Chosen)
    def _view_chosen(self) -> None:
        self.load_queue(top=True)

    # -- the conversation shown -----------------------------------------------

    @on(QueueList.Selected)
    async def _selected(self, event: QueueList.Selected) -> None:
        await self.show_conversation(event.conversation_id)

    async def show_conversation(self, cid: int | None, reread: bool = False) -> None:
        """At once when it was read ahead (then in the cursor's frame), else read;
        read again anyway, in case another process (a cron fetch) changed it."""
        if cid == self.open_id and not reread:
            return
        self.open_id = cid
        self.pane.conversation_id = cid
        loaded = None if reread else self.preloaded.get(cid)
        if loaded is not None:
            self.workers.cancel_group(self, "conversation")
            await self._show(loaded)
        if self.painted:
            self.open_conversation(cid, shown=loaded)

    @work(group="conversation", exclusive=True, exit_on_error=False)
    async def open_conversation(self, cid: int | None, shown: Loaded | None) -> None:
        if cid is None:
            await self._show(None)
            return
        generation = self.preloaded.generation
        loaded = await self.preloaded.fetch(cid)
        self.preloaded.keep(loaded, generation)
        if loaded != shown:
            await self._show(loaded)
        if cid in self.queue.ids:
            wanted = self.preloaded.wanted(self.queue.ids, self.queue.cursor)
            if wanted:
                self.run_worker(
                    self.preloaded.preload(wanted, generation), group="preload",
                    exclusive=True, exit_on_error=False,
                )  # fmt: skip

    def _prepare(self, loaded: Loaded) -> None:
        self.view.prepare(loaded.detail, loaded.outbox, loaded.context.routine)

    async def _show(self, loaded: Loaded | None) -> None:
        context = self.query_one(ContextPane)
        if loaded is None:
            await self.view.show(None)
            await context.show(None)
            return
        await self.view.show(loaded.detail, loaded.outbox, loaded.context.routine)
        await context.show(loaded.context)
        if loaded.context.intent is not None and self.inbox.routine_ready:
            self.run_worker(
                self._suggest(loaded), group="suggest", exclusive=True,
                exit_on_error=False,
            )  # fmt: skip
        self.queue.set_deadline(loaded.detail.summary.id, loaded.deadline)

    async def _suggest(self, loaded: Loaded) -> None:
        """Ranked once the conversation is on screen: never on a key's path."""
        found = await self.inbox.suggested(loaded.detail, loaded.context.intent)
        await self.query_one(ContextPane).suggest(loaded.detail.summary.id, found)

    @on(QueueList.Opened)
    def _opened(self) -> None:
        self.add_class("-reading")
        self.view.focus()

    def on_composer_opened(self) -> None:
        self.add_class("-reading")
        if self.focused is None:
            self.composer.area.focus()

    @on(OutboxQueued)
    def _outbox_queued(self) -> None:
        self.automations.send_now()

    # -- the screen's own actions ---------------------------------------------

    def action_back(self) -> None:
        focused = self.focused
        composer = self.pane.built
        if composer and composer.is_open and focused and composer in focused.ancestors:
            composer.leave()
            self.view.focus()
        elif self.has_class("-context") and self.has_class("-compact"):
            self.remove_class("-context")
        else:
            self.remove_class("-reading")
            self.queue.focus()

    def action_to_tell(self) -> None:
        from console.tui.outreach_screen import ToTellScreen

        inbox = self.inbox

        async def send(drafts: list[OutreachDraft]) -> int:
            told = await inbox.routine.tell(inbox.store, drafts)
            self.automations.send_now()
            self.post_message(InboxChanged())
            return told

        async def dismiss(drafts: list[OutreachDraft]) -> int:
            return await inbox.routine.dismiss(inbox.store, drafts)

        self.app.push_screen(
            ToTellScreen(lambda: inbox.routine.to_tell(inbox.store), send, dismiss)
        )

    def action_toggle_context(self) -> None:
        """The customer, orders and deadlines: beside the conversation when there
        is room (the key hides them), else instead of it (Esc comes back)."""
        if self.has_class("-narrow"):
            self.toggle_class("-context")
        else:
            self.toggle_class("-no-context")

    # -- errors ---------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report(event.worker.error)

    @on(WorkFailed)
    def _work_failed(self, event: WorkFailed) -> None:
        self.report(event.error)

    def report(self, error: BaseException | None) -> None:
        """Recoverable: a toast; the app goes on."""
        if isinstance(error, StoreError | QueryError | ValueError):
            self.notify(str(error), severity="error", timeout=8)
        else:
            self.notify(
                _("Something failed: {error}").format(error=repr(error)),
                severity="error",
                timeout=10,
            )

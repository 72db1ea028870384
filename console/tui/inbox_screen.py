"""The main screen: queue, conversation and context, side by side.

Loading happens in workers; actions live in the two mixins beside this module
(changes to a conversation, and writing to the customer).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Footer, Static, TextArea
from textual.worker import Worker, WorkerState

from console.text import one_line
from console.tui.actions import bindings
from console.tui.composer import Composer
from console.tui.context_pane import ContextPane
from console.tui.conversation_view import ConversationView
from console.tui.inbox_changes import ChangesMixin
from console.tui.inbox_data import Inbox
from console.tui.inbox_live import LiveMixin
from console.tui.inbox_preload import Loaded, PreloadMixin
from console.tui.inbox_writing import WritingMixin
from console.tui.queue_list import QueueList
from console.tui.welcome import Welcome
from storage.errors import StoreError
from storage.query import QueryError

NARROW, COMPACT = 120, 100
FIRST_PAGE = 60  # rows fetched before the whole view's ids: the first screen's worth


class InboxScreen(ChangesMixin, WritingMixin, PreloadMixin, LiveMixin):
    DEFAULT_CSS = """
    InboxScreen #status-line { height: 1; background: $primary-background; padding: 0 1; }
    InboxScreen #panes { height: 1fr; }
    InboxScreen #queue { width: 2fr; min-width: 30; border-right: solid $primary 30%; }
    InboxScreen #middle { width: 3fr; }
    InboxScreen #context { width: 2fr; min-width: 28; border-left: solid $primary 30%; }
    InboxScreen.-narrow #context { display: none; }
    InboxScreen.-compact #queue { width: 1fr; border-right: none; }
    InboxScreen.-compact #middle { display: none; }
    InboxScreen.-compact.-reading #queue { display: none; }
    InboxScreen.-compact.-reading #middle { display: block; width: 1fr; }
    InboxScreen.-welcome #panes { display: none; }
    """
    BINDINGS = bindings()

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox
        self.views: list[tuple[str, str]] = [
            ("Needs answer", "status:open is:unanswered")
        ]
        self.view_name, self.query_text = self.views[0]
        self.open_id: int | None = None
        self.preloaded = {}
        self.undo_stack = []

    def compose(self) -> ComposeResult:
        zone = self.inbox.settings.zone
        yield Static(id="status-line")
        yield Welcome(self.inbox.is_empty, list(self.inbox.settings.channels))
        with Horizontal(id="panes"):
            yield QueueList(self.inbox.rows, self.inbox.settings.now, id="queue")
            with Vertical(id="middle"):
                yield ConversationView(zone, id="conversation")
                yield Composer(id="composer")
            yield ContextPane(zone, id="context")
        yield Footer()

    @property
    def queue(self) -> QueueList:
        return self.query_one(QueueList)

    @property
    def view(self) -> ConversationView:
        return self.query_one(ConversationView)

    @property
    def composer(self) -> Composer:
        return self.query_one(Composer)

    def on_mount(self) -> None:
        self.queue.focus()
        self.load_queue()
        self.start_live()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.width < COMPACT, "-compact")

    # -- loading --------------------------------------------------------------

    @work(group="queue", exclusive=True, exit_on_error=False)
    async def load_queue(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.queue.current
        first = not self.queue.ids
        if first:  # the screenful first, then the whole view
            head = await self.inbox.ids(self.query_text, FIRST_PAGE)
            self.queue.show_ids(head, keep)
            self.queue.refresh_rows(await self.inbox.rows(head))
            self.call_after_refresh(self.start_timers)
        ids = await self.inbox.ids(self.query_text)
        self.queue.show_ids(ids, keep=keep, fresh_rows=not first)
        await self.apply_order()
        self.show_status(len(ids))

    def show_status(self, count: int) -> None:
        line = Text(f" {self.inbox.settings.shop_name} ", "bold")
        line.append(f" {self.view_name} ({count})")
        if self.query_text and (self.view_name, self.query_text) not in self.views:
            line.append("  " + one_line(self.query_text, 60), "italic")
        if self.failed_count:
            line.append(f"  ✗ {self.failed_count} unsent", "bold red")
        line.append("   ? help · / search · v views", "dim")
        self.query_one("#status-line", Static).update(line)

    @on(Welcome.Changed)
    def _welcome(self, event: Welcome.Changed) -> None:
        self.set_class(event.shown, "-welcome")
        if not event.shown:  # the first mail has come: the queue and its timers
            self.reload()
            self.run_worker(
                self._load_deadlines(), group="deadlines", exit_on_error=False
            )

    @on(QueueList.Highlighted)
    async def _highlighted(self) -> None:
        await self.follow_cursor()

    async def follow_cursor(self) -> None:
        """Show the conversation under the cursor: at once when preloaded (called
        from the key's action, it then shares the cursor's frame), else loaded."""
        conversation_id = self.queue.current
        if conversation_id == self.open_id:
            return
        self.open_id = conversation_id
        loaded = (
            None if conversation_id is None else self.preloaded.get(conversation_id)
        )
        if loaded is None:
            self.open_conversation(conversation_id)
            return
        # Shown before the cursor's frame is painted: one frame for both. Then
        # read again, in case another process (a cron fetch) changed it since.
        self.workers.cancel_group(self, "conversation")
        await self.show_loaded(loaded)
        self.open_conversation(conversation_id, shown=loaded)

    def load_conversation(self, conversation_id: int | None) -> None:
        """After a change to the store: load it afresh, forget what was preloaded."""
        self.forget_loaded()
        self.open_conversation(conversation_id)

    @work(group="conversation", exclusive=True, exit_on_error=False)
    async def open_conversation(
        self, conversation_id: int | None, shown: Loaded | None = None
    ) -> None:
        if conversation_id is None:
            await self.show_loaded(None)
            return
        generation = self.generation
        loaded = await self.fetch_loaded(conversation_id)
        if generation == self.generation:
            self.preloaded[conversation_id] = loaded
        if loaded != shown:
            await self.show_loaded(loaded)
        self.preload_around(conversation_id)

    def reload(self) -> None:
        """After a change: the open conversation and the queue, cursor kept."""
        self.load_conversation(self.open_id)
        self.load_queue(keep=self.open_id)

    # -- errors ---------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report(event.worker.error)

    def report(self, error: BaseException | None) -> None:
        """Recoverable: a toast; the app goes on."""
        if isinstance(error, StoreError | QueryError | ValueError):
            self.notify(str(error), severity="error", timeout=8)
        else:
            self.notify(f"Something failed: {error!r}", severity="error", timeout=10)

    def perform(
        self, change: Callable[[], Awaitable[Any]], done: str = "", refresh: bool = True
    ) -> None:
        """Run a change to the store in a worker; say so and reload when it is done."""

        async def task() -> None:
            await change()
            if done:
                self.notify(done, timeout=4)
            if refresh:
                self.reload()

        self.run_worker(task(), group="change", exit_on_error=False)

    # -- moving ---------------------------------------------------------------

    async def action_cursor_down(self) -> None:
        self.queue.move(1)
        await self.follow_cursor()

    async def action_cursor_up(self) -> None:
        self.queue.move(-1)
        await self.follow_cursor()

    async def action_cursor_first(self) -> None:
        self.queue.move_to(0)
        await self.follow_cursor()

    async def action_cursor_last(self) -> None:
        self.queue.move_to(len(self.queue.ids) - 1)
        await self.follow_cursor()

    def action_open(self) -> None:
        if self.open_id is not None:
            self.add_class("-reading")
            self.view.focus()

    def action_back(self) -> None:
        if self.composer.is_open and self.focused is self.composer.area:
            self.leave_composer()
            return
        self.remove_class("-reading")
        self.queue.focus()

    async def action_toggle_quotes(self) -> None:
        self.view.show_quotes = not self.view.show_quotes
        await self.view.redraw()

    async def action_toggle_why(self) -> None:
        self.view.show_why = not self.view.show_why
        await self.view.redraw()

    def action_save_attachments(self) -> None:
        detail = self.view.detail
        if detail is None:
            return

        async def save() -> None:
            saved = await self.inbox.save_attachments(detail)
            if not saved:
                self.notify("This conversation has no attachments.")
                return
            self.notify(f"Saved {len(saved)} files in {saved[0].parent} · o opens it")

        self.run_worker(save(), group="attachments", exit_on_error=False)

    def action_open_attachments(self) -> None:
        from console.tui.attachments import attachments_folder, open_with_system

        if self.open_id is not None:
            folder = attachments_folder(self.open_id)
            if not folder.is_dir():
                self.notify("Save the attachments first (A).")
                return
            self.notify(open_with_system(folder))

    def action_reports(self) -> None:
        from console.tui.reports_screen import ReportsScreen

        inbox, settings = self.inbox, self.inbox.settings
        self.app.push_screen(
            ReportsScreen(inbox.store, inbox.sla, settings.zone, settings.now())
        )

    def action_help(self) -> None:
        from console.tui.help_screen import HelpScreen

        self.app.push_screen(HelpScreen())

    @on(TextArea.Changed, "#composer-text")
    def _draft_changed(self) -> None:
        self.schedule_draft_save()

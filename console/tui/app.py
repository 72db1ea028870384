"""The comptoir console: `comptoir` opens it on the inbox, `comptoir demo` on the demo."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from console.i18n import N_, _
from console.tui.actions import ACTIONS, key_label
from console.tui.inbox_data import Inbox, Settings
from console.tui.inbox_screen import InboxScreen
from console.tui.messages import QueueShown
from console.tui.modals import NoticeModal
from console.tui.type_ahead import PATIENCE, STARTING, TypeAhead


class ComptoirApp(App[None]):
    TITLE = "comptoir"
    # Absolute: a relative path would be read beside a subclass's module.
    CSS_PATH = Path(__file__).with_name("app.tcss")
    BINDINGS = [Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, settings: Settings, notices: Sequence[str] = ()) -> None:
        super().__init__()
        self.inbox = Inbox(settings)
        self.notices = tuple(
            notices
        )  # said once the inbox shows (the demo's chat page)
        self.type_ahead = TypeAhead(self.post_message, self.call_after_refresh)

    async def on_event(self, event: events.Event) -> None:
        """Keys typed while a field opens wait for it (console/tui/type_ahead.py)."""
        if isinstance(event, events.Key) and self.type_ahead.before_queue(event):
            return
        if (
            not isinstance(event, events.Key)
            or event.is_forwarded
            or self.type_ahead.is_given_back(event)
        ):
            await super().on_event(event)
        elif self.type_ahead.holding:
            self.type_ahead.hold(event)
        else:
            await super().on_event(event)
            on_inbox = isinstance(self.screen, InboxScreen)
            if self.type_ahead.after(event, self.focused, on_inbox):
                self.set_timer(PATIENCE, self.type_ahead.expire)

    def on_descendant_focus(self) -> None:
        self.type_ahead.focus_moved(self.focused)

    async def on_mount(self) -> None:
        self.set_timer(STARTING, self.type_ahead.queue_ready)
        try:
            await self.inbox.open()
        except Exception as error:  # a blocking problem: say it, then leave cleanly
            message = getattr(error, "message", None) or str(error)
            self.type_ahead.queue_ready()
            self.push_screen(
                NoticeModal(
                    _("The inbox cannot be opened"),
                    [message, str(self.inbox.settings.db_path)],
                ),
                lambda _: self.exit(return_code=1),
            )
            return
        self.push_screen(InboxScreen(self.inbox))
        for line in self.notices:
            self.notify(line, title="comptoir", timeout=30)
        self.run_worker(self._warn_broken_plugins(), group="plugins")

    @on(QueueShown)
    def _queue_shown(self) -> None:
        self.type_ahead.queue_ready()
        if self.inbox.settings.config_path is not None:
            self.run_worker(self._check_config(), group="config", exit_on_error=False)

    async def _check_config(self) -> None:
        """The check left out to open quicker (holiday countries): a mistake
        there stops the app as any config mistake stops it, exit 2."""
        from console.config import load_config
        from plugins.api import ConfigurationError

        try:
            await asyncio.to_thread(load_config, self.inbox.settings.config_path)
        except ConfigurationError as exc:
            where = f"{exc.title}: " if exc.title else ""
            self.push_screen(
                NoticeModal(_("The config has a mistake"), [where + exc.message]),
                lambda _: self.exit(return_code=2),
            )

    async def _warn_broken_plugins(self) -> None:
        """An installed channel that cannot be loaded is one line, never fatal."""
        from plugins.registry import CHANNELS, load_all

        _loaded, broken = await asyncio.to_thread(load_all, CHANNELS)
        for plugin in broken:
            self.notify(str(plugin), title=_("Plugin"), severity="warning", timeout=12)

    def action_reports(self) -> None:
        from console.tui.reports_screen import ReportsScreen

        inbox, settings = self.inbox, self.inbox.settings

        def bar_chosen(query: str | None) -> None:  # a chart's bar: its conversations
            if query and isinstance(self.screen, InboxScreen):
                self.screen.bar.choose("Report", query)

        self.push_screen(
            ReportsScreen(inbox.store, inbox.sla, settings.zone, settings.now()),
            bar_chosen,
        )

    def action_help(self) -> None:
        from console.tui.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    async def on_unmount(self) -> None:
        await self.inbox.close()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) lists every action of the inbox by name."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, InboxScreen):
            return
        for action in ACTIONS:
            yield SystemCommand(
                f"{_(action.title)} ({key_label(action.keys)})",
                _(action.help),
                partial(screen.action_run, action.handler, action.action),
            )

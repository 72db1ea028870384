"""The line above the panes: the shop, the view shown and how many it holds,
what failed to send; and choosing the view (search `/`, saved views `v`,
saving the search as a view `V`). A chosen view is posted as `Chosen`."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker

from console.i18n import N_, _, ngettext
from console.text import one_line
from console.tui.inbox_data import Inbox
from console.tui.messages import failure
from console.tui.modals import AskModal
from console.words import view_name
from storage.query import QueryError, parse_query

DEFAULT_VIEW = (N_("Needs answer"), "status:open is:unanswered")
SEARCH = N_("Search")
SEARCH_HINT = N_(
    "words, from: subject: tag: status: channel: order: before: after: is:"
)


class ViewBar(Static):
    DEFAULT_CSS = """
    ViewBar { height: 1; background: $primary-background; padding: 0 1; }
    """

    class Chosen(Message):
        """Another view (or search) to show, from its top."""

    def __init__(self, inbox: Inbox, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.inbox = inbox
        self.name_shown, self.query_text = DEFAULT_VIEW
        self.saved: set[tuple[str, str]] = {DEFAULT_VIEW}  # named, not a search
        self.count = self.failed = self.not_fetched = 0

    def show_count(self, count: int) -> None:
        self.count = count
        self._draw()

    def show_failed(self, failed: int) -> None:
        self.failed = failed
        self._draw()

    def show_not_fetched(self, count: int) -> None:
        self.not_fetched = count
        self._draw()

    def _draw(self) -> None:
        line = Text(f" {self.inbox.settings.shop_name} ", "bold")
        line.append(f" {view_name(self.name_shown)} ({self.count})")
        if self.query_text and (self.name_shown, self.query_text) not in self.saved:
            line.append("  " + one_line(self.query_text, 60), "italic")
        if self.failed:
            unsent = ngettext("{count} unsent", "{count} unsent", self.failed)
            line.append("  ✗ " + unsent.format(count=self.failed), "bold red")
        if self.not_fetched:
            said = _("{count} not fetched").format(count=self.not_fetched)
            line.append(f"  ⚠ {said}", "bold yellow")
        line.append(_("   ? help · / search · v views"), "dim")
        self.update(line)

    def choose(self, name: str, query: str) -> None:
        self.name_shown, self.query_text = name, query
        self.post_message(self.Chosen())

    def action_search(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                parse_query(text)
            except QueryError as error:
                self.notify(str(error), severity="error")
                return
            self.choose(*((SEARCH, text) if text else DEFAULT_VIEW))

        ask = AskModal(_(SEARCH), _(SEARCH_HINT), self.query_text)
        self.app.push_screen(ask, chosen)

    def action_views(self) -> None:
        from console.tui.views_screen import ViewsScreen

        async def show() -> None:
            counted = await self.inbox.views()
            self.saved |= {(name, query) for name, query, _ in counted}

            def chosen(view: tuple[str, str] | None) -> None:
                if view is not None:
                    self.choose(*view)

            self.app.push_screen(ViewsScreen(self.inbox, counted), chosen)

        self.run_worker(show(), group="views", exit_on_error=False)

    def action_save_view(self) -> None:
        query = self.query_text

        async def save(name: str) -> None:
            await self.inbox.save_view(name, query)
            self.saved.add((name, query))
            self.name_shown = name  # the header names the view it now is
            self._draw()
            self.notify(_("View {name} saved").format(name=repr(name)))

        def chosen(name: str | None) -> None:
            if name and name.strip():
                self.run_worker(save(name.strip()), exit_on_error=False)

        ask = AskModal(_("Save this search as a view named"), query)
        self.app.push_screen(ask, chosen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if failed := failure(event):
            self.post_message(failed)

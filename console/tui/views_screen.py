"""`v`: the saved views, each with how many conversations it holds now; the
shop's own can be renamed (r) and deleted (d)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.i18n import N_, _
from console.tui.inbox_data import Inbox
from console.tui.localized import translate_bindings
from console.tui.modals import AskModal, ChoiceModal
from console.words import view_name
from storage.errors import StoreError
from storage.queue import BUILT_IN_VIEWS

View = tuple[str, str, int]  # name, query, count


class ViewsScreen(ModalScreen[tuple[str, str] | None]):
    DEFAULT_CSS = """
    ViewsScreen { align: center middle; }
    ViewsScreen > Vertical {
        width: 64; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ViewsScreen .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("r,f2", "rename", N_("Rename")),
        Binding("d,delete", "delete", N_("Delete")),
    ]

    def __init__(self, inbox: Inbox, views: Sequence[View]) -> None:
        super().__init__()
        translate_bindings(self)
        self.inbox, self.views = inbox, list(views)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Views"), "bold"))
            yield OptionList()
            yield Static(
                Text(_("Enter shows it · r renames · d deletes (your own views)")),
                classes="hint",
            )

    def on_mount(self) -> None:
        self._fill(0)

    def _fill(self, highlighted: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Text.assemble(
                    (f"{count:>7}  ", "bold"), view_name(name), (f"  {query}", "dim")
                )
            )
            for name, query, count in self.views
        )
        options.highlighted = min(highlighted, len(self.views) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name, query, _ = self.views[event.option_index]
        self.dismiss((name, query))

    def _own(self) -> int | None:
        """The highlighted view, when it is one of the shop's own."""
        index = self.query_one(OptionList).highlighted
        if index is None:
            return None
        if self.views[index][0] in dict(BUILT_IN_VIEWS):
            self.notify(_("Built-in views cannot be renamed or deleted."))
            return None
        return index

    def action_rename(self) -> None:
        index = self._own()
        if index is None:
            return
        name, query, count = self.views[index]

        async def rename(new_name: str) -> None:
            try:
                await self.inbox.rename_view(name, new_name)
            except StoreError as error:
                self.notify(str(error), severity="error")
                return
            self.views[index] = (new_name, query, count)
            self._fill(index)

        def chosen(text: str | None) -> None:
            if text and text.strip() and text.strip() != name:
                self.run_worker(rename(text.strip()), exit_on_error=False)

        title = _("Rename the view {name}").format(name=repr(name))
        self.app.push_screen(AskModal(title, "", name), chosen)

    def action_delete(self) -> None:
        index = self._own()
        if index is None:
            return
        name = self.views[index][0]

        async def delete() -> None:
            await self.inbox.delete_view(name)
            del self.views[index]
            self._fill(index)
            self.notify(_("View {name} deleted.").format(name=repr(name)))

        def chosen(answer: str | None) -> None:
            if answer == "delete":
                self.run_worker(delete(), exit_on_error=False)

        choices = [("delete", _("Delete it")), ("keep", _("Keep it"))]
        title = _("Delete the view {name}?").format(name=repr(name))
        self.app.push_screen(ChoiceModal(title, choices), chosen)

"""`?`: every action and its keys, grouped, made from the one action table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from console.i18n import N_, _
from console.tui.actions import ACTIONS, key_label
from console.tui.localized import translate_bindings


def help_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    group = ""
    for action in ACTIONS:
        if action.group != group:
            group = action.group
            table.add_row(Text(_(group), "reverse"), "")
        table.add_row(key_label(action.keys), _(action.help))
    table.add_row(Text(_("Palette"), "reverse"), "")
    table.add_row("ctrl+p", _("Every action by name"))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss(None)", N_("Close")),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(_("comptoir — keys  (Esc closes)"), "bold"))
            yield Static(help_table(), id="help-table")

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one(VerticalScroll)
        scroller.scroll_relative(y=1 if direction == "down" else -1, animate=False)

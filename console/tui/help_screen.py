"""`?`: every action and its keys, grouped, made from the one action table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from console.tui.actions import ACTIONS, key_label


def help_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    group = ""
    for action in ACTIONS:
        if action.group != group:
            group = action.group
            table.add_row(Text(group, "reverse"), "")
        table.add_row(key_label(action.keys), action.help)
    table.add_row(Text("Palette", "reverse"), "")
    table.add_row("ctrl+p", "Every action by name")
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
        Binding("escape,q,question_mark", "dismiss(None)", "Close"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("comptoir — keys  (Esc closes)", "bold"))
            yield Static(help_table(), id="help-table")

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one(VerticalScroll)
        scroller.scroll_relative(y=1 if direction == "down" else -1, animate=False)

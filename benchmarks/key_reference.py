"""The floor of key → screen: a plain Textual app of the console's shape.

A status line, three panes (a list drawn line by line, two rows to a
conversation, as the queue is; a conversation's text; a customer's details)
and a footer, at the same size. `j` moves the list's cursor (its two rows
repainted, the list scrolled by a row at its foot) and puts new text in the
two other panes: what any Textual program pays to show the next conversation,
with nothing of comptoir in it. `console_speed.py` times its keys as it times
the console's.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Static

ROWS = 1_000
ROW_HEIGHT = 2
CURSOR = Style(bgcolor="blue", bold=True)
BODY = (
    "Hello, I ordered a teapot {n} days ago and the tracking page still says the "
    "parcel is waiting at the depot. Could you tell me when it will arrive? "
    "I need it for a present on Saturday. Thanks, Léa\n\n"
)


class Rows(ScrollView, can_focus=True):
    DEFAULT_CSS = "Rows { scrollbar-size-vertical: 0; }"
    BINDINGS: ClassVar[list[Binding]] = [Binding("j", "down", "Down")]

    def __init__(self) -> None:
        super().__init__(id="rows")
        self.cursor = 0

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, ROWS * ROW_HEIGHT)

    def action_down(self) -> None:
        old, self.cursor = self.cursor, min(ROWS - 1, self.cursor + 1)
        bottom = (self.cursor + 1) * ROW_HEIGHT
        if bottom > self.scroll_y + self.size.height:
            self.scroll_to(y=bottom - self.size.height, animate=False, immediate=True)
        for index in (old, self.cursor):
            for part in range(ROW_HEIGHT):
                self.refresh_line(index * ROW_HEIGHT + part - int(self.scroll_y))
        app = self.app
        assert isinstance(app, KeyReference)
        app.show(self.cursor)

    def render_line(self, y: int) -> Strip:
        index, part = divmod(int(self.scroll_y) + y, ROW_HEIGHT)
        width = self.size.width
        if index >= ROWS:
            return Strip.blank(width)
        if part == 0:
            text = f" ●  Customer {index} [order_status] #livraison   -{index % 9}d2h"
        else:
            text = (
                f"    Where is my order #{1000 + index}? — Hello, I ordered…  EN email"
            )
        style = CURSOR if index == self.cursor else Style()
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)


class KeyReference(App[None]):
    CSS = """
    #panes { height: 1fr; }
    #rows { width: 2fr; border-right: solid $primary 30%; }
    #middle { width: 3fr; padding: 0 1; }
    #context { width: 2fr; padding: 0 1; border-left: solid $primary 30%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("  La Théière Bleue  Needs answer (1,000)", id="status-line")
        with Horizontal(id="panes"):
            yield Rows()
            with VerticalScroll(id="middle"):
                yield Static(id="conversation")
            with VerticalScroll(id="context"):
                yield Static(id="customer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Rows).focus()
        self.show(0)

    def show(self, index: int) -> None:
        """The conversation under the cursor, and its customer."""
        subject = f"Where is my order #{1000 + index}?"
        messages = "".join(BODY.format(n=index % 9 + day) for day in range(3))
        self.query_one("#conversation", Static).update(
            f"[b]{subject}[/b]\nFrom: Customer {index} <c{index}@example.fr>\n\n"
            + messages
        )
        self.query_one("#customer", Static).update(
            f"[b]Customer[/b]\nCustomer {index}\nc{index}@example.fr\n\n"
            f"[b]Orders (2)[/b]\n#{1000 + index} · 42.00 € · shipped\n"
            f"#{900 + index} · 18.50 € · delivered\n\n[b]Canned replies[/b]\n"
            "where-is-my-order\nrefund\nthanks"
        )

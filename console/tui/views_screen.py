"""`v`: the saved views, each with how many conversations it holds now."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ViewsScreen(ModalScreen[int | None]):
    DEFAULT_CSS = """
    ViewsScreen { align: center middle; }
    ViewsScreen > Vertical {
        width: 60; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, views: Sequence[tuple[str, str, int]]) -> None:
        super().__init__()
        self.views = list(views)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Views", "bold"))
            yield OptionList(
                *(
                    Option(
                        Text.assemble(
                            (f"{count:>7}  ", "bold"), name, (f"  {query}", "dim")
                        )
                    )
                    for name, query, count in self.views
                )
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

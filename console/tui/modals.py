"""Small modal screens: ask for a line, choose one of several, read a message."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from console.i18n import N_, _
from console.tui.localized import translate_bindings

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 95%; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} .hint {{ color: $text-muted; }}
"""


class AskModal(ModalScreen[str | None]):
    """One line of input; Enter answers, Escape cancels."""

    DEFAULT_CSS = _CSS.format(name="AskModal")
    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(self, title: str, hint: str = "", value: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text, self.hint, self.value = title, hint, value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, "bold"))
            yield Input(value=self.value, id="ask")
            if self.hint:
                yield Static(Text(self.hint), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class ChoiceModal(ModalScreen[str | None]):
    """Pick one of a few values with the arrows or its first letter. The current
    value is highlighted; with none, nothing is, so Enter alone picks nothing."""

    DEFAULT_CSS = _CSS.format(name="ChoiceModal")
    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        current: str | None = None,
        hint: str = "",
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text, self.choices, self.current = title, list(choices), current
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, "bold"))
            yield OptionList(
                *(Option(Text(label), id=value) for value, label in self.choices)
            )
            if self.hint:
                yield Static(Text(self.hint), classes="hint")

    def on_mount(self) -> None:
        values = [value for value, _ in self.choices]
        options = self.query_one(OptionList)
        options.highlighted = (
            values.index(self.current) if self.current in values else None
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event: Key) -> None:
        character = event.character or ""
        for value, label in self.choices:
            if character and label.lower().startswith(character.lower()):
                event.stop()  # the letter chose: it does nothing else
                event.prevent_default()
                self.dismiss(value)
                return


class NoticeModal(ModalScreen[None]):
    """Something that stops the work: said plainly, dismissed with Enter or Escape."""

    DEFAULT_CSS = _CSS.format(name="NoticeModal")
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Close")),
        Binding("enter", "dismiss(None)", N_("Close")),
    ]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text, self.lines = title, list(lines)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, "bold"))
            for line in self.lines:
                yield Static(Text("• " + line))
            yield Static(Text(_("Enter or Esc to close")), classes="hint")

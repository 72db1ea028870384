"""The path prompt that attaches a file to a reply: completed as typed (→ or
Tab takes the completion; the matches are listed under it), Enter attaches,
Escape goes back."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from console.attach_files import complete_path
from console.i18n import N_, _
from console.tui.localized import translate_bindings

SHOWN = 8  # matches listed under the prompt


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        found = complete_path(value, 1)
        return found[0] if found else None


class AttachPrompt(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    AttachPrompt { align: center middle; }
    AttachPrompt > Vertical {
        width: 80; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    AttachPrompt .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("tab", "complete", N_("Complete"), priority=True),
    ]

    def __init__(self, start: str = "~/", hint: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self.start, self.hint = start, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Attach a file"), "bold"))
            if self.hint:
                yield Static(Text(self.hint))
            yield Input(value=self.start, suggester=PathSuggester(), id="attach-path")
            yield Static(id="attach-matches", classes="hint")
            yield Static(
                Text(_("Tab or → completes · Enter attaches · Esc goes back")),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.show_matches(self.start)

    @on(Input.Changed, "#attach-path")
    def _typed(self, event: Input.Changed) -> None:
        self.show_matches(event.value)

    def show_matches(self, typed: str) -> None:
        found = complete_path(typed, SHOWN + 1)
        lines = [
            Path(f.rstrip("/")).name + ("/" if f.endswith("/") else "") for f in found
        ]
        if len(lines) > SHOWN:
            lines[SHOWN:] = ["…"]
        for shown in self.query("#attach-matches").results(Static):  # once mounted
            shown.update(Text("  ".join(lines)))

    def action_complete(self) -> None:
        field = self.query_one("#attach-path", Input)
        found = complete_path(field.value, 50)
        if not found:
            return
        common = _common_prefix(found)
        if len(common) > len(field.value):
            field.value = common
            field.cursor_position = len(common)

    @on(Input.Submitted, "#attach-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(Path(event.value.strip()).expanduser())


def _common_prefix(paths: list[str]) -> str:
    first, last = min(paths), max(paths)
    size = next(
        (i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
        min(len(first), len(last)),
    )
    return first[:size]

"""The composer under the conversation: a reply or an internal note."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

Mode = Literal["reply", "note"]
_LABELS = {
    "reply": "Reply to the customer · ctrl+s sends · ctrl+t inserts a canned reply · esc leaves",
    "note": "Internal note, never sent · ctrl+s saves · esc leaves",
}


class Composer(Vertical):
    DEFAULT_CSS = """
    Composer { height: auto; max-height: 50%; display: none; }
    Composer.-open { display: block; }
    Composer > #composer-label { color: $text-muted; }
    Composer.-note > #composer-label { color: $warning; }
    Composer > TextArea { height: auto; min-height: 5; max-height: 16; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: Mode = "reply"
        self.conversation_id: int | None = None
        # The customer's identity the reply goes to, when chosen (ctrl+o);
        # None: where they last wrote in the conversation.
        self.via: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(_LABELS["reply"], id="composer-label")
        yield TextArea(id="composer-text", soft_wrap=True, show_line_numbers=False)

    @property
    def area(self) -> TextArea:
        return self.query_one(TextArea)

    def open(self, conversation_id: int, mode: Mode, text: str = "") -> None:
        changed = (conversation_id, mode) != (self.conversation_id, self.mode)
        if conversation_id != self.conversation_id:
            self.via = None
        self.conversation_id, self.mode = conversation_id, mode
        self.set_class(mode == "note", "-note")
        self.query_one("#composer-label", Static).update(_LABELS[mode])
        if changed or not self.area.text:
            self.area.load_text(text)
        self.add_class("-open")
        self.area.focus()
        self.area.move_cursor(self.area.document.end)

    def address(self, via: tuple[str, str] | None, where: str) -> None:
        """The reply goes to `where` (`via`: chosen, not where they last wrote)."""
        self.via = via
        label = f"Reply to {where} · ctrl+o another address · ctrl+s sends · esc leaves"
        self.query_one("#composer-label", Static).update(label)

    def close(self) -> None:
        self.remove_class("-open")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def insert(self, text: str) -> None:
        self.area.insert(text)

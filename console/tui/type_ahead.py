"""Keys typed ahead of a field that is opening are kept for that field.

A key such as `r` or `/` opens a text field, but Textual gives the field the
focus a few messages later: keys the terminal delivered in the same burst (a
fast typist, a paste, tmux) would reach the queue first and run as commands
(`c` closed a conversation). From such a key on, the app holds the keys that
follow, and gives them back, in order, once the focus has moved (to the reply,
the search, the modal) or after `PATIENCE` seconds if nothing opened.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

from console.tui.actions import ACTIONS

# The actions after which the next keys belong to a field or a modal (those
# of the composer alone, ctrl+o, f7, are typed with the focus in a field).
OPENS_A_FIELD = frozenset({
    "reply", "reply_all", "forward", "note", "insert_reply", "snooze", "tag",
    "priority", "assign", "correct_intent", "language", "merge", "search",
    "views", "to_tell", "reports", "help",
})  # fmt: skip
PATIENCE = 3.0  # seconds; then the held keys act as they would have


def _opening_keys() -> frozenset[str]:
    return frozenset(
        key.strip()
        for action in ACTIONS
        if action.action in OPENS_A_FIELD
        for key in action.keys.split(",")
    )


def writes_text(widget: Widget | None) -> bool:
    return isinstance(widget, (Input, TextArea))


class TypeAhead:
    """What the app holds, and since when; `replay` posts keys back to it."""

    def __init__(self, replay: Callable[[events.Key], None]) -> None:
        self._replay = replay
        self._opening = _opening_keys()
        self._held: list[events.Key] = []
        self._since: float | None = None
        self._focus_then: Widget | None = None

    @property
    def holding(self) -> bool:
        return self._since is not None

    def hold(self, key: events.Key) -> None:
        self._held.append(events.Key(key.key, key.character))

    def after(self, key: events.Key, focused: Widget | None, on_inbox: bool) -> bool:
        """`key` was handed on: hold what follows if it opens a field."""
        if on_inbox and not writes_text(focused) and key.key in self._opening:
            self._since, self._focus_then = time.monotonic(), focused
            return True
        return False

    def expire(self) -> None:
        """Called `PATIENCE` after a hold began: ends it if it is that one."""
        if self._since is not None and time.monotonic() - self._since >= PATIENCE:
            self.release()

    def focus_moved(self, focused: Widget | None) -> None:
        if self._since is not None and focused is not self._focus_then:
            self.release()

    def release(self) -> None:
        held, self._held, self._since = self._held, [], None
        for key in held:
            self._replay(key)

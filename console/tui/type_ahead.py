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

from console.tui.actions import ACTIONS, OPENS_A_MODAL, OPENS_COMPOSER

PATIENCE = 3.0  # seconds; then the held keys act as they would have
STARTING = 10.0  # seconds at most that keys typed at start-up wait for the queue
QUIT_NOW = frozenset({"ctrl+q", "ctrl+c"})  # never held


def _opening_keys() -> frozenset[str]:
    return frozenset(
        key.strip()
        for action in ACTIONS
        if action.action in OPENS_COMPOSER | OPENS_A_MODAL
        for key in action.keys.split(",")
    )


def writes_text(widget: Widget | None) -> bool:
    # Here, not above: the text area's module waits for the composer.
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea))


class TypeAhead:
    """What the app holds, and since when. `post` hands a key back to the app;
    `later` runs a function once the screen has caught up (the field handles
    its own focus first: an Input selects its text, and keys typed replace it).
    Keys that arrive until then are held too, so that none overtakes another."""

    def __init__(
        self,
        post: Callable[[events.Key], object],
        later: Callable[[Callable[[], None]], object],
    ) -> None:
        self._post, self._later = post, later
        self._opening = _opening_keys()
        self._held: list[events.Key] = []
        self._since: float | None = None
        self._focus_then: Widget | None = None
        self._screen_then: Widget | None = None
        self._releasing = False
        self._given_back: set[int] = set()  # ids of the keys on their way back
        self._early: list[events.Key] | None = []  # typed before the queue showed

    def before_queue(self, key: events.Key) -> bool:
        """Keys typed before the queue is on screen (`j j Enter` as the program
        starts) wait for it: True when `key` is kept so."""
        if self._early is None or key.key in QUIT_NOW:
            return False
        # Typed before the terminal was raw, Enter reached us as a newline.
        name = "enter" if key.key == "ctrl+j" else key.key
        self._early.append(events.Key(name, "\r" if name == "enter" else key.character))
        return True

    def queue_ready(self) -> None:
        """The queue is on screen, or something else took the screen: the keys
        typed before act now, in order, as if just typed (one that opens a
        field holds those after it, see `after`)."""
        early, self._early = self._early or [], None
        for key in early:
            self._post(key)

    @property
    def holding(self) -> bool:
        return self._since is not None or bool(self._given_back)

    def is_given_back(self, key: events.Key) -> bool:
        """`key` is one of ours, back in the queue: it goes on. Keys typed while
        ours were on their way were held, and follow them."""
        if id(key) not in self._given_back:
            return False
        self._given_back.discard(id(key))
        if not self._given_back and self._since is None:
            self._give_back()
        return True

    def hold(self, key: events.Key) -> None:
        self._held.append(events.Key(key.key, key.character))

    def after(self, key: events.Key, focused: Widget | None, on_inbox: bool) -> bool:
        """`key` was handed on: hold what follows if it opens a field."""
        if on_inbox and not writes_text(focused) and key.key in self._opening:
            self._since, self._focus_then = time.monotonic(), focused
            self._screen_then = focused.screen if focused is not None else None
            return True
        return False

    def expire(self) -> None:
        """Called `PATIENCE` after a hold began: ends it if it is that one."""
        if self._since is not None and time.monotonic() - self._since >= PATIENCE:
            self.release()

    def focus_moved(self, focused: Widget | None) -> None:
        """The keys' field is ready: a text field has the focus, or a modal
        opened (on the inbox, the focus may pass by the conversation first)."""
        if self._since is None or focused is None or focused is self._focus_then:
            return
        if writes_text(focused) or focused.screen is not self._screen_then:
            self.release()

    def release(self) -> None:
        if not self._releasing:
            self._releasing = True
            self._later(self._give_back)

    def _give_back(self) -> None:
        held, self._held = self._held, []
        self._since, self._releasing = None, False
        self._given_back = {id(key) for key in held}
        for key in held:
            self._post(key)

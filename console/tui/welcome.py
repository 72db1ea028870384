"""The first screen of a new shop: what to do while the inbox holds nothing at all.

It asks the inbox now and then whether anything has arrived (an import or a
fetch from another terminal, or the mailbox itself); once something has, it
goes for good and says so, so that the screen can show the queue.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from console.i18n import N_, _

EmptyCheck = Callable[[], Awaitable[bool]]

_FIRST_STEPS = (
    ("comptoir demo", N_("try every key on a ready demo inbox")),
    ("comptoir setup", N_("connect the shop's mailbox")),
    ("comptoir import maildir DIR", N_("import an archive (or mbox, eml)")),
)
_CONNECTED_STEPS = (
    ("comptoir fetch", N_("fetch the mail now (as cron does)")),
    ("comptoir import maildir DIR", N_("import an archive (or mbox, eml)")),
    ("comptoir setup", N_("change the shop's settings")),
)


def _keys() -> Text:
    return Text.assemble(
        ("?", "bold"), _(" every key · "), ("ctrl+p", "bold"),
        _(" any action by name · "), ("q", "bold"), _(" quit"),
    )  # fmt: skip


def welcome_text(channels: Sequence[str]) -> Group:
    """The words: what to run next, and where the keys are."""
    steps = Table(box=None, show_header=False, padding=(0, 1, 0, 2))
    steps.add_column(style="bold", no_wrap=True)
    steps.add_column()
    for command, what in _CONNECTED_STEPS if channels else _FIRST_STEPS:
        steps.add_row(command, _(what))
    if channels:
        lead = _("Connected: {channels}. Its mail shows here as it arrives.")
        lead = lead.format(channels=", ".join(channels))
        lead += "\n" + _("Meanwhile, in another terminal:")
    else:
        lead = _("The inbox is empty. To begin, in another terminal:")
    return Group(
        Text(_("Welcome to comptoir"), "bold"),
        Text(),
        Text(lead),
        Text(),
        steps,
        Text(),
        Text(_("What arrives shows here at once.")),
        _keys(),
    )


class Welcome(Vertical):
    """Shown while the inbox is empty; posts `Welcome.Changed` when that changes."""

    DEFAULT_CSS = """
    Welcome { display: none; height: 1fr; align: center middle; }
    Welcome.-shown { display: block; }
    Welcome > Static {
        width: auto; max-width: 100%; height: auto;
        border: round $primary; padding: 1 2;
    }
    """
    CHECK_EVERY = 2.0  # seconds between two looks at the inbox, while it is empty

    class Changed(Message):
        def __init__(self, shown: bool) -> None:
            super().__init__()
            self.shown = shown

    def __init__(
        self, is_empty: EmptyCheck, channels: Sequence[str], id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._is_empty = is_empty
        self._channels = tuple(channels)
        self._timer: Timer | None = None

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def compose(self) -> ComposeResult:
        yield Static(welcome_text(self._channels), id="welcome-text")

    def on_mount(self) -> None:
        self._timer = self.set_interval(self.CHECK_EVERY, self.check)
        self.check()

    @work(group="welcome", exclusive=True, exit_on_error=False)
    async def check(self) -> None:
        empty = await self._is_empty()
        if not empty and self._timer is not None:
            self._timer.stop()  # a shop with mail never needs the welcome again
            self._timer = None
        if empty != self.shown:
            self.set_class(empty, "-shown")
            self.post_message(self.Changed(empty))

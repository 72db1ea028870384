"""`T`: "To tell", the messages about late orders, before the customer asks.

Grouped by rule (paid and not shipped, tracking unchanged, a refund promised),
all chosen at first; space leaves one out, `d` never tells it, ctrl+s sends the
chosen ones in one go through the outbox, each on its customer's conversation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from console.i18n import N_, _
from console.text import one_line, printable
from console.tui.localized import translate_bindings
from storage.outreach.drafts import OutreachDraft

RULES = {
    "unfulfilled": N_("Paid, not shipped"),
    "tracking": N_("Tracking unchanged"),
    "refund": N_("Refund promised, not made"),
}
SINCE = {"unfulfilled": N_("paid"), "tracking": N_("since"), "refund": N_("promised")}
Load = Callable[[], Awaitable[list[OutreachDraft]]]
Act = Callable[[list[OutreachDraft]], Awaitable[int]]


class ToTellScreen(Screen[None]):
    DEFAULT_CSS = """
    ToTellScreen #tell-title { height: 1; padding: 0 1; background: $boost; }
    ToTellScreen #tell-list { width: 2fr; }
    ToTellScreen #tell-preview { width: 3fr; padding: 0 1; border-left: solid $primary 30%; }
    ToTellScreen.-narrow Horizontal { layout: vertical; }
    ToTellScreen.-narrow #tell-list { width: 1fr; height: 1fr; }
    ToTellScreen.-narrow #tell-preview { width: 1fr; height: 1fr; border-left: none;
        border-top: solid $primary 30%; }
    """
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back")),
        Binding("space", "leave_out", N_("Leave out / take")),
        Binding("d", "dismiss_one", N_("Never tell")),
        Binding("ctrl+s", "send", N_("Send chosen")),
    ]

    def __init__(self, load: Load, send: Act, dismiss: Act) -> None:
        super().__init__()
        translate_bindings(self)
        self._load, self._send, self._dismiss = load, send, dismiss
        self.drafts: list[OutreachDraft] = []
        self.left_out: set[tuple[str, int]] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="tell-title")
        with Horizontal():
            yield OptionList(id="tell-list")
            with VerticalScroll(id="tell-preview"):
                yield Static(id="tell-text")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    @work(exclusive=True, group="to-tell", exit_on_error=False)
    async def reload(self) -> None:
        self.drafts = await self._load()
        self.show()

    @property
    def chosen(self) -> list[OutreachDraft]:
        return [
            d for d in self.drafts if _key(d) not in self.left_out and not d.problem
        ]

    def show(self) -> None:
        chosen = len(self.chosen)
        self.query_one("#tell-title", Static).update(
            Text.assemble(
                (_("To tell") + " ", "bold"),
                _("{chosen} of {count} chosen").format(
                    chosen=chosen, count=len(self.drafts)
                ),
                (
                    _("   space leave out · d never tell · ctrl+s send · esc back"),
                    "dim",
                ),
            )
        )
        listing = self.query_one("#tell-list", OptionList)
        at = listing.highlighted
        listing.clear_options()
        rule = ""
        for draft in self.drafts:
            if draft.late.rule != rule:
                rule = draft.late.rule
                count = sum(d.late.rule == rule for d in self.drafts)
                listing.add_option(
                    Option(Text(f"{_(RULES[rule])} ({count})", "bold"), disabled=True)
                )
            listing.add_option(
                Option(self._line(draft), id=f"{draft.late.rule}:{draft.late.order_id}")
            )
        if not self.drafts:
            listing.add_option(
                Option(Text(_("No late order: nothing to tell."), "dim"), disabled=True)
            )
        listing.highlighted = at if at is not None else (1 if self.drafts else None)
        self._preview()

    def _line(self, draft: OutreachDraft) -> Text:
        mark = "✗" if draft.problem else " " if _key(draft) in self.left_out else "✓"
        late = draft.late
        return Text.assemble(
            (f"{mark} ", "bold"),
            (f"{one_line(late.number, 10):<10} ", "bold"),
            f"{one_line(late.customer_name or late.email, 24):<24}",
            # The group says what is late; the preview says it whole.
            (f"  {_(SINCE[late.rule])} {_day(late.since)}", "dim"),
        )

    def _current(self) -> OutreachDraft | None:
        listing = self.query_one("#tell-list", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return next(
            (d for d in self.drafts if option.id == f"{d.late.rule}:{d.late.order_id}"),
            None,
        )

    @on(OptionList.OptionHighlighted, "#tell-list")
    def _preview(self) -> None:
        draft = self._current()
        text = Text()
        if draft is not None:
            where = (
                _("conversation #{id}").format(id=draft.conversation_id)
                if draft.conversation_id
                else _("a new conversation")
            )
            text.append(f"{printable(draft.late.detail)}\n", "italic")
            text.append(
                _("To: {address}  ({where})").format(
                    address=printable(draft.late.email), where=where
                )
                + "\n",
                "dim",
            )
            text.append(
                _("Subject: {subject}").format(subject=printable(draft.subject))
                + "\n\n",
                "bold",
            )
            text.append(printable(draft.body))
            if draft.problem:
                text.append(
                    "\n\n" + _("Cannot go: {why}").format(why=draft.problem), "bold red"
                )
        self.query_one("#tell-text", Static).update(text)

    def action_leave_out(self) -> None:
        draft = self._current()
        if draft is not None:
            self.left_out ^= {_key(draft)}
            self.show()

    def action_dismiss_one(self) -> None:
        draft = self._current()
        if draft is not None:
            self._act(self._dismiss, [draft], N_("Never told: {n}"))

    def action_send(self) -> None:
        chosen = self.chosen
        if not chosen:
            self.notify(_("Nothing chosen to send."))
            return
        self._act(self._send, chosen, N_("{n} messages in the outbox"))

    @work(group="to-tell-act", exit_on_error=False)
    async def _act(self, act: Act, drafts: list[OutreachDraft], done: str) -> None:
        count = await act(drafts)
        self.notify(
            _(done).format(n=count if done.startswith("{") else drafts[0].late.number)
        )
        self.reload()


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%d %b")


def _key(draft: OutreachDraft) -> tuple[str, int]:
    return draft.late.rule, draft.late.order_id

"""The centre pane: one conversation, its messages in order.

Everything from outside is put in `rich.text.Text` objects built from plain
strings, so `[bold]` stays text; control characters are shown escaped.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from console import l10n
from console.i18n import N_, _, ngettext
from console.routine import Routine
from console.text import printable, signed_by
from console.tui.language_badge import badge
from console.tui.quotes import shown
from console.words import priority_name, status_name
from storage.models import ConversationDetail, MessageView

_REASONS = {
    "new": N_("started the conversation"),
    "in-reply-to": N_("answers a message of this conversation (In-Reply-To)"),
    "references": N_("refers to a message of this conversation (References)"),
    "our-message": N_("answers a message the shop sent (In-Reply-To or References)"),
    "same-message-id": N_("a copy of a message already here"),
    "subject": N_("same customer and subject within 14 days"),
    "composed": N_("written in comptoir"),
    "note": N_("internal note"),
}


_SENDING = {
    "sent": (N_("sent by the shop"), "dim italic"),
    "queued": (N_("in the outbox, not sent yet"), "italic yellow"),
    "sending": (N_("sending…"), "italic yellow"),
    "failed": (N_("NOT SENT: comptoir outbox retry"), "bold red"),
    "cancelled": (N_("cancelled, not sent"), "italic red"),
}
PREPARED = 16  # conversations whose blocks are kept built
Built = tuple[list[Content], list[str]]  # each block's content and class
_RECIPIENTS = {"to": N_("To"), "cc": N_("Cc"), "bcc": N_("Bcc")}


def size_label(size: int) -> str:
    for unit in (N_("B"), N_("KB"), N_("MB")):
        if size < 1024:
            return f"{size:.0f} {_(unit)}"
        size = size // 1024
    return f"{size} {_('GB')}"


def readable(address: str) -> bool:
    """An address worth showing beside a name: an e-mail one. A chat visitor's
    handle (`widget:` and an id) tells a person nothing."""
    return "@" in address


class MessageBlock(Static):
    DEFAULT_CSS = """
    MessageBlock { padding: 0 1; margin: 0 0 1 0; border-left: wide $primary; }
    MessageBlock.-out { border-left: wide $success; }
    MessageBlock.-note { border-left: wide $warning; background: $warning 12%; }
    MessageBlock.header, MessageBlock.empty { border-left: none; padding: 0; }
    MessageBlock.empty { color: $text-muted; }
    """


_MACHINE = {
    "auto-answer": "Automatic answer",
    "survey": "Survey",
    "outreach": "Told before asked",
}


def why_routine(routine: Routine | None, message_id: int) -> Text:
    """What the message asks and what the automation did with it, and why."""
    text = Text()
    if routine is None:
        return text
    for row in routine.intents:
        if row.message_id == message_id:
            sure = (
                "set by a person" if row.source == "person" else f"{row.confidence:.0%}"
            )
            order = (
                f", order {printable(row.order_number)} ({row.order_match})"
                if row.order_number
                else ""
            )
            also = f", also {', '.join(row.also)}" if row.also else ""
            text.append(f"asks: {row.intent} ({sure}{order}{also})\n", "italic cyan")
    for decision in routine.decisions:
        if decision.message_id == message_id:
            text.append(
                f"automation ({decision.mode}): {decision.action.replace('_', ' ')}, "
                f"{printable(decision.reason)}\n",
                "italic cyan",
            )
    return text


class ConversationView(VerticalScroll, can_focus=True):
    """Messages of the open conversation, newest at the bottom."""

    DEFAULT_CSS = """
    ConversationView { padding: 0 1; }
    """

    def __init__(self, zone: ZoneInfo, id: str | None = None) -> None:
        super().__init__(id=id)
        self.zone = zone
        self.detail: ConversationDetail | None = None
        self.show_quotes = False
        self.show_why = False
        self.outbox: dict[int, tuple[str, str]] = {}  # message id: (state, last error)
        self.routine: Routine | None = None  # intents and automatic decisions
        # Blocks built ahead, by conversation: what they were built from, them.
        self._prepared: dict[int, tuple[tuple[object, ...], Built]] = {}

    async def show(
        self,
        detail: ConversationDetail | None,
        outbox: dict[int, tuple[str, str]] | None = None,
        routine: Routine | None = None,
    ) -> None:
        self.detail = detail
        self.outbox = outbox if outbox is not None else {}
        self.routine = routine
        await self.redraw()

    async def action_toggle_quotes(self) -> None:
        self.show_quotes = not self.show_quotes
        await self.redraw()

    async def action_toggle_why(self) -> None:
        self.show_why = not self.show_why
        await self.redraw()

    async def redraw(self) -> None:
        """Update the blocks already mounted, hide the spare ones, mount only when
        more are needed: moving through the queue then never waits for a mount,
        so the conversation is painted in the same frame as the cursor."""
        contents, classes = self._contents()
        blocks = list(self.query_children(MessageBlock))
        if len(blocks) < len(contents):
            missing = [MessageBlock() for _ in range(len(contents) - len(blocks))]
            await self.mount_all(missing)
            blocks += missing
        for n, block in enumerate(blocks):
            if n < len(contents):
                block.display = True
                block.set_classes(classes[n])
                block.update(contents[n])
            elif block.display:  # a spare: emptied, so nothing stale lingers
                block.display = False
                block.set_classes("spare")
                block.update("")
        self.call_after_refresh(self.scroll_end, animate=False)

    def prepare(
        self,
        detail: ConversationDetail,
        outbox: dict[int, tuple[str, str]],
        routine: Routine | None,
    ) -> None:
        """Build a conversation's blocks ahead (one read ahead, off the key's
        path): `show` then only puts them on screen."""
        key = (detail, outbox, routine, self.show_quotes, self.show_why)
        self._prepared[detail.summary.id] = (key, self._build(detail, outbox, routine))
        while len(self._prepared) > PREPARED:
            del self._prepared[next(iter(self._prepared))]

    def _contents(self) -> Built:
        detail = self.detail
        if detail is None:
            return [Content.from_rich_text(Text(_("No conversation here."), "dim"))], [
                "empty"
            ]
        wanted = (detail, self.outbox, self.routine, self.show_quotes, self.show_why)
        key, built = self._prepared.get(detail.summary.id, ((), None))
        # The very objects read ahead (a conversation read again is built again).
        if built is not None and all(a is b for a, b in zip(key, wanted, strict=True)):
            return built
        return self._build(detail, self.outbox, self.routine)

    def _build(
        self,
        detail: ConversationDetail,
        outbox: dict[int, tuple[str, str]],
        routine: Routine | None,
    ) -> Built:
        texts = [self._header(detail, routine)]
        automatic = {
            e.message_id
            for e in detail.events
            if e.kind == "auto_message" and e.value == "auto-reply"
        }
        texts += [
            self._message(m, outbox, routine, m.id in automatic)
            for m in detail.messages
        ]
        classes = ["header"] + [f"-{m.direction}" for m in detail.messages]
        return [Content.from_rich_text(text) for text in texts], classes

    def _header(self, detail: ConversationDetail, routine: Routine | None) -> Text:
        s = detail.summary
        text = Text()
        text.append(printable(s.subject or _("(no subject)")), "bold")
        text.append(f"  #{s.id}\n", "dim")
        who = s.customer_name or s.customer_address or _("unidentified sender")
        text.append(printable(who), "bold")
        if s.customer_name and s.customer_address:
            text.append(f" <{printable(s.customer_address)}>")
        elif not s.customer_address:
            text.append(" " + _("(no sender address)"), "italic")
        text.append(f"  · {s.channel} · {status_name(s.status)}")
        if s.snoozed_until:
            text.append(
                " " + _("until {when}").format(when=self._when(s.snoozed_until))
            )
        text.append(f" · {priority_name(s.priority).lower()}")
        if s.language:
            text.append(f" · {badge(s.language)}", "bold")
        if s.assignee:
            text.append(f" · → {printable(s.assignee)}")
        for tag in s.tags:
            text.append(f"  #{printable(tag)}", "italic")
        if routine is not None and routine.intents:
            text.append(f"  [{routine.intents[-1].intent}]", "bold cyan")
        return text

    def _when(self, moment: datetime) -> str:
        return l10n.moment(moment, self.zone)

    @staticmethod
    def _recipients(message: MessageView) -> str:
        """`To … · Cc …` under the sender (Bcc too on the shop's own mail)."""
        kinds = ("to", "cc", "bcc") if message.direction == "out" else ("to", "cc")
        parts = []
        for kind in kinds:
            people = [
                (f"{name} <{address}>" if readable(address) else name)
                if name
                else address
                for k, name, address in message.recipients
                if k == kind
            ]
            if people:
                label = _("{label}: ").format(label=_(_RECIPIENTS[kind]))
                parts.append(label + printable(", ".join(people)))
        return ("\n" + " · ".join(parts)) if parts else ""

    def _message(
        self,
        message: MessageView,
        outbox: dict[int, tuple[str, str]],
        routine: Routine | None,
        automatic: bool = False,
    ) -> Text:
        text = Text()
        if message.direction == "note":
            text.append(_("Internal note"), "bold reverse")
            text.append(" ")
        if automatic:  # an out-of-office reply: shown, but asks for no answer
            text.append(_("Automatic reply"), "italic reverse")
            text.append(" ")
        if message.author_type == "automation":  # comptoir's own: never a person's
            label = _MACHINE.get(message.thread_reason, "Sent by comptoir")
            text.append(label, "bold italic reverse")
            text.append(" ")
        who = message.sender_name or message.sender_address or "?"
        text.append(printable(who), "bold")
        if message.sender_name and readable(message.sender_address):
            text.append(f" <{printable(message.sender_address)}>", "dim")
        text.append(f"  {self._when(message.sent_at)}", "dim")
        text.append(self._recipients(message), "dim")
        if message.direction == "out":
            state, error = outbox.get(message.id, ("sent", ""))
            label, style = _SENDING.get(state, (state, "dim"))
            text.append(f"  {_(label)}", style)
            if error and state in ("failed", "queued"):
                text.append(f" ({printable(error)})", style)
        text.append("\n")
        if self.show_why:
            reason = message.thread_reason
            reason = _(_REASONS[reason]) if reason in _REASONS else reason
            detail = (
                f" ({printable(message.thread_detail)})"
                if message.thread_detail
                else ""
            )
            why = _("why here: {reason}").format(reason=reason + detail)
            text.append(why + "\n", "italic")
            text.append(why_routine(routine, message.id))
        part = shown(message.text, self.show_quotes)
        text.append(printable(part.fresh) or _("(no text)"))
        if part.quoted and self.show_quotes:
            text.append("\n" + printable(part.quoted), "dim")
        elif part.quoted:
            lines = part.quoted.count("\n") + 1
            folded = ngettext(
                "{count} quoted line folded (z shows it)",
                "{count} quoted lines folded (z shows them)",
                lines,
            )
            text.append(f"\n┄ {folded.format(count=lines)} ┄", "dim italic")
        if part.hidden_lines:
            more = (
                _("z shows more")
                if not self.show_quotes
                else _("too long to show here")
            )
            hidden = _(
                "{count} more lines not shown ({more}; comptoir conversations show "
                "{number} prints all)"
            ).format(
                count=l10n.number(part.hidden_lines),
                more=more,
                number=message.conversation_id,
            )
            text.append(f"\n┄ {hidden} ┄", "dim italic")
        if message.has_html:
            text.append("\n" + _("(shown as text from HTML)"), "dim italic")
        for attachment in message.attachments:
            signature = signed_by(attachment.content_type)
            if signature:
                signed = _("signed ({signature}, not verified)")
                text.append(f"\n✔ {signed.format(signature=signature)}", "dim italic")
                continue
            name = printable(attachment.filename)
            text.append(f"\n📎 {name}  {attachment.content_type}, ", "")
            text.append(size_label(attachment.size), "dim")
        return text

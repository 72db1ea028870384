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

from console.text import printable, signed_by
from console.tui.language_badge import badge
from console.tui.quotes import shown
from storage.models import ConversationDetail, MessageView

_REASONS = {
    "new": "started the conversation",
    "in-reply-to": "answers a message of this conversation (In-Reply-To)",
    "references": "refers to a message of this conversation (References)",
    "our-message": "answers a message the shop sent (In-Reply-To or References)",
    "same-message-id": "a copy of a message already here",
    "subject": "same customer and subject within 14 days",
    "composed": "written in comptoir",
    "note": "internal note",
}


_SENDING = {
    "sent": ("sent by the shop", "dim italic"),
    "queued": ("in the outbox, not sent yet", "italic yellow"),
    "sending": ("sending…", "italic yellow"),
    "failed": ("NOT SENT: comptoir outbox retry", "bold red"),
    "cancelled": ("cancelled, not sent", "italic red"),
}


def size_label(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}"
        size = size // 1024
    return f"{size} GB"


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

    async def show(
        self,
        detail: ConversationDetail | None,
        outbox: dict[int, tuple[str, str]] | None = None,
    ) -> None:
        self.detail = detail
        self.outbox = outbox or {}
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
        if self.detail is None:
            texts, classes = [Text("No conversation here.", "dim")], ["empty"]
        else:
            texts = [self._header(self.detail)]
            automatic = {
                e.message_id
                for e in self.detail.events
                if e.kind == "auto_message" and e.value == "auto-reply"
            }
            texts += [self._message(m, m.id in automatic) for m in self.detail.messages]
            classes = ["header"] + [f"-{m.direction}" for m in self.detail.messages]
        blocks = list(self.query_children(MessageBlock))
        if len(blocks) < len(texts):
            missing = [MessageBlock() for _ in range(len(texts) - len(blocks))]
            await self.mount_all(missing)
            blocks += missing
        for n, block in enumerate(blocks):
            if n < len(texts):
                block.display = True
                block.set_classes(classes[n])
                block.update(Content.from_rich_text(texts[n]))
            elif block.display:  # a spare: emptied, so nothing stale lingers
                block.display = False
                block.set_classes("spare")
                block.update("")
        self.call_after_refresh(self.scroll_end, animate=False)

    def _header(self, detail: ConversationDetail) -> Text:
        s = detail.summary
        text = Text()
        text.append(printable(s.subject or "(no subject)"), "bold")
        text.append(f"  #{s.id}\n", "dim")
        who = s.customer_name or s.customer_address or "unidentified sender"
        text.append(printable(who), "bold")
        if s.customer_name and s.customer_address:
            text.append(f" <{printable(s.customer_address)}>")
        elif not s.customer_address:
            text.append(" (no sender address)", "italic")
        text.append(f"  · {s.channel} · {s.status}")
        if s.snoozed_until:
            text.append(f" until {self._when(s.snoozed_until)}")
        text.append(f" · {s.priority}")
        if s.language:
            text.append(f" · {badge(s.language)}", "bold")
        if s.assignee:
            text.append(f" · → {printable(s.assignee)}")
        for tag in s.tags:
            text.append(f"  #{printable(tag)}", "italic")
        return text

    def _when(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%a %d %b %H:%M")

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
                parts.append(f"{kind.capitalize()}: {printable(', '.join(people))}")
        return ("\n" + " · ".join(parts)) if parts else ""

    def _message(self, message: MessageView, automatic: bool = False) -> Text:
        text = Text()
        if message.direction == "note":
            text.append("Internal note", "bold reverse")
            text.append(" ")
        if automatic:  # an out-of-office reply: shown, but asks for no answer
            text.append("Automatic reply", "italic reverse")
            text.append(" ")
        who = message.sender_name or message.sender_address or "?"
        text.append(printable(who), "bold")
        if message.sender_name and readable(message.sender_address):
            text.append(f" <{printable(message.sender_address)}>", "dim")
        text.append(f"  {self._when(message.sent_at)}", "dim")
        text.append(self._recipients(message), "dim")
        if message.direction == "out":
            state, error = self.outbox.get(message.id, ("sent", ""))
            label, style = _SENDING.get(state, (state, "dim"))
            text.append(f"  {label}", style)
            if error and state in ("failed", "queued"):
                text.append(f" ({printable(error)})", style)
        text.append("\n")
        if self.show_why:
            reason = _REASONS.get(message.thread_reason, message.thread_reason)
            detail = (
                f" ({printable(message.thread_detail)})"
                if message.thread_detail
                else ""
            )
            text.append(f"why here: {reason}{detail}\n", "italic")
        part = shown(message.text, self.show_quotes)
        text.append(printable(part.fresh) or "(no text)")
        if part.quoted and self.show_quotes:
            text.append("\n" + printable(part.quoted), "dim")
        elif part.quoted:
            lines = part.quoted.count("\n") + 1
            text.append(
                f"\n┄ {lines} quoted lines folded (z shows them) ┄", "dim italic"
            )
        if part.hidden_lines:
            more = "z shows more" if not self.show_quotes else "too long to show here"
            text.append(
                f"\n┄ {part.hidden_lines:,} more lines not shown ({more}; "
                f"comptoir conversations show {message.conversation_id} prints all) ┄",
                "dim italic",
            )
        if message.has_html:
            text.append("\n(shown as text from HTML)", "dim italic")
        for attachment in message.attachments:
            signature = signed_by(attachment.content_type)
            if signature:
                text.append(f"\n✔ signed ({signature}, not verified)", "dim italic")
                continue
            name = printable(attachment.filename)
            text.append(f"\n📎 {name}  {attachment.content_type}, ", "")
            text.append(size_label(attachment.size), "dim")
        return text

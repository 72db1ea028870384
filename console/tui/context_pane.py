"""The right pane: who the customer is, what they bought, what to answer with."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from console.i18n import _, ngettext
from console.l10n import amount, day, percent
from console.routine import Routine
from console.text import one_line, printable
from console.words import order_state_name, status_name
from storage.conversation_edit import PastConversation
from storage.customers import Customer
from storage.intents.readings import IntentRow
from storage.replies import CannedReply

if TYPE_CHECKING:  # the orders' module (and plugins.records) waits for the first
    from storage.orders import Order  # conversation shown, after the queue

SHOWN = 5  # other conversations listed


@dataclass(frozen=True, slots=True)
class Context:
    customer: Customer
    past: list[PastConversation]
    orders: list[Order]
    replies: list[CannedReply]
    current_id: int
    deadlines: list[tuple[str, str, str]]  # (metric, due text, style)
    others: int = 0  # the customer's other conversations, all of them
    intent: IntentRow | None = None  # what the newest customer message asks
    suggestions: tuple[tuple[str, str], ...] = ()  # (name, title), best first
    routine: Routine | None = None  # each message's intent, each automatic decision


def intent_text(intent: IntentRow | None) -> Text | None:
    """`order_status 93 % · order #1042`, or None before it is read."""
    if intent is None:
        return None
    text = Text(f"[{intent.intent}]", "bold cyan")
    sure = (
        _("set by a person")
        if intent.source == "person"
        else percent(intent.confidence)
    )
    text.append(f" {sure}", "dim")
    if intent.order_number:
        order = _("order {number}").format(number=printable(intent.order_number))
        text.append(f" · {order}")
    if intent.also:
        also = _("also: {intents}").format(intents=", ".join(intent.also))
        text.append(f"\n{also}", "italic")
    return text


class ContextPane(VerticalScroll):
    DEFAULT_CSS = """
    ContextPane { padding: 0 1; }
    ContextPane > Static { margin: 0 0 1 0; }
    ContextPane > .section { color: $accent; text-style: bold; margin: 0; }
    """

    def __init__(self, zone: ZoneInfo, id: str | None = None) -> None:
        super().__init__(id=id)
        self.zone = zone
        self._shown: dict[str | None, Text | str] = {}
        self.shown_context: Context | None = None

    @staticmethod
    def sections() -> Iterator[Static]:
        for name in ("deadlines", "customer", "asks", "orders", "replies"):
            yield Static(classes="section", id=f"{name}-title")
            yield Static(id=f"{name}-body")

    async def show(self, context: Context | None) -> None:
        """Fill the fixed sections in place: nothing is mounted while moving.
        They are mounted with the first conversation shown, after the queue's
        first frame (which they would slow, empty)."""
        self.shown_context = context
        if not self.children:
            await self.mount_all(self.sections())
        if context is None:
            for child in self.query_children(Static):
                child.display = False
            return
        sections = {
            "deadlines": (
                _("Deadlines"),
                self._deadlines(context) if context.deadlines else None,
            ),
            "customer": (_("Customer"), self._customer(context)),
            "asks": (_("Asks (I corrects) · suggested (1 2 3)"), self._asks(context)),
            "orders": (
                _("Orders ({count})").format(count=len(context.orders)),
                self._orders(context.orders),
            ),
            "replies": (_("Canned replies (i)"), self._replies(context.replies)),
        }
        for name, (title, body) in sections.items():
            for part, content in (("title", title), ("body", body)):
                widget = self.query_one(f"#{name}-{part}", Static)
                widget.display = body is not None
                shown = content if content is not None else ""
                # Titles and the canned replies rarely change from one
                # conversation to the next: an unchanged section is not repainted.
                if self._shown.get(widget.id) != shown:
                    self._shown[widget.id] = shown
                    widget.update(shown)

    async def suggest(
        self, conversation_id: int, suggestions: tuple[tuple[str, str], ...]
    ) -> None:
        """The suggested replies, ranked after the conversation was shown."""
        context = self.shown_context
        if context is not None and context.current_id == conversation_id:
            await self.show(replace(context, suggestions=suggestions))

    def _date(self, moment: datetime | None) -> str:
        return day(moment, self.zone) if moment else "?"

    def _deadlines(self, context: Context) -> Text:
        text = Text()
        for metric, due, style in context.deadlines:
            text.append(_("{label}: ").format(label=metric))
            text.append(due + "\n", style)
        return text

    def _customer(self, context: Context) -> Text:
        customer = context.customer
        text = Text(printable(customer.name or _("(no name)")), "bold")
        for identity in customer.identities:
            kind = _("{label}: ").format(label=identity.kind)
            text.append(f"\n{kind}{printable(identity.value)}")
        for tag in customer.tags:
            text.append(f"  #{printable(tag)}", "italic")
        from storage.orders import spent_per_currency

        spent = spent_per_currency(context.orders)
        spend = ", ".join(amount(value, code) for code, value in spent.items())
        orders = ngettext("{count} order", "{count} orders", len(context.orders))
        text.append("\n" + orders.format(count=len(context.orders)))
        text.append(f", {spend}" if spend else "")
        others = [c for c in context.past if c.id != context.current_id][:SHOWN]
        count = max(context.others, len(others))
        label = ngettext(
            "{count} other conversation", "{count} other conversations", count
        ).format(count=count)
        if count > len(others):
            label += _(", the {count} latest:").format(count=len(others))
        text.append(f"\n{label}", "dim")
        for past in others:
            when = datetime.fromtimestamp(past.last_message_at, UTC)
            status = status_name(past.status)
            text.append(f"\n  #{past.id} {self._date(when)} {status} ", "dim")
            text.append(one_line(past.subject, 28))
        return text

    def _orders(self, orders: list[Order]) -> Text:
        text = Text()
        if not orders:
            text.append(_("No orders known for this customer."), "dim")
        for order in orders[:8]:
            text.append(f"{printable(order.number)}", "bold")
            text.append(f"  {self._date(order.created_at)}")
            if order.total is not None:
                text.append(f"  {amount(order.total, order.currency)}")
            states = (order.financial_status, order.fulfillment_status)
            status = " / ".join(order_state_name(s) for s in states if s)
            if status:
                text.append(f"\n  {printable(status)}", "italic")
            self._refunds(text, order)
            for item in order.items[:4]:
                text.append(f"\n  {item.quantity} × {one_line(item.name, 34)}")  # noqa: RUF001
            if order.tracking_number:
                tracking = _("tracking {number}")
                text.append(
                    "\n  " + tracking.format(number=printable(order.tracking_number))
                )
            if order.tracking_url:
                text.append(f"\n  {printable(order.tracking_url)}", "underline")
            text.append("\n")
        return text

    def _asks(self, context: Context) -> Text | None:
        """What the newest customer message asks, and the replies that fit it."""
        text = intent_text(context.intent)
        if text is None:
            return None
        for key, (name, title) in enumerate(context.suggestions, 1):
            text.append(f"\n{key} ", "bold reverse")
            text.append(f" {printable(name)}", "bold")
            if title:
                text.append(f"  {one_line(title, 26)}", "dim")
        return text

    def _refunds(self, text: Text, order: Order) -> None:
        refunded = _("refunded {amount}")
        for refund in order.refunds[:3]:
            sum_ = amount(refund.amount, order.currency)
            text.append("\n  " + refunded.format(amount=sum_), "yellow")
            if refund.at:
                text.append(
                    " " + _("on {day}").format(day=self._date(refund.at)), "yellow"
                )
            if refund.reason:
                text.append(f" ({one_line(refund.reason, 30)})", "yellow")
        if not order.refunds and order.refunded_amount:
            sum_ = amount(order.refunded_amount, order.currency)
            text.append("\n  " + refunded.format(amount=sum_), "yellow")

    def _replies(self, replies: list[CannedReply]) -> Text:
        text = Text()
        for reply in replies[:12]:
            text.append(printable(reply.name), "bold")
            if reply.title:
                text.append(f"  {one_line(reply.title, 30)}", "dim")
            text.append("\n")
        return text

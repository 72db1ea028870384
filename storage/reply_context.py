"""The values a canned reply is filled with, read from the store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from storage.connection import Store
from storage.conversations import get_conversation
from storage.customers import Customer, get_customer
from storage.models import ConversationDetail
from storage.orders import Order, lifetime_spend, orders_for_customer
from storage.reply_templates import ReplyContext, TextList, order_numbers_in


def _names(customer: Customer) -> tuple[str, str]:
    name = customer.name or next(
        (i.display_name for i in customer.identities if i.display_name), ""
    )
    first, _, last = name.strip().partition(" ")
    return first, last.strip()


def _customer(customer: Customer, orders: list[Order]) -> dict[str, Any]:
    first, last = _names(customer)
    emails = [i.value for i in customer.identities if i.kind == "email"]
    return {
        "name": customer.name or " ".join(p for p in (first, last) if p),
        "first_name": first,
        "last_name": last,
        "email": emails[0] if emails else "",
        "identities": TextList(i.value for i in customer.identities),
        "tags": TextList(customer.tags),
        "order_count": len(orders),
        "lifetime_spend": lifetime_spend(orders),
    }


def _order(order: Order) -> dict[str, Any]:
    return {
        "number": order.number,
        "date": order.created_at.date().isoformat() if order.created_at else "",
        "items": TextList(f"{i.quantity} × {i.name}" for i in order.items),  # noqa: RUF001
        "total": f"{order.total:.2f}" if order.total is not None else "",
        "currency": order.currency,
        "financial_status": order.financial_status,
        "fulfillment_status": order.fulfillment_status,
        "tracking_number": order.tracking_number,
        "tracking_url": order.tracking_url,
    }


async def reply_context(
    store: Store,
    conversation_id: int,
    *,
    order_number: str | None,
    shop: dict[str, str],
    agent: dict[str, str],
) -> ReplyContext:
    """For this conversation's customer; the given order, else the one the
    conversation mentions, else their newest one."""
    detail = await get_conversation(store, conversation_id)
    summary = detail.summary
    customer = await get_customer(store, summary.customer_id)
    orders = await orders_for_customer(store, summary.customer_id)
    chosen = next((o for o in orders if o.number == order_number), None)
    if chosen is None and order_number is None and orders:
        chosen = mentioned_order(detail, orders) or max(
            orders, key=lambda o: (o.created_at is not None, o.created_at)
        )
    first_agent = agent.get("name", "").partition(" ")[0]
    return ReplyContext(
        customer=_customer(customer, orders),
        order=_order(chosen) if chosen else None,
        shop=shop,
        agent={"first_name": first_agent, **agent},
        customer_emails=frozenset(
            i.value.lower() for i in customer.identities if i.kind == "email"
        ),
        order_numbers=tuple(o.number for o in orders),
    )


def mentioned_order(detail: ConversationDetail, orders: list[Order]) -> Order | None:
    """The customer's order the conversation names: in its subject, else in the
    customer's messages, the newest first."""
    by_number = {o.number.lstrip("#"): o for o in orders}
    customer_texts = [m.text for m in reversed(detail.messages) if m.direction == "in"]
    for text in (detail.summary.subject, *customer_texts):
        for number in order_numbers_in(text):
            if number in by_number:
                return by_number[number]
    return None


async def order_owners(store: Store, text: str) -> dict[str, list[str]]:
    """Order numbers mentioned in the text that exist, with their customers' addresses."""
    numbers = order_numbers_in(text)
    if not numbers:
        return {}
    candidates: list[str] = [n for number in numbers for n in (number, f"#{number}")]
    rows = await store.conn.execute_fetchall(
        "SELECT o.number, lower(coalesce(nullif(o.email, ''), i.value, '')) FROM orders o "
        "LEFT JOIN identities i ON i.customer_id = o.customer_id AND i.kind = 'email' "
        f"WHERE o.number IN ({','.join('?' * len(candidates))})",
        candidates,
    )
    owners: dict[str, list[str]] = defaultdict(list)
    for number, email in rows:
        owners[str(number).lstrip("#")].append(str(email))
    return dict(owners)


def rank_replies(replies: Iterable[Any], query: str) -> list[Any]:
    """Fuzzy order for the picker: every letter of the query, in order, in the
    reply's name, title, tags or body; closer and earlier matches first."""
    wanted = query.lower().replace(" ", "")
    if not wanted:
        return list(replies)
    scored = []
    for position, reply in enumerate(replies):
        fields = (reply.name, reply.title, " ".join(reply.tags), reply.body)
        best = min(
            (_score(wanted, f.lower()) + rank * 40 for rank, f in enumerate(fields)),
            default=None,
        )
        if best is not None and best < 10**6:
            scored.append((best, position, reply))
    return [reply for _, _, reply in sorted(scored)]


def _score(wanted: str, text: str) -> int:
    """Gaps between matched letters plus where the match starts; 10**6 when absent."""
    start = text.find(wanted[0])
    if start < 0:
        return 10**6
    if wanted in text:
        return text.index(wanted) // 4
    at, gaps = start, 0
    for letter in wanted[1:]:
        found = text.find(letter, at + 1)
        if found < 0:
            return 10**6
        gaps += found - at - 1
        at = found
    return gaps + start // 4 + 5


async def known_words(store: Store, conversation_id: int) -> list[str]:
    """Words the spelling check must know for this conversation: its
    customer's names and the products of their orders."""
    rows = await store.conn.execute_fetchall(
        "SELECT cu.name FROM conversations c JOIN customers cu ON cu.id = c.customer_id "
        "WHERE c.id = ?1 UNION SELECT i.display_name FROM conversations c "
        "JOIN identities i ON i.customer_id = c.customer_id WHERE c.id = ?1 "
        "UNION SELECT it.name FROM conversations c JOIN orders o "
        "ON o.customer_id = c.customer_id JOIN order_items it ON it.order_id = o.id "
        "WHERE c.id = ?1",
        (conversation_id,),
    )
    return [str(row[0]) for row in rows if row[0]]

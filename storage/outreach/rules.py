"""Late orders by the shop's own rules, found in the store.

- `unfulfilled`: paid, not shipped (nor cancelled) after N business days;
- `tracking`: shipped, not delivered, and the tracking unchanged for N days;
- `refund`: a reply of the shop's promised a refund N days ago or more, and the
  order shows none.

An order already told about (sent or dismissed for that rule) is left out, and
so is an order the customer wrote about over those days: they asked first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.connection import Store
from storage.outreach.settings import OutreachSettings
from storage.reply_templates import order_numbers_in

STALE = 60 * 86400  # older orders are past telling about
_NOT_DELIVERED = " AND ".join(
    f"lower(o.tracking_status) NOT LIKE '%{word}%'"
    for word in ("deliver", "livr", "distribu", "remis")
)
# A reply that promises money back: "je vous rembourse", "we'll refund".
REFUND_PROMISE = re.compile(
    r"\b(?:je vous (?:rembourse|ai rembours)|(?:nous|on) (?:vous )?rembours"
    r"|rembourse(?:ment|rons|ra)\b|(?:i|we)(?:'ll| will| have|'ve)? refund"
    r"|refund (?:is|will be) (?:on its way|processed|issued)|refunded)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class LateOrder:
    rule: str
    order_id: int
    number: str
    customer_id: int
    customer_name: str
    email: str
    since: int  # paid, tracking last changed, or refund promised
    detail: str  # why, for the person reviewing


def business_days_before(moment: int, days: int) -> int:
    """The instant `days` weekdays before `moment` (weekends skipped)."""
    day = datetime.fromtimestamp(moment, UTC)
    while days:
        day -= timedelta(days=1)
        days -= day.weekday() < 5
    return int(day.timestamp())


_BASE = (
    "SELECT o.id, o.number, o.customer_id, coalesce(nullif(c.name, ''), "
    "o.customer_name), o.email, {since} FROM orders o JOIN customers c ON "
    "c.id = o.customer_id WHERE o.cancelled_at IS NULL AND o.email != '' "
    "AND coalesce(o.created_at, 0) >= ? AND NOT EXISTS (SELECT 1 FROM outreach r "
    "WHERE r.order_id = o.id AND r.rule = ? AND r.state != 'draft') "
    "AND NOT EXISTS (SELECT 1 FROM message_intents i JOIN messages m ON "
    "m.id = i.message_id WHERE i.order_id = o.id AND m.sent_at >= ?) AND {where} "
    "ORDER BY {since}, o.id"
)


async def _late(
    store: Store,
    rule: str,
    since: str,
    where: str,
    params: tuple[object, ...],
    now: int,
    quiet: int,
) -> list[tuple[int, str, int, str, str, int]]:
    rows = await store.conn.execute_fetchall(
        _BASE.format(since=since, where=where),
        (now - STALE, rule, quiet, *params),
    )
    return [
        (int(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), int(r[5])) for r in rows
    ]


async def late_orders(
    store: Store, settings: OutreachSettings, now: int
) -> list[LateOrder]:
    found: list[LateOrder] = []
    paid_before = business_days_before(now, settings.unfulfilled_days)
    for row in await _late(
        store,
        "unfulfilled",
        "o.paid_at",
        "o.paid_at IS NOT NULL AND o.paid_at <= ? AND o.fulfilled_at IS NULL "
        "AND o.fulfillment_status NOT IN ('fulfilled', 'shipped', 'delivered')",
        (paid_before,),
        now,
        paid_before,
    ):
        detail = f"paid {_day(row[5])}, not shipped after {settings.unfulfilled_days} business days"
        found.append(LateOrder("unfulfilled", *row, detail))
    stale = now - settings.tracking_days * 86400
    for row in await _late(
        store,
        "tracking",
        "o.tracking_updated_at",
        f"o.tracking_number != '' AND o.tracking_updated_at <= ? AND {_NOT_DELIVERED}",
        (stale,),
        now,
        stale,
    ):
        detail = f"tracking unchanged since {_day(row[5])}"
        found.append(LateOrder("tracking", *row, detail))
    found += await _refunds(store, settings, now)
    return found


async def _refunds(
    store: Store, settings: OutreachSettings, now: int
) -> list[LateOrder]:
    """Orders a reply of the shop promised a refund for: the order the reply
    names (one of the customer's), else the one the conversation is about."""
    promised_before = now - settings.refund_days * 86400
    rows = await store.conn.execute_fetchall(
        "SELECT r.body_text, r.sent_at, c.customer_id, (SELECT i.order_id FROM "
        "message_intents i JOIN messages q ON q.id = i.message_id WHERE "
        "q.conversation_id = c.id AND i.order_id IS NOT NULL ORDER BY q.sent_at "
        "DESC LIMIT 1) FROM messages r JOIN conversations c ON c.id = r.conversation_id "
        "WHERE r.direction = 'out' AND r.author_type = 'agent' AND r.sent_at <= ? "
        "AND r.sent_at >= ? ORDER BY r.sent_at",
        (promised_before, now - STALE),
    )
    promised: dict[int, int] = {}
    for body, sent_at, customer_id, about in rows:
        if not REFUND_PROMISE.search(str(body)):
            continue
        named = await _named_order(store, int(customer_id), str(body))
        order_id = named if named is not None else about
        if order_id is not None:
            promised.setdefault(int(order_id), int(sent_at))
    if not promised:
        return []
    marks = ",".join("?" * len(promised))
    found = []
    for row in await _late(
        store,
        "refund",
        "o.id",
        f"o.id IN ({marks}) AND coalesce(CAST(o.refunded_amount AS REAL), 0) = 0 "
        "AND o.financial_status NOT LIKE '%refunded%'",
        tuple(promised),
        now,
        now,
    ):
        since = promised[row[0]]
        if await _asked_since(store, row[0], since):
            continue  # the customer wrote about it after the promise
        detail = f"a refund promised {_day(since)}, not made after {settings.refund_days} days"
        found.append(LateOrder("refund", *row[:5], since, detail))
    return found


async def _asked_since(store: Store, order_id: int, since: int) -> bool:
    rows = await store.conn.execute_fetchall(
        "SELECT 1 FROM message_intents i JOIN messages m ON m.id = i.message_id "
        "WHERE i.order_id = ? AND m.sent_at > ? LIMIT 1",
        (order_id, since),
    )
    return bool(list(rows))


def _day(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")


async def _named_order(store: Store, customer_id: int, text: str) -> int | None:
    numbers = order_numbers_in(text)
    if not numbers:
        return None
    wanted = [n for number in numbers for n in (number, f"#{number}")]
    rows = list(
        await store.conn.execute_fetchall(
            f"SELECT id FROM orders WHERE customer_id = ? AND number IN "
            f"({','.join('?' * len(wanted))}) LIMIT 1",
            (customer_id, *wanted),
        )
    )
    return int(rows[0][0]) if rows else None

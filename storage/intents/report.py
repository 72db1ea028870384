"""Recurring problems: customer messages per intent and week, the intents
growing fastest, the products named most in `damaged` and `return` messages,
and what the automation resolved alone. No numpy: reports never load the model.

Each bar comes with the search that lists its conversations (`intent:damaged
after:... before:...`), so a report always leads back to the messages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from storage.connection import Store
from storage.intents.text import fold

PRODUCT_INTENTS = ("damaged", "return")
_MIN_WORD = 4  # product words shorter than this say too little ("thé", "100")


async def intent_counts(
    store: Store, since: int, until: int | None = None
) -> dict[str, int]:
    """Customer messages read per intent over the period."""
    rows = await store.conn.execute_fetchall(
        "SELECT i.intent, count(*) FROM message_intents i JOIN messages m ON "
        "m.id = i.message_id WHERE m.sent_at >= ? AND m.sent_at < ? GROUP BY i.intent",
        (since, until if until is not None else 1 << 40),
    )
    return {str(r[0]): int(r[1]) for r in rows}


async def conversation_intents(store: Store, ids: Sequence[int]) -> dict[int, str]:
    """What each conversation was about: the intent of its first customer
    message read."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        rows = await store.conn.execute_fetchall(
            "SELECT m.conversation_id, i.intent FROM message_intents i JOIN messages m "
            f"ON m.id = i.message_id WHERE m.conversation_id IN ({','.join('?' * len(part))}) "
            "ORDER BY m.sent_at DESC, m.id DESC",
            tuple(part),
        )
        found.update((int(r[0]), str(r[1])) for r in rows)  # the first wins: last
    return found


@dataclass(slots=True)
class Bar:
    label: str
    count: int
    query: str  # the search that lists its conversations
    conversations: list[int] = field(default_factory=list)
    period: str = ""  # the week, for a bar of a week


def week_of(stamp: int, zone: ZoneInfo) -> tuple[str, datetime]:
    local = datetime.fromtimestamp(stamp, zone)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}", monday


async def _messages(
    store: Store, since: int, until: int
) -> list[tuple[int, int, str, int | None, str]]:
    rows = await store.conn.execute_fetchall(
        "SELECT m.conversation_id, m.sent_at, i.intent, i.order_id, m.body_text "
        "FROM message_intents i JOIN messages m ON m.id = i.message_id "
        "WHERE m.sent_at >= ? AND m.sent_at < ? ORDER BY m.sent_at",
        (since, until),
    )
    return [(int(r[0]), int(r[1]), str(r[2]), r[3], str(r[4])) for r in rows]


async def weekly(
    store: Store, since: int, until: int, zone: ZoneInfo
) -> dict[str, dict[str, Bar]]:
    """Messages per week and intent: {"2026-W45": {"damaged": Bar}}."""
    weeks: dict[str, dict[str, Bar]] = defaultdict(dict)
    for conversation, sent_at, intent, _, _ in await _messages(store, since, until):
        name, monday = week_of(sent_at, zone)
        bar = weeks[name].get(intent)
        if bar is None:
            end = monday + timedelta(days=7)
            query = f"intent:{intent} after:{monday:%Y-%m-%d} before:{end:%Y-%m-%d}"
            bar = weeks[name][intent] = Bar(intent, 0, query, period=name)
        bar.count += 1
        if conversation not in bar.conversations:
            bar.conversations.append(conversation)
    return dict(sorted(weeks.items()))


def growing(weeks: dict[str, dict[str, Bar]]) -> list[tuple[str, int, int]]:
    """Intents whose messages grew most from the first half of the weeks to the
    second: (intent, before, after), the largest growth first."""
    names = sorted(weeks)
    half = len(names) // 2
    if not half:
        return []
    before: dict[str, int] = defaultdict(int)
    after: dict[str, int] = defaultdict(int)
    for index, name in enumerate(names):
        side = before if index < len(names) - half else after
        for intent, bar in weeks[name].items():
            side[intent] += bar.count
    grown = [(i, before[i], after[i]) for i in set(before) | set(after)]
    grown = [g for g in grown if g[2] > g[1]]
    return sorted(grown, key=lambda g: (-(g[2] - g[1]) / max(g[1], 1), -g[2], g[0]))


async def products(store: Store, since: int, until: int) -> dict[str, list[Bar]]:
    """The products named most in damaged and return messages: those of the
    message's order whose name the text mentions (or its only product), else
    any product of the shop's orders the text names; the most named first."""
    catalogue = await _product_names(store)
    found: dict[str, dict[str, Bar]] = {i: {} for i in PRODUCT_INTENTS}
    for conversation, _, intent, order_id, text in await _messages(store, since, until):
        if intent not in found:
            continue
        words = set(fold(text).split())
        candidates = await _order_items(store, order_id) if order_id else []
        named = [p for p in candidates or catalogue if _names(p, words)]
        if not named and len(candidates) == 1:
            named = candidates  # the order holds one product: it is the one
        for product in named:
            bar = found[intent].setdefault(
                product, Bar(product, 0, f"intent:{intent} {_search_words(product)}")
            )
            bar.count += 1
            if conversation not in bar.conversations:
                bar.conversations.append(conversation)
    return {
        i: sorted(b.values(), key=lambda b: (-b.count, b.label))
        for i, b in found.items()
    }


def _significant(product: str) -> set[str]:
    return {w for w in fold(product).split() if len(w) >= _MIN_WORD and not w.isdigit()}


def _names(product: str, words: set[str]) -> bool:
    wanted = _significant(product)
    return bool(wanted) and bool(wanted & words)


def _search_words(product: str) -> str:
    return " ".join(sorted(_significant(product))[:2])


async def _product_names(store: Store) -> list[str]:
    rows = await store.conn.execute_fetchall("SELECT DISTINCT name FROM order_items")
    return [str(r[0]) for r in rows]


async def _order_items(store: Store, order_id: int) -> list[str]:
    rows = await store.conn.execute_fetchall(
        "SELECT name FROM order_items WHERE order_id = ? ORDER BY position", (order_id,)
    )
    return [str(r[0]) for r in rows]


def bar_json(bar: Bar) -> dict[str, object]:
    return {
        "label": bar.label,
        "count": bar.count,
        "query": bar.query,
        "conversations": bar.conversations,
        "period": bar.period,
    }

"""A parsed query (storage/query.py) as SQL, for the two places that search:
the console's queue, which lists conversations, and `comptoir search`, which
lists messages. The prefixes mean the same in both; what each one matches:

- words: the text of any message (subject, body, sender), all of them;
- `from:` who wrote: in the queue, the conversations of that customer (any of
  their addresses, or their name); in `comptoir search`, the messages whose
  sender's name or address has a word starting so;
- `subject:` the conversation's subject (queue), the message's (search);
- `order:N` the conversations that mention the order, in a subject or a text;
- `before:`/`after:` the latest message (queue), the message (search);
- `tag:` `status:` `channel:` `priority:` `assignee:` `is:` the conversation;
- `intent:` what a customer message asks (the message; in the queue, the
  conversations holding such a message).

Kept light (no dataclasses, no aiosqlite): `comptoir search` imports it.
"""

from __future__ import annotations

from storage.query import Query, instant
from storage.search import fts_query

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime

# A conversation awaits an answer when the customer wrote after the shop last replied.
UNANSWERED = "c.last_inbound_at > coalesce(c.last_reply_at, 0)"
_IS = {
    "unanswered": UNANSWERED,
    "answered": f"NOT ({UNANSWERED})",
    "assigned": "c.assignee IS NOT NULL",
    "unassigned": "c.assignee IS NULL",
}
_MENTIONS = (
    "c.id IN (SELECT m.conversation_id FROM message_search s JOIN messages m "
    "ON m.search_rowid = s.rowid WHERE message_search MATCH ?)"
)
# What a message asks (storage/intents): a conversation has it when one of its
# customer messages has.
_INTENT_OF_MESSAGE = "m.id IN (SELECT message_id FROM message_intents WHERE intent = ?)"
_INTENT = (
    "c.id IN (SELECT m.conversation_id FROM message_intents i JOIN messages m "
    "ON m.id = i.message_id WHERE i.intent = ?)"
)
# The index's rowid is (sent_at << 22) | id: a time bound is a rowid bound.
ROWID_SHIFT = 22


def _phrase(value: str, columns: str, prefix: bool = False) -> str:
    """One value as a phrase in some columns: `{subject body_text} : "1042"`.
    A value with nothing to search for matches nothing."""
    if not any(ch.isalnum() for ch in value):
        return '""'  # the empty phrase: FTS5 matches nothing with it
    star = "*" if prefix else ""
    quoted = value.replace('"', '""')
    return "{" + columns + "} : " + f'"{quoted}"{star}'


def order_phrase(number: str) -> str:
    """The order's number as the index holds it: `#1042`, `n°1042` hold `1042`."""
    return _phrase(number.lstrip("#"), "subject body_text")


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conversation_clauses(
    query: Query, now: datetime | None = None, *, of_messages: bool = False
) -> tuple[list[str], list[object]]:
    """WHERE clauses on `conversations c`. `of_messages`: only the prefixes that
    describe the conversation (the message search applies the others itself)."""
    where = ["c.merged_into IS NULL"]
    params: list[object] = []
    statuses = [s.lower() for s in query.values("status")]
    if statuses:
        where.append(f"c.status IN ({','.join('?' * len(statuses))})")
        params += statuses
    for tag in query.values("tag"):
        where.append(
            "c.id IN (SELECT conversation_id FROM conversation_tags WHERE tag = ?)"
        )
        params.append(tag.lower())
    for column in ("channel", "priority", "assignee"):
        for value in query.values(column):
            where.append(f"c.{column} = ?")
            params.append(value.lower() if column == "priority" else value)
    where += [_IS[value.lower()] for value in query.values("is")]
    for intent in query.values("intent"):
        where.append(_INTENT_OF_MESSAGE if of_messages else _INTENT)
        params.append(intent.lower())
    if languages := [code.lower() for code in query.values("lang")]:
        where.append(f"c.language IN ({','.join('?' * len(languages))})")
        params += languages
    if of_messages:
        return where, params
    for name in query.values("from"):
        where.append(
            "c.customer_id IN (SELECT customer_id FROM identities WHERE value LIKE ? "
            "ESCAPE '\\' UNION SELECT id FROM customers WHERE name LIKE ? ESCAPE '\\')"
        )
        params += [_like(name), _like(name)]
    for subject in query.values("subject"):
        where.append("c.subject LIKE ? ESCAPE '\\'")
        params.append(_like(subject))
    for number in query.values("order"):
        where.append(_MENTIONS)
        params.append(order_phrase(number))
    for value in query.values("before"):
        where.append("c.last_message_at < ?")
        params.append(instant(value, "before", now))
    for value in query.values("after"):
        where.append("c.last_message_at >= ?")
        params.append(instant(value, "after", now))
    if text := fts_query(" ".join(query.words)):
        where.append(_MENTIONS)
        params.append(text)
    return where, params


def message_match(query: Query) -> str | None:
    """The full-text expression a message must match in message_search: its
    words, and the prefixes that index answers (`subject:`, `order:`)."""
    parts = [fts_query(" ".join(query.words))]
    parts += [_phrase(v, "subject", True) for v in query.values("subject")]
    parts += [order_phrase(v) for v in query.values("order")]
    found = [p for p in parts if p]
    return " AND ".join(found) or None


def sender_match(query: Query) -> str | None:
    """`from:` as an expression for sender_search (0014): a word of the
    sender's name or address starting so, for each value."""
    found = [
        _phrase(v, "sender_name sender_address", True) for v in query.values("from")
    ]
    return " AND ".join(found) or None


def message_time_bounds(query: Query, now: datetime | None = None) -> tuple[int, int]:
    """`after:`/`before:` as a range of the index's rowids, [low, high)."""
    low, high = 0, 1 << 62
    for value in query.values("after"):
        low = max(low, instant(value, "after", now) << ROWID_SHIFT)
    for value in query.values("before"):
        high = min(high, instant(value, "before", now) << ROWID_SHIFT)
    return low, high

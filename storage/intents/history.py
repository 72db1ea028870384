"""The shop's own history as examples: corrections people made, conversations
tagged with an intent's name (or a tag the config maps to it), and messages
answered with a canned reply tagged with an intent (picked in the console, or
an older sent reply that reads like the canned reply).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from storage.connection import Store
from storage.intents.readings import CUSTOMER_MESSAGE

HISTORY_LIMIT = 3000  # newest labelled messages learnt from (bounds the fit's time)
MATCHED_REPLIES = 2000  # sent replies compared with the canned replies
MATCH_MIN = 0.6  # a sent reply this close to a canned reply was written from it


@dataclass(frozen=True, slots=True)
class Labelled:
    message_id: int
    subject: str
    text: str
    intent: str
    source: str  # correction or history


async def corrections(store: Store) -> list[Labelled]:
    """The latest correction of each message."""
    rows = await store.conn.execute_fetchall(
        "SELECT m.id, m.subject, m.body_text, c.intent FROM intent_corrections c "
        "JOIN messages m ON m.id = c.message_id WHERE c.id IN (SELECT max(id) FROM "
        "intent_corrections GROUP BY message_id) ORDER BY c.id"
    )
    return [Labelled(r[0], r[1], r[2], r[3], "correction") for r in rows]


async def tagged(store: Store, tag_intents: Mapping[str, str]) -> list[Labelled]:
    """The first customer message of each conversation tagged with a tag that
    names an intent."""
    if not tag_intents:
        return []
    rows = await store.conn.execute_fetchall(
        "SELECT m.id, m.subject, m.body_text, t.tag FROM conversation_tags t "
        "JOIN messages m ON m.id = (SELECT m.id FROM messages m WHERE "
        f"m.conversation_id = t.conversation_id AND {CUSTOMER_MESSAGE} "
        "ORDER BY m.sent_at, m.id LIMIT 1) WHERE t.tag IN (SELECT value FROM "
        "json_each(?)) ORDER BY m.id DESC LIMIT ?",
        (json.dumps(sorted(tag_intents)), HISTORY_LIMIT),
    )
    return [Labelled(r[0], r[1], r[2], tag_intents[r[3]], "history") for r in rows]


async def picks(store: Store) -> list[tuple[int, str, str, str]]:
    """Canned replies picked for customer messages: (message id, subject,
    text, reply name), newest first."""
    rows = await store.conn.execute_fetchall(
        "SELECT m.id, m.subject, m.body_text, p.reply FROM reply_picks p "
        "JOIN messages m ON m.id = p.message_id ORDER BY p.id DESC LIMIT ?",
        (HISTORY_LIMIT,),
    )
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


async def answered(store: Store) -> list[tuple[int, str, str, str]]:
    """The shop's sent replies with the customer message each answers:
    (customer message id, its subject, its text, the reply's text)."""
    rows = await store.conn.execute_fetchall(
        "SELECT q.id, q.subject, q.body_text, r.body_text FROM messages r "
        "JOIN messages q ON q.id = (SELECT m.id FROM messages m WHERE "
        f"m.conversation_id = r.conversation_id AND {CUSTOMER_MESSAGE} "
        "AND m.sent_at <= r.sent_at ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) "
        "WHERE r.direction = 'out' AND r.author_type = 'agent' "
        "ORDER BY r.id DESC LIMIT ?",
        (MATCHED_REPLIES,),
    )
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


async def fingerprint(
    store: Store, labels: Sequence[str], tags: Mapping[str, str]
) -> str:
    """What a fit would learn from, in a few numbers: a new correction changes
    it at once, the history only every 50 new labelled messages."""
    seed = resources.files("storage.intents").joinpath("examples.tsv").read_bytes()
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM "
            "intent_corrections), (SELECT count(*) FROM reply_picks), "
            "(SELECT count(*) FROM conversation_tags WHERE tag IN (SELECT value "
            "FROM json_each(?))), (SELECT count(*) FROM canned_replies), "
            "(SELECT coalesce(max(updated_at), 0) FROM canned_replies)",
            (json.dumps(sorted(tags)),),
        )
    )
    corrected, picked, tag_count, replies, edited = rows[0]
    parts = [
        hashlib.sha256(seed).hexdigest()[:12],
        ",".join(labels),
        json.dumps(sorted(tags.items())),
        str(corrected),
        str(int(picked) // 50),
        str(int(tag_count) // 50),
        f"{replies}:{edited}",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


async def saved_model(store: Store, fingerprint_: str) -> bytes | None:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT data FROM intent_models WHERE fingerprint = ?", (fingerprint_,)
        )
    )
    return bytes(rows[0][0]) if rows else None


async def save_model(
    store: Store, fingerprint_: str, data: bytes, examples: int, at: int
) -> None:
    """Keep only the newest fit: older ones are never read again."""
    async with store.transaction():
        await store.conn.execute("DELETE FROM intent_models")
        await store.conn.execute(
            "INSERT INTO intent_models (fingerprint, fitted_at, examples, data) "
            "VALUES (?, ?, ?, ?)",
            (fingerprint_, at, examples, data),
        )


async def record_pick(
    store: Store, message_id: int, reply: str, actor: str, at: int
) -> None:
    """A person inserted this canned reply to answer this customer message."""
    async with store.transaction():
        await store.conn.execute(
            "INSERT INTO reply_picks (message_id, reply, actor, at) VALUES (?, ?, ?, ?)",
            (message_id, reply, actor, at),
        )

"""Counting intents for reports (no numpy: reports never load the model)."""

from __future__ import annotations

from storage.connection import Store


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

"""An ingest batch's look-ups search indexes: none reads a whole table, or
every event of the conversations it touches, whose cost would grow with the
store (an import's storing time per message rose by half from 10,000 to
100,000 messages when two of them scanned)."""

from __future__ import annotations

from storage.connection import Store
from storage.ingest import ingest_messages
from tests.unit_tests.store.test_ingest import SHOP, mail

SCANNED = ("conversations", "identities", "messages", "customers", "events")


async def test_no_lookup_of_a_batch_scans_a_table(store: Store) -> None:
    await ingest_messages(store, "import", [mail(1, "ann@a.example", "Colis")], SHOP)
    statements: list[str] = []
    await store.conn.set_trace_callback(statements.append)
    batch = [
        mail(2, "ann@a.example", "Re: Colis", reply_to_id="m1@x"),
        mail(3, "bob@b.example", "Facture"),
    ]
    await ingest_messages(store, "import", batch, SHOP)
    await store.conn.set_trace_callback(lambda _: None)
    reads = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert any("identities" in s for s in reads)
    assert any("subject_key" in s for s in reads)
    for statement in reads:
        plan = await store.conn.execute_fetchall(f"EXPLAIN QUERY PLAN {statement}")
        steps = [str(row[3]) for row in plan]
        scans = [s for s in steps if s.startswith("SCAN ") and s.split()[1] in SCANNED]
        assert not scans, (statement, steps)
        # Only open surveys are wanted, not all the conversations' events.
        assert not any("events_conversation (conversation_id=?)" in s for s in steps)

"""The demo inbox: the same every time, and plausible."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from console.demo.build import build_demo
from plugins.email.parse import parse_email
from storage.connection import open_store
from storage.export import iter_raw_messages
from storage.orders import orders_for_customer
from tests.support import dump_tables

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TABLES = ("conversations", "messages", "events", "orders", "order_items")


async def test_the_demo_is_the_same_every_time_and_plausible(tmp_path: Path) -> None:
    summaries = []
    for name in ("a.db", "b.db"):
        async with open_store(tmp_path / name) as store:
            summaries.append(await build_demo(store, NOW))
    assert dump_tables(tmp_path / "a.db", TABLES) == dump_tables(
        tmp_path / "b.db", TABLES
    )
    summary = summaries[0]
    assert 200 <= sum(summary.conversations.values()) <= 320
    assert all(
        summary.conversations[s] > 0 for s in ("open", "pending", "snoozed", "closed")
    )
    assert summary.open_waiting_over_4h >= 5
    assert summary.canned_replies >= 8

    async with open_store(tmp_path / "a.db") as store:
        conn = store.conn
        channels = {
            r[0] for r in await conn.execute_fetchall("SELECT channel FROM messages")
        }
        assert channels == {"email", "chat"}
        subjects = [
            r[0] for r in await conn.execute_fetchall("SELECT subject FROM messages")
        ]
        assert any("commande" in s for s in subjects) and any(
            "order" in s for s in subjects
        )
        email_subjects = dict(
            await conn.execute_fetchall(
                "SELECT id, subject FROM messages WHERE channel = 'email'"
            )
        )
        async for raw in iter_raw_messages(store):
            if raw.channel == "email":
                assert parse_email(raw.raw).subject == email_subjects[raw.id]
        customers = [
            r[0]
            for r in await conn.execute_fetchall(
                "SELECT DISTINCT customer_id FROM conversations"
            )
        ]
        for customer in customers:
            orders = await orders_for_customer(store, customer)
            assert orders
            for order in orders:
                assert order.subtotal is not None and order.shipping is not None
                assert order.taxes is not None
                assert order.subtotal + order.shipping + order.taxes == order.total

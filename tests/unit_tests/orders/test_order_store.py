"""Orders in the store: updated rather than doubled, linked to their customer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from plugins.api import Address, InboundMessage, LineItem, OrderRecord
from storage.connection import Store
from storage.customers import find_customer
from storage.ingest import IngestItem, ingest_messages
from storage.orders import get_order, orders_for_customer, upsert_orders

ORDER = OrderRecord(
    source="shopify",
    number="#1001",
    email="Marie@Example.fr",
    customer_name="Marie",
    created_at=datetime(2026, 9, 3, 8, 15, tzinfo=UTC),
    currency="EUR",
    total=Decimal("46.90"),
    items=(LineItem("Thé", 2, Decimal("12.00"), "TV-100"),),
)


async def test_importing_again_updates_instead_of_doubling(store: Store) -> None:
    first = await upsert_orders(store, [ORDER])
    again = await upsert_orders(store, [ORDER])
    changed = replace(
        ORDER,
        fulfillment_status="fulfilled",
        tracking_number="6A123",
        items=(LineItem("Thé", 3, Decimal("12.00"), "TV-100"),),
    )
    third = await upsert_orders(store, [changed])
    assert (first.new, again.unchanged, third.updated) == (1, 1, 1)
    stored = await get_order(store, "shopify", "#1001")
    assert stored.tracking_number == "6A123"
    assert [(i.name, i.quantity) for i in stored.items] == [("Thé", 3)]
    assert stored.total == Decimal("46.90")


async def test_orders_join_the_customer_who_wrote_in(store: Store) -> None:
    message = InboundMessage(
        external_id="k1",
        raw=b"x",
        sender=Address("Marie", "marie@example.fr"),
        subject="Ma commande",
        sent_at=datetime(2026, 9, 4, tzinfo=UTC),
    )
    await ingest_messages(store, "import", [IngestItem(message, 0)])
    await upsert_orders(store, [ORDER])
    customer = await find_customer(store, "email", "MARIE@example.fr")
    assert customer is not None
    assert [o.number for o in await orders_for_customer(store, customer.id)] == [
        "#1001"
    ]


async def test_an_order_from_a_new_address_creates_its_customer(store: Store) -> None:
    await upsert_orders(
        store, [replace(ORDER, email="new@example.fr", customer_name="Nouveau")]
    )
    customer = await find_customer(store, "email", "new@example.fr")
    assert customer is not None and customer.name == "Nouveau"

"""Customers: found by identity, merged without losing anything."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plugins.api import Address, InboundMessage
from storage.connection import Store
from storage.conversations import ConversationFilter, list_conversations
from storage.customers import find_customer, get_customer, merge_customers
from storage.errors import StoreError
from storage.ingest import IngestItem, ingest_messages


def mail(n: int, sender: str, name: str) -> IngestItem:
    return IngestItem(
        InboundMessage(
            external_id=f"k{n}",
            raw=f"m{n}".encode(),
            sender=Address(name, sender),
            subject=f"Question {n}",
            sent_at=datetime(2026, 5, 1, 9, n, tzinfo=UTC),
        ),
        0,
    )


async def test_one_person_with_two_addresses_becomes_one_customer(store: Store) -> None:
    await ingest_messages(
        store,
        "import",
        [
            mail(1, "Ann@Example.com", "Ann Martin"),
            mail(2, "ann.martin@work.example", ""),
        ],
    )
    first = await find_customer(store, "email", "ann@example.com")
    second = await find_customer(store, "email", "ann.martin@work.example")
    assert first is not None and second is not None and first.id != second.id

    merged = await merge_customers(store, second.id, first.id)
    assert merged.id == second.id
    assert merged.name == "Ann Martin"
    assert {i.value for i in merged.identities} == {
        "ann@example.com",
        "ann.martin@work.example",
    }
    assert merged.conversation_count == 2
    # The absorbed record leads to the kept one.
    assert (await get_customer(store, first.id)).id == second.id
    listed = await list_conversations(store, ConversationFilter(customer="ann"))
    assert {c.customer_id for c in listed} == {second.id}

    # New mail from the absorbed address lands with the kept customer.
    await ingest_messages(store, "import", [mail(3, "ann@example.com", "Ann")])
    assert (await get_customer(store, second.id)).conversation_count == 3


async def test_merging_a_customer_with_itself_is_refused(store: Store) -> None:
    await ingest_messages(store, "import", [mail(1, "a@example.com", "A")])
    with pytest.raises(StoreError):
        await merge_customers(store, 1, 1)

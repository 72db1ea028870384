"""Changes to a conversation: applied, recorded as events, never twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plugins.api import Address, InboundMessage
from storage.actions import Actor, assign, set_priority, set_status, tag
from storage.connection import Store
from storage.conversations import get_conversation
from storage.errors import NotFound, StoreError
from storage.ingest import IngestItem, ingest_messages

CAMILLE = Actor("agent", "Camille")
T = int(datetime(2026, 5, 2, tzinfo=UTC).timestamp())  # after the message


async def conversation(store: Store) -> int:
    message = InboundMessage(
        external_id="k1",
        raw=b"x",
        sender=Address("Ann", "ann@example.com"),
        subject="Colis",
        sent_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
    )
    (result,) = await ingest_messages(store, "import", [IngestItem(message, 0)])
    assert result.conversation_id is not None
    return result.conversation_id


async def test_each_change_is_applied_and_recorded_once(store: Store) -> None:
    conv = await conversation(store)
    assert await set_status(store, conv, "pending", CAMILLE, at=T + 0)
    assert not await set_status(store, conv, "pending", CAMILLE, at=T + 1)
    assert await set_priority(store, conv, "urgent", CAMILLE, at=T + 2)
    assert await assign(store, conv, "Camille", CAMILLE, at=T + 3)
    assert await tag(store, conv, "livraison", CAMILLE, at=T + 4)
    assert not await tag(store, conv, "livraison", CAMILLE, at=T + 5)
    assert await tag(store, conv, "livraison", CAMILLE, remove=True, at=T + 6)
    assert await set_status(
        store, conv, "snoozed", CAMILLE, snoozed_until=10**9, at=T + 7
    )
    detail = await get_conversation(store, conv)
    assert (detail.summary.status, detail.summary.priority) == ("snoozed", "urgent")
    assert detail.summary.assignee == "Camille" and detail.summary.tags == ()
    changes = [(e.kind, e.previous, e.value) for e in detail.events[1:]]
    assert changes == [
        ("status", "open", "pending"),
        ("priority", "normal", "urgent"),
        ("assignee", None, "Camille"),
        ("tag_added", None, "livraison"),
        ("tag_removed", None, "livraison"),
        ("status", "pending", f"snoozed:{10**9}"),
    ]
    assert {e.actor for e in detail.events[1:]} == {"Camille"}


async def test_wrong_values_are_refused_with_a_reason(store: Store) -> None:
    conv = await conversation(store)
    with pytest.raises(StoreError, match="unknown priority"):
        await set_priority(store, conv, "asap", CAMILLE)
    with pytest.raises(StoreError, match="time to wake up"):
        await set_status(store, conv, "snoozed", CAMILLE)
    with pytest.raises(NotFound):
        await set_status(store, 999, "closed", CAMILLE)

"""Replies and notes: stored with their event, replies queued in the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from plugins.api import Address, InboundMessage
from storage.connection import Store
from storage.conversations import get_conversation
from storage.errors import NotFound
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import Author, add_note, list_outbox, queue_reply

CAMILLE = Author("Camille", "Bonjour@Shop.example")
T = int(datetime(2026, 5, 2, tzinfo=UTC).timestamp())


async def conversation(store: Store) -> int:
    message = InboundMessage(
        external_id="k1",
        raw=b"x",
        sender=Address("Ann", "ann@example.com"),
        subject="Colis",
        message_id="<a1@example.com>",
        references=("<r0@example.com>",),
        sent_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
    )
    (result,) = await ingest_messages(store, "import", [IngestItem(message, 0)])
    assert result.conversation_id is not None
    return result.conversation_id


async def test_a_reply_is_a_message_an_event_and_an_outbox_row(store: Store) -> None:
    conv = await conversation(store)
    pk = await queue_reply(store, conv, "Bonjour Ann,\nc'est parti.", CAMILLE, at=T)
    detail = await get_conversation(store, conv)
    reply = detail.messages[-1]
    assert (reply.direction, reply.subject, reply.text) == (
        "out",
        "Re: Colis",
        "Bonjour Ann,\nc'est parti.",
    )
    assert detail.events[-1].kind == "reply_out" and detail.events[
        -1
    ].at == datetime.fromtimestamp(T, UTC)
    (entry,) = await list_outbox(store)
    assert (entry.message_id, entry.state, entry.recipient) == (
        pk,
        "queued",
        "ann@example.com",
    )
    rows = await store.conn.execute_fetchall(
        "SELECT message_id_header, in_reply_to, references_json FROM messages WHERE id = ?",
        (pk,),
    )
    header, in_reply_to, references = next(iter(rows))
    assert header.endswith("@shop.example") and in_reply_to == "<a1@example.com>"
    assert json.loads(references) == ["<r0@example.com>", "<a1@example.com>"]
    second = await queue_reply(store, conv, "Et encore.", CAMILLE, at=T + 1)
    headers = await store.conn.execute_fetchall(
        "SELECT DISTINCT message_id_header FROM messages WHERE id IN (?, ?)",
        (pk, second),
    )
    assert len(list(headers)) == 2


async def test_a_note_is_internal_and_never_queued(store: Store) -> None:
    conv = await conversation(store)
    await add_note(store, conv, "Client fidèle, geste possible.", CAMILLE, at=T)
    detail = await get_conversation(store, conv)
    assert detail.messages[-1].direction == "note"
    assert (detail.events[-1].kind, detail.events[-1].visibility) == (
        "note",
        "internal",
    )
    assert await list_outbox(store) == []


async def test_replying_to_nothing_is_refused(store: Store) -> None:
    with pytest.raises(NotFound):
        await queue_reply(store, 99, "x", CAMILLE)


async def test_concurrent_writers_on_one_connection_take_turns(store: Store) -> None:
    """The app's workers, the mail watcher and the sender share one connection."""
    import asyncio

    conv = await conversation(store)
    await asyncio.gather(
        *(queue_reply(store, conv, f"reply {n}", CAMILLE, at=T + n) for n in range(5)),
        *(add_note(store, conv, f"note {n}", CAMILLE, at=T + n) for n in range(5)),
    )
    detail = await get_conversation(store, conv)
    assert len(detail.messages) == 11

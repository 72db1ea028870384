"""Sending as one transaction each: a reply with its draft and promise, a note,
a forward with its attachments; and whom a reply or a reply to all goes to."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from plugins.api import Address, Attachment, InboundMessage
from storage.connection import Store
from storage.conversations import get_conversation
from storage.drafts import get_draft, save_draft
from storage.errors import StoreError
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import Author, list_outbox
from storage.recipients import Recipients, parse_addresses, reply_recipients
from storage.sending import Promise, forward_message, save_note, send_reply

SHOP = "bonjour@shop.example"
CAMILLE = Author("Camille", SHOP)
T = int(datetime(2026, 5, 2, tzinfo=UTC).timestamp())


async def conversation(store: Store, **extra: object) -> int:
    message = InboundMessage(
        external_id="k1",
        raw=b"x",
        sender=Address("Ann", "ann@example.com"),
        to=(Address("Shop", SHOP), Address("Bob", "bob@example.com")),
        cc=(Address("", "Contact@Shop.example"), Address("Zoé", "zoe@example.com")),
        subject="Colis",
        message_id="<a1@example.com>",
        sent_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
        attachments=(Attachment("photo.png", "image/png", b"\x89PNG pixels"),),
        **extra,  # type: ignore[arg-type]
    )
    (result,) = await ingest_messages(
        store, "import", [IngestItem(message, 0)], frozenset({SHOP})
    )
    assert result.conversation_id is not None
    return result.conversation_id


SHOP_ADDRESSES = frozenset({SHOP, "contact@shop.example"})


async def test_reply_goes_to_the_sender_and_reply_to_all_keeps_the_others(
    store: Store,
) -> None:
    conv = await conversation(store)
    one = await reply_recipients(store, conv, SHOP_ADDRESSES, everyone=False)
    assert (one.to, one.cc) == ((Address("Ann", "ann@example.com"),), ())
    everyone = await reply_recipients(store, conv, SHOP_ADDRESSES, everyone=True)
    assert [p.address for p in everyone.cc] == ["bob@example.com", "zoe@example.com"]


async def test_a_reply_to_address_is_where_a_reply_goes(store: Store) -> None:
    conv = await conversation(
        store, reply_to=(Address("Ann at work", "ann@work.example"),)
    )
    chosen = await reply_recipients(store, conv, SHOP_ADDRESSES, everyone=True)
    assert [p.address for p in chosen.to] == ["ann@work.example"]
    assert "ann@work.example" not in [p.address for p in chosen.cc]


async def test_a_reply_its_draft_and_its_promise_are_one_transaction(
    store: Store,
) -> None:
    conv = await conversation(store)
    await save_draft(store, conv, "Je vous recontacte demain.", at=T)
    copies = Recipients(
        to=(Address("Ann", "ann@example.com"),),
        cc=parse_addresses("Bob <bob@example.com>", "Cc"),
        bcc=parse_addresses("boss@shop.example", "Bcc"),
    )
    promise = Promise(T + 86400, "Je vous recontacte demain.")
    pk = await send_reply(
        store, conv, "Je vous recontacte demain.", CAMILLE,
        recipients=copies, promise=promise, at=T,
    )  # fmt: skip
    detail = await get_conversation(store, conv)
    assert [e.kind for e in detail.events][-2:] == ["reply_out", "promise_made"]
    assert await get_draft(store, conv) is None
    (sent,) = [m for m in detail.messages if m.id == pk]
    assert [(k, a) for k, _, a in sent.recipients] == [
        ("to", "ann@example.com"),
        ("cc", "bob@example.com"),
        ("bcc", "boss@shop.example"),
    ]


async def test_a_failure_midway_leaves_neither_reply_nor_a_lost_draft(
    store: Store,
) -> None:
    conv = await conversation(store)
    await save_draft(store, conv, "Je vous recontacte demain.", at=T)
    await store.conn.execute(  # a failure at the last step, as a crash would
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON events "
        "WHEN new.kind = 'promise_made' BEGIN SELECT RAISE(ABORT, 'disk gone'); END"
    )
    with pytest.raises(Exception, match="disk gone"):
        await send_reply(
            store, conv, "Je vous recontacte demain.", CAMILLE,
            promise=Promise(T + 86400, "demain"), at=T,
        )  # fmt: skip
    assert await list_outbox(store) == []
    draft = await get_draft(store, conv)
    assert draft is not None and draft.body == "Je vous recontacte demain."
    assert [m.direction for m in (await get_conversation(store, conv)).messages] == [
        "in"
    ]


async def test_a_note_takes_its_draft_with_it(store: Store) -> None:
    conv = await conversation(store)
    await save_draft(store, conv, "client fidèle", at=T)
    await save_note(store, conv, "client fidèle", CAMILLE, at=T)
    assert await get_draft(store, conv) is None
    assert await list_outbox(store) == []


async def test_a_forward_carries_the_attachments_and_answers_nobody(
    store: Store,
) -> None:
    conv = await conversation(store)
    source = (await get_conversation(store, conv)).messages[0]
    carrier = parse_addresses("Transports Martin <sav@transports.example>", "To")
    pk = await forward_message(
        store, source.id, "Colis abîmé, voir photo.", Recipients(carrier), CAMILLE,
        at=T,
    )  # fmt: skip
    detail = await get_conversation(store, conv)
    (forward,) = [m for m in detail.messages if m.id == pk]
    assert (forward.direction, forward.subject) == ("out", "Fwd: Colis")
    assert [a.filename for a in forward.attachments] == ["photo.png"]
    assert forward.attachments[0].sha256 == source.attachments[0].sha256
    assert detail.events[-1].kind == "note" and detail.events[-1].value == "forward"
    assert "reply_out" not in [e.kind for e in detail.events]
    (entry,) = await list_outbox(store)
    assert (entry.message_id, entry.recipient) == (pk, "sav@transports.example")
    rows = await store.conn.execute_fetchall(
        "SELECT recipients_json FROM messages WHERE id = ?", (pk,)
    )
    assert json.loads(next(iter(rows))[0])[0]["kind"] == "to"


async def test_a_forward_needs_someone_to_go_to(store: Store) -> None:
    conv = await conversation(store)
    source = (await get_conversation(store, conv)).messages[0]
    with pytest.raises(StoreError, match="To"):
        await forward_message(store, source.id, "x", Recipients(), CAMILLE, at=T)


def test_addresses_are_read_as_people_write_them() -> None:
    people = parse_addresses('Ann <ANN@x.fr>; "Doe, John" <j@z.com>, ann@x.fr', "To")
    assert people == (Address("Ann", "ann@x.fr"), Address("Doe, John", "j@z.com"))
    with pytest.raises(StoreError, match="Cc: 'bob@' is not an email address"):
        parse_addresses("bob@", "Cc")

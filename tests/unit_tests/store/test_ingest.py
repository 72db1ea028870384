"""Storing messages: nothing lost, nothing doubled, threaded, searchable."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from plugins.api import Address, Attachment, InboundMessage
from storage.connection import Store
from storage.conversations import (
    ConversationFilter,
    get_conversation,
    list_conversations,
)
from storage.export import iter_raw_messages
from storage.ingest import IngestItem, ingest_messages
from storage.search import fts_query, search_messages

SHOP = frozenset({"support@shop.example"})


def mail(
    n: int,
    sender: str,
    subject: str,
    *,
    to: str = "support@shop.example",
    reply_to_id: str | None = None,
    text: str = "",
    attachments: tuple[Attachment, ...] = (),
    day: int = 1,
) -> IngestItem:
    raw = f"Message-ID: <m{n}@x>\nSubject: {subject}\n\nbody {n}\n".encode() + bytes(
        [n]
    )
    message = InboundMessage(
        external_id=f"key-{n}",
        raw=raw,
        sender=Address(sender.split("@")[0].title(), sender),
        to=(Address("", to),),
        subject=subject,
        text=text or f"message number {n}",
        sent_at=datetime(2026, 3, day, 9, n % 60, tzinfo=UTC),
        message_id=f"m{n}@x",
        in_reply_to=(reply_to_id,) if reply_to_id else (),
        attachments=attachments,
    )
    return IngestItem(message, fallback_time=0)


async def test_same_items_twice_store_nothing_new(store: Store) -> None:
    items = [mail(1, "ann@example.com", "Parcel"), mail(2, "bob@example.com", "Refund")]
    first = await ingest_messages(store, "import", items, SHOP)
    second = await ingest_messages(store, "import", items, SHOP)
    assert [r.outcome for r in first] == ["new", "new"]
    assert [r.outcome for r in second] == ["present", "present"]
    assert len(await list_conversations(store)) == 2


async def test_a_duplicate_inside_one_batch_is_stored_once(store: Store) -> None:
    item = mail(1, "ann@example.com", "Parcel")
    results = await ingest_messages(store, "import", [item, item], SHOP)
    assert [r.outcome for r in results] == ["new", "present"]


async def test_raw_bytes_come_back_unchanged(store: Store) -> None:
    big = mail(3, "ann@example.com", "Big", text="x" * 10)
    raw = big.message.raw + b"\xff\x00" * 4000  # compressed in the store
    items = [
        mail(1, "ann@example.com", "Hi"),
        IngestItem(InboundMessage(external_id="big", raw=raw, subject="Big"), 0),
    ]
    await ingest_messages(store, "import", items, SHOP)
    back = [m.raw async for m in iter_raw_messages(store)]
    assert back == [items[0].message.raw, raw]


async def test_a_shop_reply_and_the_customers_answer_share_a_conversation(
    store: Store,
) -> None:
    items = [
        mail(1, "ann@example.com", "Parcel"),
        mail(
            2,
            "support@shop.example",
            "Re: Parcel",
            to="ann@example.com",
            reply_to_id="m1@x",
        ),
        mail(3, "ann@example.com", "Re: Parcel", reply_to_id="m2@x"),
    ]
    results = await ingest_messages(store, "import", items, SHOP)
    assert len({r.conversation_id for r in results}) == 1
    detail = await get_conversation(store, results[0].conversation_id or 0)
    assert [m.direction for m in detail.messages] == ["in", "out", "in"]
    assert [m.thread_reason for m in detail.messages] == [
        "new",
        "in-reply-to",
        "our-message",
    ]
    assert [e.kind for e in detail.events] == ["message_in", "reply_out", "message_in"]
    assert detail.summary.customer_address == "ann@example.com"


async def test_attachments_are_stored_once_by_content(store: Store) -> None:
    invoice = Attachment("invoice.pdf", "application/pdf", b"%PDF-1.4 same bytes")
    items = [
        mail(1, "ann@example.com", "Invoice", attachments=(invoice,)),
        mail(2, "bob@example.com", "Invoice", attachments=(invoice,)),
    ]
    await ingest_messages(store, "import", items, SHOP)
    rows = await store.conn.execute_fetchall("SELECT count(*) FROM blobs")
    assert next(iter(rows))[0] == 1
    detail = await get_conversation(store, 2)
    assert detail.messages[0].attachments[0].filename == "invoice.pdf"


async def test_events_cannot_be_changed(store: Store) -> None:
    await ingest_messages(store, "import", [mail(1, "ann@example.com", "Hi")], SHOP)
    try:
        await store.conn.execute("UPDATE events SET at = 0")
    except Exception as exc:
        assert "append-only" in str(exc)
    else:
        raise AssertionError("an event was changed")


async def test_search_finds_newest_first_and_any_text_is_safe(store: Store) -> None:
    items = [
        mail(n, "ann@example.com", f"Colis {n}", text="Où est ma commande ?", day=n)
        for n in range(1, 6)
    ]
    await ingest_messages(store, "import", items, SHOP)
    hits = await search_messages(store, "commande", limit=3)
    assert [h.subject for h in hits] == ["Colis 5", "Colis 4", "Colis 3"]
    assert [h.subject for h in await search_messages(store, "OU EST")][:1] == [
        "Colis 5"
    ]
    for hostile in [
        '"',
        "NOT",
        "a OR",
        "*",
        "col:umn",
        "NEAR(",
        "'); DROP TABLE messages;--",
    ]:
        await search_messages(store, hostile)  # must not raise
    assert fts_query('say "hi" NOT') == '"say" """hi""" "NOT"'


async def test_filters_by_status_and_customer(store: Store) -> None:
    await ingest_messages(
        store,
        "import",
        [mail(1, "ann@example.com", "A"), mail(2, "bob@example.com", "B")],
        SHOP,
    )
    assert [
        c.subject
        for c in await list_conversations(store, ConversationFilter(customer="bob"))
    ] == ["B"]
    assert (
        await list_conversations(store, ConversationFilter(statuses=("closed",))) == []
    )


async def test_customer_writing_into_a_closed_conversation_reopens_it(
    store: Store,
) -> None:
    await ingest_messages(store, "import", [mail(1, "ann@example.com", "Parcel")], SHOP)
    await store.conn.execute("UPDATE conversations SET status = 'closed'")
    await ingest_messages(
        store,
        "import",
        [mail(2, "ann@example.com", "Re: Parcel", reply_to_id="m1@x")],
        SHOP,
    )
    detail = await get_conversation(store, 1)
    assert detail.summary.status == "open"
    assert [(e.kind, e.previous, e.value) for e in detail.events][-1:] == [
        ("status", "closed", "open")
    ]


async def test_a_batch_is_indexed_whole_and_single_inserts_still_are(
    store: Store,
) -> None:
    from storage.maintenance import check_store
    from storage.outbox import Author, queue_reply

    items = [
        mail(n, f"c{n}@example.com", f"Colis {n}", text=f"mot{n}") for n in range(40)
    ]
    results = await ingest_messages(store, "import", items, SHOP)
    for n in (0, 17, 39):
        assert [h.subject for h in await search_messages(store, f"mot{n}")] == [
            f"Colis {n}"
        ]
    conv = results[0].conversation_id
    assert conv is not None  # a reply goes in by itself: the trigger indexes it
    await queue_reply(
        store, conv, "expédié aujourd'hui", Author("Cam", "s@shop.example")
    )
    assert len(await search_messages(store, "expedie")) == 1
    # The senders' index (0014) is written by both ways too.
    assert [h.subject for h in await search_messages(store, "from:c17")] == ["Colis 17"]
    assert [h.sender_name for h in await search_messages(store, "from:cam")] == ["Cam"]
    rows = await store.conn.execute_fetchall("SELECT count(*) FROM search_deferred")
    assert list(rows) == [(0,)]
    assert (await check_store(store)).problems == ()


async def test_an_out_of_office_reply_is_kept_but_asks_for_nothing(
    store: Store,
) -> None:
    await ingest_messages(store, "import", [mail(1, "ann@example.com", "Parcel")], SHOP)
    await store.conn.execute("UPDATE conversations SET status = 'closed'")
    away = mail(2, "ann@example.com", "Auto: Parcel", reply_to_id="m1@x")
    away = IngestItem(
        replace(away.message, automatic="Auto-Submitted: auto-replied"), 0
    )
    await ingest_messages(store, "import", [away], SHOP)
    detail = await get_conversation(store, 1)
    assert detail.summary.status == "closed"  # not reopened
    assert [m.text for m in detail.messages] == ["message number 1", "message number 2"]
    kinds = [(e.kind, e.actor_type, e.value) for e in detail.events]
    assert kinds[-1] == ("auto_message", "automation", "auto-reply")
    assert "message_in" not in [k for k, _, _ in kinds[1:]]  # no timer starts
    raws = [m.raw async for m in iter_raw_messages(store)]
    assert away.message.raw in raws

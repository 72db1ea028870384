"""Each conversation's language: detected from the customer's messages at
ingest, set by a person and remembered for the customer, read for old stores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plugins.api import Address, InboundMessage
from storage.connection import Store
from storage.conversations import get_conversation
from storage.ingest import IngestItem, ingest_messages
from storage.language_store import (
    conversation_language,
    detect_stored,
    set_conversation_language,
)
from storage.query import QueryError, parse_query
from storage.queue import queue_ids
from storage.search import search_messages

SHOP = frozenset({"bonjour@shop.example"})


def mail(
    n: int,
    text: str,
    *,
    sender: str = "ann@example.com",
    subject: str = "",
    day: int = 1,
    reply_to: str | None = None,
    automatic: bool = False,
) -> IngestItem:
    outbound = sender in SHOP
    message = InboundMessage(
        external_id=f"k{n}",
        raw=f"m{n}".encode(),
        sender=Address("", sender),
        to=(Address("", "ann@example.com" if outbound else "bonjour@shop.example"),),
        subject=subject or f"Question {n}",
        text=text,
        sent_at=datetime(2026, 5, day, 9, n, tzinfo=UTC),
        message_id=f"m{n}@x",
        in_reply_to=(reply_to,) if reply_to else (),
        automatic=automatic,
    )
    return IngestItem(message, 0)


async def _language(
    store: Store, conversation_id: int
) -> tuple[str | None, str | None]:
    found = await conversation_language(store, conversation_id)
    return found.language, found.source


async def test_a_conversation_takes_its_customers_language(store: Store) -> None:
    (result,) = await ingest_messages(
        store, "email", [mail(1, "Hello, where is my parcel? It is late.")], SHOP
    )
    assert result.conversation_id is not None
    detail = await get_conversation(store, result.conversation_id)
    assert detail.summary.language == "en"
    assert detail.summary.language_source == "detected"
    assert detail.messages[0].language == "en"


async def test_the_shops_french_reply_changes_nothing(store: Store) -> None:
    first = mail(1, "Hello, where is my parcel? It is late.")
    answer = mail(
        2,
        "Bonjour, votre colis est parti hier, il arrive demain.",
        sender="bonjour@shop.example",
        reply_to="m1@x",
    )
    (one, two) = await ingest_messages(store, "email", [first, answer], SHOP)
    assert one.conversation_id == two.conversation_id is not None
    detail = await get_conversation(store, one.conversation_id)
    assert detail.summary.language == "en"
    assert detail.messages[1].language == ""


async def test_a_guess_never_overrides_a_sure_detection(store: Store) -> None:
    items = [
        mail(1, "Guten Tag, wo bleibt meine Bestellung? Sie ist seit Tagen unterwegs."),
        mail(2, "ok", reply_to="m1@x", day=2),
    ]
    (first, _) = await ingest_messages(store, "email", items, SHOP)
    assert first.conversation_id is not None
    assert await _language(store, first.conversation_id) == ("de", "detected")


async def test_an_out_of_office_is_not_the_customers_words(store: Store) -> None:
    away = mail(1, "I am out of the office until Monday.", automatic=True)
    (result,) = await ingest_messages(store, "email", [away], SHOP)
    assert result.conversation_id is not None
    assert await _language(store, result.conversation_id) == (None, None)


async def test_a_person_sets_it_and_the_customers_next_conversation_takes_it(
    store: Store,
) -> None:
    (first,) = await ingest_messages(
        store, "email", [mail(1, "Bonjour, où est mon colis ? Merci.")], SHOP
    )
    assert first.conversation_id is not None
    changed = await set_conversation_language(store, first.conversation_id, "en")
    assert (changed.language, changed.source) == ("en", "agent")
    later = mail(
        2, "Bonjour, je voudrais changer mon adresse.", subject="Adresse", day=20
    )
    (second,) = await ingest_messages(store, "email", [later], SHOP)
    assert second.conversation_id not in (None, first.conversation_id)
    assert second.conversation_id is not None
    assert await _language(store, second.conversation_id) == ("en", "customer")


async def test_detect_again_forgets_the_customers_language(store: Store) -> None:
    (first,) = await ingest_messages(
        store, "email", [mail(1, "Bonjour, où est mon colis ? Merci.")], SHOP
    )
    assert first.conversation_id is not None
    await set_conversation_language(store, first.conversation_id, "it")
    later = mail(
        2, "Hello, I would like to change my address.", subject="Address", day=20
    )
    (second,) = await ingest_messages(store, "email", [later], SHOP)
    assert second.conversation_id is not None
    assert await _language(store, second.conversation_id) == ("it", "customer")
    back = await set_conversation_language(store, first.conversation_id, None)
    assert (back.language, back.source) == ("fr", "detected")
    assert await _language(store, second.conversation_id) == ("en", "detected")


async def test_messages_stored_before_detection_are_read_later(store: Store) -> None:
    (result,) = await ingest_messages(
        store, "email", [mail(1, "Hola, ¿dónde está mi pedido? Gracias.")], SHOP
    )
    assert result.conversation_id is not None
    async with store.transaction():  # as a store migrated from before languages
        await store.conn.execute("UPDATE messages SET language = NULL")
        await store.conn.execute(
            "UPDATE conversations SET language = NULL, language_source = NULL"
        )
    assert await detect_stored(store, batch=1) == 1
    assert await _language(store, result.conversation_id) == ("es", "detected")
    assert await detect_stored(store) == 0


async def test_lang_finds_the_conversations_in_a_language(store: Store) -> None:
    items = [
        mail(1, "Hello, where is my parcel? It is late.", subject="Parcel"),
        mail(
            2, "Bonjour, où est mon colis ? Il est en retard.", sender="lea@example.fr"
        ),
        mail(3, "Hallo, wo ist mein Paket? Es ist spät.", sender="max@example.de"),
    ]
    results = await ingest_messages(store, "email", items, SHOP)
    english, french, german = (r.conversation_id for r in results)
    assert await queue_ids(store, "lang:en") == [english]
    assert set(await queue_ids(store, "lang:fr lang:DE")) == {french, german}
    found = await search_messages(store, "lang:fr colis")
    assert [hit.conversation_id for hit in found] == [french]
    with pytest.raises(QueryError, match="lang:klingon is unknown"):
        parse_query("lang:klingon")

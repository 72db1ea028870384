"""What the picker offers a conversation: each reply once, in the customer's
language first, and the words the spelling check must know."""

from __future__ import annotations

import shutil
from pathlib import Path

from storage.connection import Store, open_store
from storage.replies import choices_for, list_replies, save_reply
from storage.reply_context import known_words


async def _replies(store: Store) -> None:
    await save_reply(store, "facture", "Voici votre facture.", "Facture")
    await save_reply(
        store, "facture", "Here is your invoice.", "Invoice", language="en"
    )
    await save_reply(store, "casse", "Un nouvel article part.", "Cassé")
    await save_reply(store, "thanks", "Thanks!", "Thanks", language="en")


async def test_the_conversations_language_first(store: Store) -> None:
    await _replies(store)
    replies = await list_replies(store)
    english = choices_for(replies, "en", "fr")
    assert [(c.reply.name, c.reply.language, c.in_language) for c in english] == [
        ("facture", "en", True),
        ("thanks", "en", True),
        ("casse", "", False),
    ]
    assert english[0].languages == ("fr", "en")
    french = choices_for(replies, "fr", "fr")
    assert [(c.reply.name, c.reply.title, c.in_language) for c in french] == [
        ("casse", "Cassé", True),
        ("facture", "Facture", True),
        ("thanks", "Thanks", False),
    ]
    unknown = choices_for(replies, None, "fr")  # not known yet: the shop's
    assert [c.reply.title for c in unknown] == ["Cassé", "Facture", "Thanks"]


async def test_the_customers_and_the_products_words(
    demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    async with open_store(path) as store:
        rows = await store.conn.execute_fetchall(
            "SELECT c.id, cu.name FROM conversations c JOIN customers cu "
            "ON cu.id = c.customer_id JOIN orders o ON o.customer_id = cu.id LIMIT 1"
        )
        conversation, name = next(iter(rows))
        words = await known_words(store, conversation)
        items = await store.conn.execute_fetchall(
            "SELECT it.name FROM order_items it JOIN orders o ON o.id = it.order_id "
            "JOIN conversations c ON c.customer_id = o.customer_id WHERE c.id = ?",
            (conversation,),
        )
    assert name in words
    assert {str(row[0]) for row in items} <= set(words)

"""IMAP sync against a real Dovecot: full, incremental, UIDVALIDITY, Sent, flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.email.cursor import Cursor, FolderState
from storage.connection import Store
from storage.content_hash import looks_like_mail
from storage.conversations import get_conversation
from storage.search import search_messages
from storage.sync_state import read_cursor
from tests.functional_tests.email.conftest import SHOP, Account, mail
from tests.support import every_raw_message

pytestmark = pytest.mark.server


async def folder_state(store: Store, folder: str) -> FolderState | None:
    """Where the stored cursor says the folder has got to."""
    return Cursor.loads(await read_cursor(store, "support")).folders.get(folder)


async def count(store: Store, where: str = "1") -> int:
    rows = await store.conn.execute_fetchall(
        f"SELECT count(*) FROM messages WHERE channel = 'support' AND {where}"
    )
    return int(next(iter(rows))[0])


async def test_full_sync_of_the_corpus_stores_each_mail_once_unread(
    account: Account, store: Store, corpus: Path
) -> None:
    raws = every_raw_message(corpus / "email")
    account.append(raws)
    report = await account.fetch(store)
    # The same mail twice is one message; a text without headers is not known
    # by its content alone (the corpus has one, twice): two.
    distinct = len({r for r in raws if looks_like_mail(r)}) + sum(
        1 for r in raws if not looks_like_mail(r)
    )
    assert report.new == distinct == await count(store)
    assert report.present == len(raws) - distinct
    client = account.client()
    client.select_folder("INBOX", readonly=True)
    assert client.search(["SEEN"]) == []  # BODY.PEEK: nothing marked read
    client.logout()
    stored = await store.conn.execute_fetchall(
        "SELECT count(*) FROM raw_messages r JOIN messages m ON m.id = r.message_id "
        "WHERE m.channel = 'support'"
    )
    assert next(iter(stored))[0] == distinct


async def test_incremental_sync_takes_only_what_is_new(
    account: Account, store: Store
) -> None:
    account.append([mail(1), mail(2)])
    first = await account.fetch(store)
    account.append([mail(3)])
    second = await account.fetch(store)
    third = await account.fetch(store)
    assert (first.new, second.new, second.present, third.new) == (2, 1, 0, 0)
    hits = await search_messages(store, "#1003")
    assert [h.subject for h in hits] == ["Question 3"]
    state = await folder_state(store, "INBOX")
    assert state is not None and state.last_uid == 3


async def test_uidvalidity_reset_adds_no_duplicate(
    account: Account, store: Store
) -> None:
    client = account.client()
    client.create_folder("Orders")
    client.logout()
    account.append([mail(1), mail(2)], "Orders")
    await account.fetch(store, folders=["Orders"])
    before = await folder_state(store, "Orders")
    client = account.client()
    client.delete_folder("Orders")
    client.create_folder("Orders")  # a new UIDVALIDITY, the same mail again
    client.logout()
    account.append([mail(1), mail(2), mail(3)], "Orders")
    report = await account.fetch(store, folders=["Orders"])
    after = await folder_state(store, "Orders")
    assert before is not None and after is not None
    assert after.uidvalidity != before.uidvalidity
    assert (report.new, report.present) == (1, 2)
    assert await count(store) == 3


async def test_a_reply_sent_from_another_client_counts_as_the_shops(
    account: Account, store: Store
) -> None:
    account.append([mail(1)])
    phone_reply = mail(
        99,
        sender=SHOP,
        To="Ann <ann@example.com>",
        Subject="Re: Question 1",
        **{"In-Reply-To": "<q1@example.com>", "From": f"Tea shop <{SHOP}>"},
    )
    account.append([phone_reply], "Sent")
    report = await account.fetch(store)
    assert report.new == 2
    rows = await store.conn.execute_fetchall(
        "SELECT direction, conversation_id FROM messages WHERE channel = 'support' "
        "ORDER BY id"
    )
    (d1, c1), (d2, c2) = rows
    assert (d1, d2) == ("in", "out") and c1 == c2
    detail = await get_conversation(store, c1)
    assert [e.kind for e in detail.events] == ["message_in", "reply_out"]

"""The core's ingest loop with a channel in memory: cursors with their messages,
problems recorded, chats threaded by key, one customer across channels, a
busy store that ends in a clean error instead of a hang."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugins.api import Address, Batch, FetchProblem, RawMessage
from storage.connection import Store
from storage.customers import get_customer
from storage.errors import StoreBusy
from storage.pipeline import ingest as ingest_module
from storage.pipeline.ingest import Ingest
from storage.sync_state import fetch_problems, read_cursor
from tests.unit_tests.pipeline.fakes import chat_line, customer_mail, stored

MAIL = b"From: Bo <bo@example.com>\r\nSubject: Hello %d\r\nMessage-ID: <m%d@x>\r\n\r\nHi\r\n"


def raw(n: int) -> RawMessage:
    moment = datetime(2026, 5, 4, 9, n, tzinfo=UTC)
    return RawMessage(f"raw-{n}", MAIL % (n, n), moment)


async def batches(*items: Batch, then: Exception | None = None) -> AsyncIterator[Batch]:
    for item in items:
        yield item
    if then is not None:
        raise then


def ingest(store: Store) -> Ingest:
    from plugins.email.channel import EmailChannel

    return Ingest(store, "box", EmailChannel)


async def count(store: Store, sql: str = "SELECT count(*) FROM messages") -> int:
    return int(next(iter(await store.conn.execute_fetchall(sql)))[0])


async def test_the_cursor_is_stored_with_its_batch_and_a_failure_keeps_both(
    store: Store,
) -> None:
    first = Batch((raw(1), raw(2)), "c2")
    second = Batch((raw(3),), "c3")
    with pytest.raises(RuntimeError, match="server gone"):
        await ingest(store).run(
            batches(first, second, then=RuntimeError("server gone"))
        )
    assert (await count(store), await read_cursor(store, "box")) == (3, "c3")
    again = await ingest(store).run(batches(Batch((raw(3), raw(4)), "c4")))
    assert (again.new, again.present, await count(store)) == (1, 1, 4)
    assert await read_cursor(store, "box") == "c4"


async def test_raw_messages_are_parsed_and_dated_by_arrival_when_undated(
    store: Store,
) -> None:
    report = await ingest(store).run(batches(Batch((raw(7),), "c")))
    assert report.new == 1
    rows = await store.conn.execute_fetchall(
        "SELECT subject, sender_address, sent_at FROM messages"
    )
    subject, sender, sent_at = next(iter(rows))
    assert (subject, sender) == ("Hello 7", "bo@example.com")
    assert sent_at == int(datetime(2026, 5, 4, 9, 7, tzinfo=UTC).timestamp())


async def test_problems_are_kept_in_the_servers_words_until_the_message_comes(
    store: Store,
) -> None:
    trying = FetchProblem("raw-9", "UID 9: NO Some messages could not be FETCHed")
    await ingest(store).run(batches(Batch((raw(1),), "c1", (trying,))))
    assert await fetch_problems(store) == []  # not given up yet: not shown
    (kept,) = await fetch_problems(store, final_only=False)
    assert (kept.external_id, kept.final) == ("raw-9", False)
    given_up = FetchProblem(trying.external_id, trying.message, final=True)
    report = await ingest(store).run(batches(Batch((), "c2", (given_up,))))
    assert report.problems == [given_up]
    (shown,) = await fetch_problems(store, ["box"])
    assert shown.message == "UID 9: NO Some messages could not be FETCHed"
    await ingest(store).run(batches(Batch((raw(9),), "c3")))  # it came after all
    assert await fetch_problems(store, final_only=False) == []


async def test_a_chats_messages_join_by_thread_key_and_two_chats_stay_apart(
    store: Store,
) -> None:
    a1, b1, a2 = await stored(
        store, "site", chat_line(1, "s1"), chat_line(2, "s2"), chat_line(3, "s1")
    )
    assert a1 == a2 != b1
    rows = await store.conn.execute_fetchall(
        "SELECT thread_reason, thread_key FROM messages WHERE external_id = 'chat-3'"
    )
    assert list(rows) == [("same-chat", "s1")]
    (later,) = await stored(store, "site", chat_line(4, "s2"))  # another batch
    assert later == b1


async def test_a_customer_known_by_mail_and_by_chat_is_one_customer(
    store: Store,
) -> None:
    (by_mail,) = await stored(store, "support", customer_mail(1))
    aka = (Address("Ann", "ANN@example.com"),)
    (by_chat,) = await stored(
        store, "site", chat_line(1, "s1", handle="telegram:5123", also_known_as=aka)
    )
    rows = await store.conn.execute_fetchall(
        "SELECT DISTINCT customer_id FROM conversations WHERE id IN (?, ?)",
        (by_mail, by_chat),
    )
    (customer_id,) = (r[0] for r in rows)
    customer = await get_customer(store, customer_id)
    assert {(i.kind, i.value) for i in customer.identities} == {
        ("email", "ann@example.com"),
        ("chat", "telegram:5123"),
    }


async def test_an_anonymous_visitor_who_gives_a_known_address_is_merged(
    store: Store,
) -> None:
    (by_mail,) = await stored(store, "support", customer_mail(1))
    (anonymous,) = await stored(store, "site", chat_line(1, "s1"))
    aka = (Address("Ann", "ann@example.com"),)
    await stored(store, "site", chat_line(2, "s1", also_known_as=aka))
    rows = await store.conn.execute_fetchall(
        "SELECT count(DISTINCT customer_id) FROM conversations"
    )
    assert next(iter(rows))[0] == 1
    assert by_mail != anonymous


async def test_a_store_held_by_another_process_ends_in_store_busy_not_a_hang(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "BUSY_RETRIES", (0.05,))
    await store.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, holding on
    try:
        many = [Batch((raw(n),), f"c{n}") for n in range(1, 30)]
        with pytest.raises(StoreBusy, match="stayed busy with another comptoir"):
            await asyncio.wait_for(ingest(store).run(batches(*many)), 10)
    finally:
        other.rollback()
        other.close()
    assert await count(store) == 0 and await read_cursor(store, "box") is None
    report = await ingest(store).run(batches(*many))  # resumes: nothing lost
    assert report.new == 29

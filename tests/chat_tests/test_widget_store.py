"""The widget server's own file: durable before the answer, once per key."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from plugins.chat.records import FileData, NewEntry, Visitor
from storage.widget_store import open_widget_store


async def test_concurrent_messages_share_commits_and_each_is_kept(
    tmp_path: Path,
) -> None:
    async with open_widget_store(tmp_path / "w.db") as store:
        for n in range(20):
            await store.create_visitor(
                Visitor(f"v{n}", name=f"Visitor {n}"), f"hash{n}"
            )
        before = store.writer.commits
        news = [NewEntry(f"v{n % 20}", f"m{n}", "in", "text", f"message {n}") for n in range(400)]  # fmt: skip
        stored = await asyncio.gather(*(store.add_entry(e) for e in news))
        assert sorted(s.entry.seq for s in stored) == list(range(1, 401))
        assert all(s.created for s in stored)
        assert store.writer.commits - before < 100  # grouped, not one fsync each
        inbound = await store.inbound(0, 1000)
        assert [i.entry.text for i in inbound] == [f"message {n}" for n in range(400)]
        # each names the entry before it in its own visitor's conversation
        assert inbound[20].previous is not None and inbound[20].previous.key == "m0"


async def test_one_bad_write_leaves_the_rest_of_its_group(tmp_path: Path) -> None:
    async with open_widget_store(tmp_path / "w.db") as store:
        await store.create_visitor(Visitor("v1"), "h1")
        good = store.add_entry(NewEntry("v1", "a", "in", "text", "ok"))
        orphan = store.add_entry(NewEntry("nobody", "b", "in", "text", "no visitor"))
        results = await asyncio.gather(good, orphan, return_exceptions=True)
        assert not isinstance(results[0], BaseException) and results[0].created
        assert isinstance(results[1], sqlite3.IntegrityError)
        assert [e.text for e in await store.entries("v1")] == ["ok"]


async def test_the_same_key_is_stored_once_and_reopening_keeps_everything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.db"
    async with open_widget_store(path) as store:
        server = store.server_id
        await store.create_visitor(Visitor("v1", name="Ann"), "h1")
        first = await store.add_entry(NewEntry("v1", "k", "in", "text", "Bonjour"))
        again = await store.add_entry(NewEntry("v1", "k", "in", "text", "Bonjour"))
        assert first.created and not again.created and again.entry == first.entry
        photo = FileData("p.png", "image/png", b"\x89PNG\r\n\x1a\nabc")
        await store.add_entry(NewEntry("v1", "f", "in", "text", file=photo))
    async with open_widget_store(path) as store:
        assert store.server_id == server
        visitor = await store.visitor_by_token("h1")
        assert visitor is not None and visitor.topic == "Bonjour"
        [_, with_file] = await store.inbound(0)
        assert with_file.file == photo.data
        assert with_file.entry.file is not None
        assert with_file.entry.file.filename == "p.png"


async def test_a_new_file_gets_a_new_server_id(tmp_path: Path) -> None:
    async with open_widget_store(tmp_path / "a.db") as a:
        first = a.server_id
    async with open_widget_store(tmp_path / "b.db") as b:
        assert b.server_id != first


async def test_an_unwritable_place_is_named(tmp_path: Path) -> None:
    from storage.errors import StoreError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as raised:
        async with open_widget_store(blocker / "w.db"):
            pass
    assert str(blocker) in raised.value.message

"""Where a batch starts or ends never changes the result.

An import killed between two batches and resumed stores the rest in other
batches than an uninterrupted run: every message must still be threaded the
same way, with the same ids.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

from plugins.email.parse import parse_email
from plugins.email.sources import read_mbox
from storage.connection import open_store
from storage.ingest import IngestItem, ingest_messages
from tests.conftest import ROOT
from tests.support import dump_tables

SHOP = frozenset({"support@boutique-exemple.fr"})
TABLES = ("customers", "identities", "conversations", "messages", "events")


def _generate(target: Path, count: int) -> None:
    spec = importlib.util.spec_from_file_location(
        "generate_mail", ROOT / "benchmarks" / "generate_mail.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_mail"] = module
    spec.loader.exec_module(module)
    module.main([str(target), "--count", str(count), "--format", "mbox", "--seed", "3"])


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> list[IngestItem]:
    mbox = tmp_path_factory.mktemp("mail") / "shop.mbox"
    _generate(mbox, 600)
    return [IngestItem(parse_email(m.raw), m.fallback_time) for m in read_mbox(mbox)]


async def _ingest(db: Path, items: list[IngestItem], size: int) -> None:
    async with open_store(db) as store:
        for start in range(0, len(items), size):
            await ingest_messages(store, "import", items[start : start + size], SHOP)


@pytest.mark.parametrize("size", [1, 7, 97])
async def test_any_batch_size_gives_the_same_database(
    items: list[IngestItem], tmp_path: Path, size: int
) -> None:
    await _ingest(tmp_path / "whole.db", items, len(items))
    await _ingest(tmp_path / "parts.db", items, size)
    whole = dump_tables(tmp_path / "whole.db", TABLES)
    assert len(whole["messages"]) == len(items)
    conn = sqlite3.connect(tmp_path / "whole.db")
    reasons = {r for (r,) in conn.execute("SELECT thread_reason FROM messages")}
    conn.close()
    assert {"new", "in-reply-to", "our-message", "subject"} <= reasons
    assert dump_tables(tmp_path / "parts.db", TABLES) == whole

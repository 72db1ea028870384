"""How a folder's new UIDs are cut into FETCHes (plugins/email/imap_sync.py)."""

from __future__ import annotations

import pytest

from plugins.email import imap_sync


@pytest.mark.parametrize("count", [0, 1, 30, 99, 100, 499, 500, 501, 2000, 10_000])
def test_every_uid_once_in_order_never_more_than_a_chunk(count: int) -> None:
    spans = list(imap_sync._chunks(count))
    covered = [n for start, end in spans for n in range(start, end)]
    assert covered == list(range(count))
    assert all(0 < end - start <= imap_sync.CHUNK for start, end in spans)


def test_a_big_sync_ends_on_small_fetches() -> None:
    sizes = [end - start for start, end in imap_sync._chunks(10_000)]
    assert sizes[:17] == [500] * 17  # 8,500; then the last 1,500 in 9 FETCHes
    assert max(sizes[-4:]) <= imap_sync.TAIL


def test_a_small_sync_is_one_fetch() -> None:
    assert list(imap_sync._chunks(60)) == [(0, 60)]


def test_a_smaller_chunk_is_obeyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap_sync, "CHUNK", 2)
    assert list(imap_sync._chunks(5)) == [(0, 2), (2, 4), (4, 5)]

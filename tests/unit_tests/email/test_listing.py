"""A big folder listed by name in bounded memory (issue 14: import memory flat
from 10k to 1M messages)."""

from __future__ import annotations

import os
import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from plugins.email import listing
from plugins.email.sources import _kind, read_maildir


def _fill(folder: Path, count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    names = [
        f"{rng.randrange(10**9, 10**10)}.M{n}P{n}.host,S=1:2,S" for n in range(count)
    ]
    for name in names:
        (folder / name).touch()
    return names


def test_runs_merged_back_give_the_names_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "RUN", 50)
    names = _fill(tmp_path, 420)
    odd = ["a\nb", "é-ü", os.fsdecode(b"\xffnot-utf8"), "z" * 200]
    for name in odd:
        (tmp_path / name).touch()
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").touch()
    got = list(listing.sorted_entries(tmp_path, _kind))
    expected = sorted([(n, "file") for n in names + odd] + [("sub", "dir")])
    assert got == expected


def test_a_small_folder_is_sorted_in_memory(tmp_path: Path) -> None:
    names = _fill(tmp_path, 30)
    assert [n for n, _ in listing.sorted_entries(tmp_path, _kind)] == sorted(names)


def _peak(walk: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        walk()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_near_one_run_whatever_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against the whole listing sorted in memory, as imports did before."""
    monkeypatch.setattr(listing, "RUN", 2_000)
    _fill(tmp_path, 20_000)

    def whole() -> object:
        with os.scandir(tmp_path) as found:
            return sorted((e.name, _kind(e)) for e in found)

    def runs() -> object:
        return sum(1 for _ in listing.sorted_entries(tmp_path, _kind))

    assert _peak(runs) < _peak(whole) / 3


def test_a_maildir_bigger_than_a_run_is_read_in_name_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "RUN", 7)
    cur = tmp_path / "cur"
    cur.mkdir()
    (tmp_path / "new").mkdir()
    names = sorted(f"{1700000000 + n * 37 % 101}.M{n}.host:2,S" for n in range(40))
    for name in names:
        (cur / name).write_bytes(f"Subject: {name}\r\n\r\nbody\r\n".encode())
    read = [Path(source.origin).name for source in read_maildir(tmp_path)]
    assert read == names

"""A long import or sync gives the heap pages each batch freed back to the
system, instead of keeping them resident between blocks still in use."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from storage.pipeline.workers import free_heap_pages

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's malloc_trim, measured in /proc",
)

BLOCK = 64 * 1024  # under glibc's mmap threshold: carved from the heap


def _resident_anonymous_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1000
    raise AssertionError("no RssAnon in /proc/self/status")


def test_freed_heap_pages_between_live_blocks_go_back() -> None:
    blocks = [bytearray(BLOCK) for _ in range(800)]  # 52 MB, every page touched
    kept = blocks[::16]  # a live block every 1 MB: the heap cannot shrink
    del blocks
    before = _resident_anonymous_mb()
    free_heap_pages()
    after = _resident_anonymous_mb()
    assert before - after > 25, (before, after)
    assert all(len(block) == BLOCK for block in kept)  # live blocks untouched

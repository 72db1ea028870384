"""Parse workers: processes that turn a channel's raw bytes into messages.

Parsing is the costly part of a big sync or import, so it runs on every core;
the storing process keeps its one core for SQLite. The pool is forked before
the store's thread exists (forking a threaded process is unsafe), and each
worker watches its parent: when the parent dies, even by SIGKILL, the worker
exits within half a second instead of holding the caller's pipes open.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import timedelta
from multiprocessing import get_context
from operator import attrgetter
from typing import Any, TypeVar

from plugins.api import Channel, InboundMessage, RawMessage
from storage.ingest_rows import PackedRaw, customer_languages, pack_raw
from storage.languages import Detection, shop_detector

# A Date header further ahead of the channel's arrival time than this is wrong
# (a sender's clock, or a spammer jumping the queue): the arrival time is used.
FUTURE_SLACK = timedelta(hours=1)
PARENT_CHECK = 0.5  # seconds between a worker's looks at its parent
INLINE_BELOW = 20  # fewer messages than this are parsed in the storing process
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK = 128 * 1024  # glibc's default threshold, kept from moving

Parsed = tuple[InboundMessage, PackedRaw, Detection]
# What a worker sends back for one message: the record's fields after its
# `external_id` and `raw` (the storing process holds both), as a plain tuple,
# so that the record is made once, there, with its raw bytes.
Sent = tuple[tuple[Any, ...], PackedRaw, Detection]
# Named from InboundMessage itself, not the parsed record's type: a channel
# that returns a subclass sends the fields the store reads, in their order
# (with_raw puts external_id and raw, the first two, back in front).
_SENT_FIELDS = attrgetter(*InboundMessage.__slots__[2:])
T = TypeVar("T")


def _exit_with(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK)
        if os.getppid() != parent:
            os._exit(1)  # orphaned: nobody will read what we would return


def _worker_start(parent: int) -> None:
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def rebuilt(record: T, **changes: Any) -> T:
    """A frozen slotted record with some fields changed: what dataclasses.replace
    does, at a third of its cost (a sync or import does it per message)."""
    values = [changes.get(name, getattr(record, name)) for name in record.__slots__]  # type: ignore[attr-defined]
    return type(record)(*values)


def _dated(message: InboundMessage, raw: RawMessage) -> InboundMessage:
    """The message's own date when sensible, else the channel's arrival time."""
    arrived, sent = raw.received_at, message.sent_at
    if arrived is None:
        return message
    if sent is None or sent.tzinfo is None or sent > arrived + FUTURE_SLACK:
        return rebuilt(message, sent_at=arrived)
    return message


def parse_to_send(channel: type[Channel], raws: list[RawMessage]) -> list[Sent]:
    """Parse, pack and read the customer's language, off the storing process's
    core. The raw bytes are not sent back (the caller still holds them): that
    would copy each mail twice; nor is the record (rebuilding it without them,
    then with them again, cost 5 us a message on each side).

    Each step runs over the whole batch before the next starts: the parser,
    the language model and the compressor each keep the CPU's caches to
    themselves that way. Taken message by message, the same work cost 18 %
    more CPU (10,000 generated messages in batches of 500: 2.9 s, 2.4 s).
    """
    messages = [_dated(channel.parse(raw), raw) for raw in raws]
    languages = customer_languages(messages)
    packed = [pack_raw(raw.raw) for raw in raws]
    return [
        (_SENT_FIELDS(message), packed_raw, language)
        for message, packed_raw, language in zip(
            messages, packed, languages, strict=True
        )
    ]


def parse_raws(channel: type[Channel], raws: list[RawMessage]) -> list[Parsed]:
    """What a worker makes of a batch, as records without their raw bytes."""
    return with_raw(parse_to_send(channel, raws), raws, keep_raw=False)


_WARM_UP = RawMessage("warm-up", b"From: a@b.example\r\nSubject: x\r\n\r\nx\r\n")


@functools.cache
def _glibc() -> Any | None:
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018 (absent off glibc)
    except (OSError, AttributeError):
        return None
    return libc


def free_heap_pages() -> None:
    """Give the system back the free pages inside the heap (glibc's
    malloc_trim; by itself it only trims the heap's top). Each batch frees the
    last one's mail and rows, but blocks still in use sit between them, so
    the freed pages stayed resident: in an import's storing process, free heap
    grew from 4 MB at 10,000 messages to 8 MB at 100,000 (mallinfo2). About
    0.3 ms a batch. No-op off glibc."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def _large_blocks_from_the_system() -> None:
    """Blocks of 128 kB and more (a batch pickled for a worker, a big mail)
    mapped from the system and given back when freed. glibc raises that
    threshold up to 32 MB once such a block is freed, and then carves them
    from the heap, which fragments: an import's storing process grew by 20 MB
    over 100,000 messages of free but kept heap, and each parse worker copied
    the forked heap pages its batches landed in. No-op off glibc."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


def start_pool(parsers: Sequence[type[Channel]] = ()) -> ProcessPoolExecutor | None:
    """Worker processes, forked now, before any thread of the store exists.

    Each parser parses one small message first, here: what it imports on first
    use is then imported once and shared by the workers, not once in each. The
    language detector's model is loaded here too, once, for the same reason
    (loaded in each worker, it is numpy and the model again in each).
    For the rest of this one-shot command, here and in the forked workers, the
    garbage collector runs less often: parsing makes millions of short-lived
    objects and almost no cycles (a 10,000-message sync: 2.7 to 2.5 s)."""
    _large_blocks_from_the_system()
    for parser in parsers:
        with contextlib.suppress(Exception):  # a broken parser fails later, named
            parser.parse(_WARM_UP)
    workers = os.cpu_count() or 1
    if workers < 2:
        return None
    detector = shop_detector()
    if len(detector.languages) > 1:  # with one, nothing is detected
        detector.warm()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    pool = ProcessPoolExecutor(
        workers,
        mp_context=get_context("fork"),
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )
    for future in [pool.submit(time.sleep, 0) for _ in range(workers)]:
        future.result()  # every worker forked now, while it is safe
    return pool


def parse_later(
    pool: Executor | None, channel: type[Channel], raws: list[RawMessage]
) -> asyncio.Future[list[Sent]]:
    """The parsed batch (`with_raw` makes its records): in a worker when there
    is a pool and enough to do; without a pool (the app), in a thread, so that
    the screen stays live."""
    if len(raws) >= INLINE_BELOW:
        if pool is not None:
            return asyncio.wrap_future(pool.submit(parse_to_send, channel, raws))
        return asyncio.ensure_future(asyncio.to_thread(parse_to_send, channel, raws))
    done: asyncio.Future[list[Sent]] = asyncio.get_running_loop().create_future()
    done.set_result(parse_to_send(channel, raws))
    return done


def with_raw(
    sent: list[Sent], raws: list[RawMessage], keep_raw: bool = True
) -> list[Parsed]:
    """The parsed messages as records, with their raw bytes as they were
    received (or none: `keep_raw=False`)."""
    return [
        (InboundMessage(raw.external_id, raw.raw if keep_raw else b"", *rest), p, lang)
        for (rest, p, lang), raw in zip(sent, raws, strict=True)
    ]

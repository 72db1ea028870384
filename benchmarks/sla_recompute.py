"""Recomputing every open conversation's nearest deadline (`open_deadlines`).

    .venv/bin/python benchmarks/sla_recompute.py [--count 100000] [--odd 0.3]

Builds (once) a store of `count` open conversations, each with 1 to 5 messages
in and out over the last two weeks; a share `--odd` of them also has a status
history (pending, then reopened by the customer): a pause of the resolution
clock, which the bulk path handles too. Prints the whole call's time, then how
it splits: reading `sla_facts` (the SQLite query and turning its rows into
arrays), the numpy computation with the DeadlineTable it returns, and the walk
of the conversations flagged for it (loading their events included).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from storage.connection import open_store
from storage.sla.deadlines import deadlines_from, open_deadlines
from storage.sla.facts import WALK, open_facts
from storage.sla.policy import SlaSettings, default_calendar, default_policy

HERE = Path(__file__).resolve().parent
NOW = int(datetime(2026, 6, 10, 15, tzinfo=UTC).timestamp())


def build(path: Path, count: int, odd: float) -> None:
    rng = random.Random(1)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO customers (id, name, created_at) VALUES (?, '', 0)",
        ((n,) for n in range(1, count + 1)),
    )
    conversations, events = [], []
    for n in range(1, count + 1):
        at = NOW - rng.randint(600, 14 * 86400)
        status = "open"
        for i in range(rng.randint(1, 5)):
            kind, actor = (
                ("message_in", "customer") if i % 2 == 0 else ("reply_out", "agent")
            )
            events.append((n, at, kind, actor, None, None))
            at += rng.randint(60, 86400)
            if at > NOW:
                break
        if rng.random() < odd:
            # Kept in the past (a history after the reading would be walked).
            at = max(events[-1][1], min(at, NOW - 60))
            events.append((n, at, "status", "agent", "pending", "open"))
            events.append((n, at + 60, "message_in", "customer", None, None))
            events.append((n, at + 60, "status", "customer", "open", "pending"))
        priority = "high" if rng.random() < 0.1 else "normal"
        conversations.append((n, n, "email", status, priority, at - 86400, at))
    conn.executemany(
        "INSERT INTO conversations (id, customer_id, channel, status, priority, "
        "created_at, last_message_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        conversations,
    )
    conn.executemany(
        "INSERT INTO events (conversation_id, at, kind, actor_type, value, previous) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        events,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def best(times: list[float]) -> str:
    """The median first (the headline), with the fastest and slowest run."""
    ms = [t * 1000 for t in times]
    return (
        f"median {statistics.median(ms):6.1f} ms (min {min(ms):.1f}, max {max(ms):.1f})"
    )


async def measure(path: Path, repeat: int) -> None:
    settings = SlaSettings(
        (default_policy(),), {"business-hours": default_calendar("Europe/Paris")}
    )
    now = datetime.fromtimestamp(NOW, UTC)
    async with open_store(path) as store:
        total, cpu, query, compute, walk = [], [], [], [], []
        for _ in range(repeat):
            began, used = time.perf_counter(), time.process_time()
            found = await open_deadlines(
                store, now, settings.policies, settings.calendars
            )
            total.append(time.perf_counter() - began)
            cpu.append(time.process_time() - used)
            began = time.perf_counter()
            facts = await open_facts(store, NOW)
            query.append(time.perf_counter() - began)
            walked = (facts.flags & WALK) != 0
            bulk, odd = facts.take(np.flatnonzero(~walked)), np.flatnonzero(walked)
            began = time.perf_counter()
            await deadlines_from(store, bulk, settings, NOW)
            compute.append(time.perf_counter() - began)
            began = time.perf_counter()
            await deadlines_from(store, facts.take(odd), settings, NOW)
            walk.append(time.perf_counter() - began)
        tick = []
        for minutes in range(1, repeat + 1):  # the console's clock ticking on
            began = time.perf_counter()
            late = found.breached_at(NOW + 60 * minutes)
            tick.append(time.perf_counter() - began)
        assert len(late) <= len(found)
        states: dict[str, int] = {}
        for deadline in found.values():
            states[deadline.state] = states.get(deadline.state, 0) + 1
    print(f"open conversations:   {len(facts.ids):,} ({len(odd):,} walked in full)")
    print(f"deadlines found:      {len(found):,} {states}")
    print(f"open_deadlines total: {best(total)}  (target: median under 200 ms)")
    print(
        f"  its CPU time:       {best(cpu)}  (every thread; what load stretches less)"
    )
    print(f"  read sla_facts:     {best(query)}  (query, rows to arrays)")
    print(
        f"  compute, bulk:      {best(compute)}  ({len(facts.ids) - len(odd):,} conversations)"
    )
    print(f"  walk of the rest:   {best(walk)}  (events loaded and walked)")
    print(f"tick (breached_at):   {best(tick)}  (no query, no recompute)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--odd", type=float, default=0.3)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"sla-{args.count}-{args.odd}.db"
    if not path.exists():

        async def migrate() -> None:
            async with open_store(path):
                pass

        asyncio.run(migrate())
        began = time.perf_counter()
        build(path, args.count, args.odd)
        print(f"built {path.name} in {time.perf_counter() - began:.1f} s")
    asyncio.run(measure(path, args.repeat))


if __name__ == "__main__":
    main()

"""Timers read from a real store: imported mail, actions, promises; the bulk
deadlines agree with the full walk of each conversation."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plugins.api import Address, InboundMessage
from storage.actions import Actor, set_priority, set_status, tag
from storage.connection import Store
from storage.ingest import IngestItem, ingest_messages
from storage.sla.calendar import WEEKDAYS, Calendar, weekly
from storage.sla.deadlines import conversation_timers, nearest, open_deadlines
from storage.sla.history import history_of
from storage.sla.policy import Policy, Target
from storage.sla.records import keep_promise, record_promise

PARIS = ZoneInfo("Europe/Paris")
SHOP = Address("La Théière Bleue", "bonjour@latheierebleue.fr")
CAMILLE = Actor("agent", "Camille")
CALENDARS = {
    "shop": Calendar(
        "shop", "Europe/Paris", weekly({d: [("09:00", "17:00")] for d in WEEKDAYS[:5]})
    )
}
POLICIES = [
    Policy(
        "vip",
        {"first_response": Target(30, "min"), "resolution": Target(1, "d")},
        "shop",
        tags=frozenset({"vip"}),
    ),
    Policy(
        "urgent",
        {"first_response": Target(1, "h", False)},
        "shop",
        priorities=frozenset({"urgent"}),
    ),
    Policy(
        "standard",
        {
            "first_response": Target(1, "h"),
            "next_response": Target(2, "h"),
            "resolution": Target(8, "h"),
        },
        "shop",
    ),
]


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=PARIS)


def mail(
    n: int, i: int, who: Address, to: Address, at: datetime, parent: bool
) -> InboundMessage:
    return InboundMessage(
        external_id=f"m{n}.{i}",
        raw=f"message {n}.{i}".encode(),
        sender=who,
        to=(to,),
        subject=f"Question {n}",
        text="texte",
        sent_at=at,
        message_id=f"m{n}.{i}@example.com",
        in_reply_to=(f"m{n}.{i - 1}@example.com",) if parent else (),
    )


async def ingest(store: Store, channel: str, *messages: InboundMessage) -> int:
    results = await ingest_messages(
        store, channel, [IngestItem(m, 0) for m in messages], frozenset({SHOP.address})
    )
    assert results[0].conversation_id is not None
    return results[0].conversation_id


async def test_a_reply_seen_in_sent_meets_the_first_response(store: Store) -> None:
    ann = Address("Ann", "ann@example.com")
    conv = await ingest(store, "import", mail(1, 0, ann, SHOP, paris(5, 16, 30), False))
    # Later, the Sent folder holds the owner's answer, written on her phone.
    await ingest(store, "imap-sent", mail(1, 1, SHOP, ann, paris(8, 9, 20), True))
    timers = await conversation_timers(store, conv, paris(8, 10), POLICIES, CALENDARS)
    first = next(t for t in timers if t.metric == "first_response")
    assert (first.state, first.due_at, first.business_elapsed) == (
        "met",
        paris(8, 9, 30),
        50 * 60,
    )
    deadlines = await open_deadlines(store, paris(8, 10), POLICIES, CALENDARS)
    assert deadlines[conv].metric == "resolution"
    assert deadlines[conv].due_at == paris(8, 16, 30)


async def test_promise_recorded_then_kept(store: Store) -> None:
    ann = Address("Ann", "ann@example.com")
    conv = await ingest(store, "import", mail(1, 0, ann, SHOP, paris(1, 9), False))
    await ingest(store, "import", mail(1, 1, SHOP, ann, paris(1, 9, 10), True))
    due = int(paris(1, 9, 40).timestamp())
    at = int(paris(1, 9, 10).timestamp())
    await record_promise(store, conv, due, "avant 9h40", CAMILLE, at=at)
    deadlines = await open_deadlines(store, paris(1, 9, 35), POLICIES, CALENDARS)
    assert (deadlines[conv].metric, deadlines[conv].state) == ("promise", "at_risk")
    await keep_promise(store, conv, CAMILLE, at=at + 60)
    deadlines = await open_deadlines(store, paris(1, 9, 35), POLICIES, CALENDARS)
    assert deadlines[conv].metric == "resolution"


async def _random_inbox(store: Store, rng: random.Random, count: int) -> None:
    start = paris(1, 8)
    for n in range(count):
        who = Address(f"C{n}", f"c{n}@example.com")
        at = start + timedelta(minutes=rng.randint(0, 5 * 1440))
        messages, shop_first = [], rng.random() < 0.1
        for i in range(rng.randint(1, 5)):
            ours = (i % 2 == 0) == shop_first
            messages.append(
                mail(n, i, SHOP if ours else who, who if ours else SHOP, at, i > 0)
            )
            at += timedelta(minutes=rng.choice([0, 0, 5, 60, 300, 1500]))
        conv = await ingest(store, "chat" if n % 3 else "email", *messages)
        stamp = int(at.timestamp())
        roll = rng.random()
        if roll < 0.1:
            await set_status(store, conv, "pending", CAMILLE, at=stamp)
        elif roll < 0.15:
            await set_status(
                store, conv, "snoozed", CAMILLE, snoozed_until=stamp + 7200, at=stamp
            )
        elif roll < 0.2:
            await set_status(store, conv, "closed", CAMILLE, at=stamp)
        elif roll < 0.25:
            await record_promise(store, conv, stamp + 3600, "", CAMILLE, at=stamp)
        if rng.random() < 0.1:
            await set_priority(store, conv, "urgent", CAMILLE, at=stamp + 1)
        if rng.random() < 0.1:
            await tag(store, conv, "vip", CAMILLE, at=stamp + 2)


async def test_bulk_deadlines_agree_with_each_conversations_timers(
    store: Store,
) -> None:
    await _random_inbox(store, random.Random(5), 250)
    states: set[str] = set()
    for now in (paris(2, 12), paris(4, 18), paris(9, 10)):
        for policies in (POLICIES, POLICIES[1:]):  # with tags, and without
            bulk = await open_deadlines(store, now, policies, CALENDARS)
            walked = {}
            for conv in range(1, 251):
                timers = await conversation_timers(
                    store, conv, now, policies, CALENDARS
                )
                found = nearest(timers)
                if found is not None:
                    walked[conv] = found
            assert len(bulk) > 40
            assert {c: walked[c] for c in bulk} == bulk
            states |= {d.state for d in bulk.values()}
            # what the walk has beyond the bulk: conversations closed since
            for conv in set(walked) - set(bulk):
                assert (await history_of(store, conv)).status == "closed"
    assert states == {"active", "at_risk", "paused", "breached"}

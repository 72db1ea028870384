"""Building the demo inbox: ~300 conversations of a small tea shop over 30 days.

Deterministic for a given `now` and seed; every time is relative to `now` so the
inbox looks alive whenever it is built. Some recent conversations are still
unanswered, a few of them past a 4-hour first-response target.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from console.demo import data
from console.demo.messages import SHOP, chat_message, email_message, quoted
from console.demo.people import Person, make_orders, make_people
from plugins.api import Address, InboundMessage, OrderRecord
from storage.actions import Actor, assign, set_priority, set_status, tag
from storage.connection import Store
from storage.conversations import count_conversations
from storage.ingest import IngestItem, ingest_messages
from storage.maintenance import demo_counts
from storage.orders import upsert_orders
from storage.replies import save_reply

CONVERSATIONS = 300
UNANSWERED = 25
AGENT = Actor("agent", data.AGENT)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    customers: int
    conversations: dict[str, int]
    messages: int
    orders: int
    canned_replies: int
    open_waiting_over_4h: int


@dataclass(slots=True)
class _Script:
    """One conversation: its messages by channel, and what the shop did after."""

    channel: str
    messages: list[InboundMessage] = field(default_factory=list)
    status: str = "open"
    tags: tuple[str, ...] = ()
    priority: str = "normal"
    end: datetime | None = None


def _texts(topic: data.Topic, french: bool) -> data.Texts:
    return topic[3] if french else topic[4]


def _conversation(
    rng: random.Random,
    n: int,
    person: Person,
    start: datetime,
    answered: bool,
    order: tuple[str, str],
) -> _Script:
    topic = rng.choice(data.TOPICS)
    subject_t, question_t, answer_t = _texts(topic, person.french)
    fill = {
        "order": order[0],
        "tracking": order[1],
        "name": person.name,
        "first": person.first,
        "agent": data.AGENT,
    }
    subject, question, answer = (
        t.format(**fill) for t in (subject_t, question_t, answer_t)
    )
    channel = "chat" if rng.random() < 0.25 else "email"
    script = _Script(channel, tags=topic[1], priority=topic[2])
    customer = Address(person.name, person.email)
    turns = [(customer, SHOP, question, start)]
    if answered:
        reply_at = start + timedelta(minutes=rng.randint(20, 480))
        turns.append((SHOP, customer, answer, reply_at))
        if rng.random() < 0.3:
            thanks, welcome = data.FOLLOW_UP[0 if person.french else 1]
            again = reply_at + timedelta(hours=rng.randint(1, 20))
            turns += [
                (customer, SHOP, thanks, again),
                (
                    SHOP,
                    customer,
                    welcome,
                    again + timedelta(minutes=rng.randint(10, 120)),
                ),
            ]
    ids: list[str] = []
    for i, (sender, recipient, text, at) in enumerate(turns):
        if channel == "chat":
            script.messages.append(
                chat_message(
                    f"s{n}",
                    i,
                    sender,
                    recipient,
                    subject,
                    text,
                    at,
                    ids[-1] if ids else None,
                )
            )
        else:
            attach = (
                "photo"
                if topic[0] == "damaged" and i == 0
                else "invoice"
                if topic[0] == "invoice" and i == 1
                else None
            )
            body = text + (
                quoted(
                    turns[i - 1][2],
                    turns[i - 1][0].name,
                    turns[i - 1][3],
                    person.french,
                )
                if i
                else ""
            )
            title = subject if i == 0 else "Re: " + subject
            script.messages.append(
                email_message(
                    sender,
                    recipient,
                    title,
                    body,
                    at,
                    f"demo{n}.{i}@latheierebleue.fr",
                    ids,
                    attach,
                )
            )
        ids.append(script.messages[-1].message_id or "")
    script.end = turns[-1][3]
    if answered:
        roll = rng.random()
        script.status = (
            "closed"
            if roll < 0.75
            else "pending"
            if roll < 0.87
            else "snoozed"
            if roll < 0.92
            else "open"
        )
    return script


def _start_times(rng: random.Random, now: datetime) -> list[tuple[datetime, bool]]:
    """Older conversations were answered; the newest are waiting, some too long."""
    waiting = [
        now - timedelta(minutes=m)
        for m in (
            12,
            25,
            40,
            55,
            75,
            95,
            120,
            150,
            180,
            200,
            210,
            225,
            235,
            250,
            270,
            300,
            330,
            420,
            600,
            780,
            960,
            1200,
            1560,
            1800,
            2700,
        )
    ]
    older = [
        now - timedelta(minutes=rng.randint(2 * 1440, 30 * 1440))
        for _ in range(CONVERSATIONS - UNANSWERED)
    ]
    return sorted(
        [(t, True) for t in older] + [(t, False) for t in waiting[:UNANSWERED]]
    )


async def _ingest(
    store: Store, scripts: list[_Script], now: datetime
) -> dict[int, int]:
    """Store every message; the conversation id of each script."""
    first_ids: dict[str, int] = {}
    for channel in ("email", "chat"):
        mine = [m for s in scripts if s.channel == channel for m in s.messages]
        mine.sort(key=lambda m: m.sent_at or now)
        items = [IngestItem(m, int(now.timestamp())) for m in mine]
        for start in range(0, len(items), 500):
            results = await ingest_messages(
                store,
                channel,
                items[start : start + 500],
                frozenset({data.SHOP_ADDRESS}),
                int(now.timestamp()),
            )
            first_ids.update((r.external_id, r.conversation_id or 0) for r in results)
    return {n: first_ids[s.messages[0].external_id] for n, s in enumerate(scripts)}


async def _act(
    store: Store, rng: random.Random, conv: int, s: _Script, now: datetime
) -> None:
    """What the shop did after the last message: tags, priority, status."""
    assert s.end is not None
    at = int((s.end + timedelta(minutes=rng.randint(2, 30))).timestamp())
    for name in s.tags:
        await tag(store, conv, name, AGENT, at=at)
    if s.priority != "normal":
        await set_priority(store, conv, s.priority, AGENT, at=at)
    if rng.random() < 0.3:
        await assign(store, conv, data.AGENT, AGENT, at=at)
    if s.status == "snoozed":
        until = int((now + timedelta(hours=rng.randint(6, 72))).timestamp())
        await set_status(store, conv, "snoozed", AGENT, snoozed_until=until, at=at)
    elif s.status != "open":
        await set_status(store, conv, s.status, AGENT, at=at)


async def build_demo(store: Store, now: datetime, seed: int = 7) -> DemoSummary:
    """Fill an empty store with the demo shop's customers, orders and inbox."""
    rng = random.Random(seed)
    now = now.replace(second=0, microsecond=0)
    people = make_people(rng)
    orders: list[OrderRecord] = []
    for person in people:
        orders += make_orders(rng, person, now, 1001 + len(orders))
    by_email = {p.email: [o for o in orders if o.email == p.email] for p in people}
    scripts = []
    for n, (start, answered) in enumerate(_start_times(rng, now)):
        person = rng.choice(people)
        order = rng.choice(by_email[person.email])
        scripts.append(
            _conversation(
                rng,
                n,
                person,
                start,
                answered,
                (order.number, order.tracking_number or "à venir"),
            )
        )
    await upsert_orders(store, orders)
    conversations = await _ingest(store, scripts, now)
    for n, script in enumerate(scripts):
        await _act(store, rng, conversations[n], script, now)
    for name, title, body, tags in data.CANNED_REPLIES:
        language = "en" if name in data.ENGLISH_REPLIES else ""
        await save_reply(
            store, name, body, title, tags, int(now.timestamp()), language=language
        )
    await _read_intents(store, now)
    return await describe_demo(store, now)


async def _read_intents(store: Store, now: datetime) -> None:
    """What every customer message asks, as the app would have read it."""
    from storage.intents.service import IntentReader
    from storage.intents.settings import IntentSettings

    reader = IntentReader(IntentSettings())
    stamp, below = int(now.timestamp()), None
    while batch := await reader.read_new(store, stamp, since=0, below=below):
        below = min(new.message.id for new in batch)


async def describe_demo(store: Store, now: datetime | None = None) -> DemoSummary:
    """What a demo store holds, read back from it."""
    moment = now or datetime.now(UTC)
    counts = await demo_counts(store, int(moment.timestamp()) - 4 * 3600)
    return DemoSummary(
        customers=counts["customers"],
        conversations=await count_conversations(store),
        messages=counts["messages"],
        orders=counts["orders"],
        canned_replies=counts["canned_replies"],
        open_waiting_over_4h=counts["waiting"],
    )

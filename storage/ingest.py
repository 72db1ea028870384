"""Storing inbound messages in batches: de-duplicated, threaded, indexed.

One transaction per batch, so an import killed at any moment leaves whole batches
behind and a second run continues where the first stopped. Set-based look-ups and
`executemany` keep the round trips to the database thread few per batch.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from plugins.api import InboundMessage
from storage.connection import Store
from storage.ingest_lookup import (
    load_known_messages,
    load_recent_conversations,
    load_statuses,
    next_ids,
    present_external_ids,
    resolve_customers,
)
from storage.ingest_rows import BatchRows, PackedRaw, message_time, pack_raw
from storage.survey_answers import OpenSurvey, SurveyAnswer, open_surveys, parse_answer
from storage.threads import KnownMessage, RecentConversation, decide_thread, subject_key


@dataclass(frozen=True, slots=True)
class IngestItem:
    """A message to store, with the time to use if it carries no usable Date."""

    message: InboundMessage
    fallback_time: int
    packed: PackedRaw | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    external_id: str
    outcome: Literal["new", "present"]
    message_id: int | None = None
    conversation_id: int | None = None
    thread_reason: str = ""
    defects: tuple[str, ...] = ()


@dataclass(slots=True)
class _Plan:
    """What the batch decided so far; later messages of the batch see it.

    It holds exactly what the database would answer had each earlier message
    been committed alone, so that where a batch starts or stops (a killed
    import resumed) never changes how a message is threaded.
    """

    known: dict[str, list[KnownMessage]]
    by_subject: dict[tuple[int, str], list[int]]
    last: dict[int, int]
    owner: dict[int, int]  # conversation -> its customer
    rows: BatchRows = field(default_factory=BatchRows)
    surveys: dict[int, OpenSurvey] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        known: dict[str, list[KnownMessage]],
        recent: dict[tuple[int, str], list[RecentConversation]],
    ) -> _Plan:
        plan = cls(known, {}, {}, {})
        for messages in known.values():
            plan.owner.update((m.conversation_id, m.customer_id) for m in messages)
        for (customer, key), conversations in recent.items():
            plan.by_subject[customer, key] = [c.conversation_id for c in conversations]
            plan.last.update(
                (c.conversation_id, c.last_message_at) for c in conversations
            )
            plan.owner.update((c.conversation_id, customer) for c in conversations)
        return plan

    def recent(self, customer_id: int, key: str) -> list[RecentConversation]:
        return [
            RecentConversation(conv, self.last[conv])
            for conv in self.by_subject.get((customer_id, key), ())
        ]

    def record(
        self, conv: int, new: bool, customer_id: int, key: str, sent_at: int
    ) -> None:
        if new:
            self.by_subject.setdefault((customer_id, key), []).append(conv)
            self.owner[conv] = customer_id
        self.last[conv] = max(self.last.get(conv, sent_at), sent_at)

    def survey_answer(
        self, conv: int, message: InboundMessage, at: int
    ) -> SurveyAnswer | None:
        """The message's answer to the conversation's open survey, if it is one;
        a survey takes one answer, so later replies are messages again."""
        survey = self.surveys.get(conv)
        if survey is None or not survey.takes(at):
            return None
        answer = parse_answer(message.text)
        survey.answered = answer is not None
        return answer


async def existing_external_ids(
    store: Store, channel: str, external_ids: Sequence[str]
) -> set[str]:
    """Which of these ids the channel instance has stored already."""
    return await present_external_ids(store.conn, channel, external_ids)


def _customer_address(
    message: InboundMessage, outbound: bool, shop: frozenset[str]
) -> str:
    if not outbound:
        return message.sender.address.lower() if message.sender else ""
    for person in (*message.to, *message.cc):
        if person.address.lower() not in shop:
            return person.address.lower()
    return ""


def _customer_name(message: InboundMessage, address: str) -> str:
    for person in (message.sender, *message.to, *message.cc):
        if person is not None and person.address.lower() == address:
            return person.name
    return ""


def _participants(message: InboundMessage) -> frozenset[str]:
    """As the store reads them back: the sender and every recipient."""
    people = [*message.to, *message.cc, *message.reply_to]
    sender = message.sender.address.lower() if message.sender else ""
    return frozenset({sender, *(p.address.lower() for p in people)})


async def ingest_messages(
    store: Store,
    channel: str,
    items: Sequence[IngestItem],
    shop_addresses: frozenset[str] = frozenset(),
    received_at: int | None = None,
) -> list[IngestResult]:
    """Store the new messages of `items` in one transaction; report each item."""
    async with store.transaction():
        return await ingest_in_transaction(
            store, channel, items, shop_addresses, received_at
        )


async def ingest_in_transaction(
    store: Store,
    channel: str,
    items: Sequence[IngestItem],
    shop_addresses: frozenset[str] = frozenset(),
    received_at: int | None = None,
) -> list[IngestResult]:
    """As `ingest_messages`, inside a transaction the caller holds (so that a
    sync cursor can be written with the messages it covers)."""
    received = int(time.time()) if received_at is None else received_at
    present = await present_external_ids(
        store.conn, channel, [item.message.external_id for item in items]
    )
    fresh: list[IngestItem] = []
    seen = set(present)
    for item in items:
        if item.message.external_id not in seen:
            seen.add(item.message.external_id)
            fresh.append(item)
    if not fresh:
        return [IngestResult(i.message.external_id, "present") for i in items]
    stored = await _store_fresh(store, channel, fresh, shop_addresses, received)
    by_id = {result.external_id: result for result in stored}
    absent = IngestResult("", "present")
    return [
        by_id.pop(key, absent) if key in by_id else IngestResult(key, "present")
        for key in (item.message.external_id for item in items)
    ]


async def _store_fresh(
    store: Store,
    channel: str,
    fresh: list[IngestItem],
    shop: frozenset[str],
    received: int,
) -> list[IngestResult]:
    conn = store.conn
    outbound = [
        bool(i.message.sender and i.message.sender.address.lower() in shop)
        for i in fresh
    ]
    addresses = [
        _customer_address(i.message, out, shop)
        for i, out in zip(fresh, outbound, strict=True)
    ]
    ids = await next_ids(conn)
    names: dict[str, str] = {}  # first appearance order; the first name given
    for item, address in zip(fresh, addresses, strict=True):
        if not names.get(address):
            names[address] = _customer_name(item.message, address)
    customers = await resolve_customers(conn, names, ids, received)
    refs = {
        ref
        for i in fresh
        for ref in (*i.message.in_reply_to, *i.message.references, i.message.message_id)
        if ref
    }
    known = await load_known_messages(conn, refs)
    keys = {
        (customers[a], subject_key(i.message.subject))
        for i, a in zip(fresh, addresses, strict=True)
    }
    recent = await load_recent_conversations(conn, keys)
    plan = _Plan.start(known, recent)
    # Only stored conversations can have had a survey; the batch threads into these.
    plan.surveys = await open_surveys(conn, list(plan.owner))
    results = []
    for item, out, address in zip(fresh, outbound, addresses, strict=True):
        results.append(
            _plan_one(plan, ids, channel, item, out, customers[address], received)
        )
    statuses = await load_statuses(conn, plan.rows.touched_existing())
    plan.rows.reopen(statuses, channel)
    await plan.rows.write(conn)
    return results


def _plan_one(
    plan: _Plan,
    ids: dict[str, int],
    channel: str,
    item: IngestItem,
    outbound: bool,
    customer_id: int,
    received: int,
) -> IngestResult:
    message = item.message
    sent_at, dated = message_time(message, item.fallback_time, received)
    sender = message.sender.address.lower() if message.sender else ""
    key = subject_key(message.subject)
    decision = decide_thread(
        message_id=message.message_id,
        in_reply_to=message.in_reply_to,
        references=message.references,
        customer_id=customer_id,
        sender=sender,
        subject=message.subject,
        sent_at=sent_at,
        known=plan.known,
        recent=plan.recent(customer_id, key),
    )
    conversation_id = decision.conversation_id
    if conversation_id is None:
        ids["conversations"] += 1
        conversation_id = ids["conversations"]
        plan.rows.new_conversation(
            conversation_id, customer_id, channel, message.subject, key, sent_at
        )
    ids["messages"] += 1
    message_pk = ids["messages"]
    answered = not (outbound or message.automatic)  # a responder answers nothing
    answer = plan.survey_answer(conversation_id, message, sent_at) if answered else None
    plan.rows.add_message(
        message_pk,
        conversation_id,
        channel,
        message,
        outbound,
        sent_at,
        received,
        decision,
        item.packed or pack_raw(message.raw),
        answer,
        dated,
    )
    plan.record(
        conversation_id, decision.conversation_id is None, customer_id, key, sent_at
    )
    if message.message_id:
        plan.known.setdefault(message.message_id, []).append(
            KnownMessage(
                conversation_id,
                plan.owner[conversation_id],
                outbound,
                _participants(message),
            )
        )
    return IngestResult(
        message.external_id,
        "new",
        message_pk,
        conversation_id,
        decision.reason,
        message.defects,
    )

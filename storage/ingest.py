"""Storing inbound messages in batches: de-duplicated, threaded, indexed.

One transaction per batch, so an import killed at any moment leaves whole batches
behind and a second run continues where the first stopped. Set-based look-ups and
`executemany` keep the round trips to the database thread few per batch.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from plugins.api import InboundMessage
from storage.connection import Store
from storage.content_hash import looks_like_mail
from storage.identities import customer_key, customer_name, key_of, resolve_customers
from storage.ingest_lookup import (
    load_chats,
    load_known_messages,
    load_recent_conversations,
    load_replies,
    load_statuses,
    next_ids,
    present_content,
    present_external_ids,
    sent_by_outbox,
)
from storage.ingest_plan import Plan
from storage.ingest_rows import PackedRaw, message_time, pack_raw
from storage.languages import Detection
from storage.survey_answers import open_surveys
from storage.threads import ThreadDecision, decide_thread, subject_key


@dataclass(frozen=True, slots=True)
class IngestItem:
    """A message to store, with the time to use if it carries no usable Date."""

    message: InboundMessage
    fallback_time: int
    packed: PackedRaw | None = None
    # The customer's language, read where the message was parsed, off the
    # writer's core (storage.ingest_rows.customer_language); None: read it when stored.
    language: Detection | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    external_id: str
    outcome: Literal["new", "present"]
    message_id: int | None = None
    conversation_id: int | None = None
    thread_reason: str = ""
    defects: tuple[str, ...] = ()


async def existing_external_ids(
    store: Store, channel: str, external_ids: Sequence[str]
) -> set[str]:
    """Which of these ids the channel instance has stored already."""
    return await present_external_ids(store.conn, channel, external_ids)


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
    fresh = await _fresh(store, channel, items)
    if not fresh:
        return [IngestResult(i.message.external_id, "present") for i in items]
    stored = await _store_fresh(store, channel, fresh, shop_addresses, received)
    by_id = {result.external_id: result for result in stored}
    absent = IngestResult("", "present")
    return [
        by_id.pop(key, absent) if key in by_id else IngestResult(key, "present")
        for key in (item.message.external_id for item in items)
    ]


async def _fresh(
    store: Store, channel: str, items: Sequence[IngestItem]
) -> list[IngestItem]:
    """The items not stored yet: under their key in this channel, or anywhere as
    the same mail (its content, and its Message-ID) from a file, another
    account or an export, or as a reply the outbox sent (its Message-ID chosen
    there; the copy in Sent). Content alone identifies only a whole mail (one
    with a Message-ID, or starting with a header field): a channel whose raw
    originals are bare lines ("ok") never loses a message to an identical one."""
    packed = [item.packed or pack_raw(item.message.raw) for item in items]
    keys = [item.message.external_id for item in items]
    seen = await present_external_ids(store.conn, channel, keys)
    same = await present_content(store.conn, [p.sha256 for p in packed])
    headers = [i.message.message_id for i in items if i.message.message_id]
    ours = await sent_by_outbox(store.conn, headers) if headers else set()
    fresh: list[IngestItem] = []
    for item, raw in zip(items, packed, strict=True):
        mail = (raw.sha256, item.message.message_id or "")
        whole = bool(item.message.message_id) or looks_like_mail(item.message.raw)
        if item.message.external_id in seen or (whole and mail in same):
            continue
        if item.message.message_id in ours:
            continue
        seen.add(item.message.external_id)
        if whole:
            same.add(mail)
        fresh.append(item if item.packed else replace(item, packed=raw))
    return fresh


async def _store_fresh(
    store: Store,
    channel: str,
    fresh: list[IngestItem],
    shop: frozenset[str],
    received: int,
) -> list[IngestResult]:
    conn = store.conn
    outbound = [
        bool(i.message.sender and key_of(i.message.sender)[1] in shop) for i in fresh
    ]
    senders = []
    for item, out in zip(fresh, outbound, strict=True):
        key = customer_key(item.message, out, shop)
        aka = {key_of(other): other.name for other in item.message.also_known_as}
        senders.append((key, customer_name(item.message, key), aka))
    ids = await next_ids(conn)
    customers = await resolve_customers(conn, senders, ids, received)
    refs = {
        ref
        for i in fresh
        for ref in (*i.message.in_reply_to, *i.message.references, i.message.message_id)
        if ref
    }
    known = await load_known_messages(conn, refs)
    own_ids = {i.message.message_id for i in fresh if i.message.message_id}
    replies = await load_replies(conn, own_ids)
    keys = {
        (customer, subject_key(i.message.subject))
        for i, customer in zip(fresh, customers, strict=True)
    }
    recent = await load_recent_conversations(conn, keys)
    plan = Plan.start(known, replies, recent)
    chats = {i.message.thread_key for i in fresh if i.message.thread_key}
    for chat, (conversation, customer) in (
        await load_chats(conn, channel, chats)
    ).items():
        plan.chats[chat] = conversation
        plan.owner.setdefault(conversation, customer)
    # Only stored conversations can have had a survey; the batch threads into these.
    plan.surveys = await open_surveys(conn, list(plan.owner))
    results = []
    for item, out, customer in zip(fresh, outbound, customers, strict=True):
        results.append(_plan_one(plan, ids, channel, item, out, customer, received))
    statuses = await load_statuses(conn, plan.rows.touched_existing())
    plan.rows.reopen(statuses, channel)
    await plan.rows.write(conn)
    return results


def _decide(
    plan: Plan, message: InboundMessage, customer_id: int, key: str, sent_at: int
) -> ThreadDecision:
    """A chat's messages join the conversation of their thread key; mail is
    threaded by its headers, then by subject (storage.threads)."""
    chat = plan.chats.get(message.thread_key) if message.thread_key else None
    if chat is not None:
        return ThreadDecision(chat, "same-chat", message.thread_key or "")
    return decide_thread(
        message_id=message.message_id,
        in_reply_to=message.in_reply_to,
        references=message.references,
        customer_id=customer_id,
        sender=key_of(message.sender)[1] if message.sender else "",
        subject=message.subject,
        sent_at=sent_at,
        known=plan.known,
        recent=plan.recent(customer_id, key),
        replies=plan.replies,
    )


def _plan_one(
    plan: Plan,
    ids: dict[str, int],
    channel: str,
    item: IngestItem,
    outbound: bool,
    customer_id: int,
    received: int,
) -> IngestResult:
    message = item.message
    sent_at, dated = message_time(message, item.fallback_time, received)
    key = subject_key(message.subject)
    decision = _decide(plan, message, customer_id, key, sent_at)
    conversation_id = decision.conversation_id
    if conversation_id is None:
        ids["conversations"] += 1
        conversation_id = ids["conversations"]
        plan.rows.new_conversation(
            conversation_id, customer_id, channel, message.subject, key, sent_at
        )
    if message.thread_key:
        plan.chats[message.thread_key] = conversation_id
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
        item.language,
    )
    plan.record(
        conversation_id, decision.conversation_id is None, customer_id, key, sent_at
    )
    plan.remember(message, conversation_id, outbound)
    return IngestResult(
        message.external_id,
        "new",
        message_pk,
        conversation_id,
        decision.reason,
        message.defects,
    )

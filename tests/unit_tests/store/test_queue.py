"""The queue's views and search: what each selects, in what order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from plugins.api import Address, InboundMessage
from storage.actions import Actor, set_status, tag
from storage.connection import Store
from storage.conversation_edit import merge_conversations, split_conversation
from storage.conversations import get_conversation
from storage.drafts import arrived_since_draft, get_draft, mark_draft_seen, save_draft
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import Author, queue_reply
from storage.query import QueryError, parse_query
from storage.queue import (
    count_view,
    queue_ids,
    queue_rows,
    save_view,
    saved_views,
    wake_snoozed,
)

T0 = datetime(2026, 5, 4, 9, tzinfo=UTC)
AGENT = Actor("agent", "Camille")


async def write(
    store: Store, who: str, subject: str, minutes: int, text: str = ""
) -> int:
    message = InboundMessage(
        external_id=f"{who}-{subject}-{minutes}",
        raw=b"x",
        sender=Address(who.title(), f"{who}@example.com"),
        subject=subject,
        text=text or f"about {subject}",
        sent_at=T0 + timedelta(minutes=minutes),
    )
    (result,) = await ingest_messages(store, "email", [IngestItem(message, 0)])
    assert result.conversation_id is not None
    return result.conversation_id


async def test_unanswered_first_longest_waiting_first_then_newest(store: Store) -> None:
    late = await write(store, "ann", "Colis", 30)
    early = await write(store, "bob", "Facture", 10)
    answered = await write(store, "cat", "Merci", 20)
    await queue_reply(
        store, answered, "De rien", Author("Camille"), at=int(T0.timestamp()) + 3600
    )
    assert await queue_ids(store, "") == [early, late, answered]
    assert await queue_ids(store, "status:open is:unanswered") == [early, late]
    rows = await queue_rows(store, [early, answered])
    assert (
        rows[early].unanswered
        and rows[early].waiting_since == int(T0.timestamp()) + 600
    )
    assert not rows[answered].unanswered and rows[answered].first_words == "about Merci"


async def test_prefixes_select_what_they_say(store: Store) -> None:
    ann = await write(store, "ann", "Colis abîmé", 1, "la théière est cassée")
    bob = await write(store, "bob", "Facture", 2, "il me faut la facture")
    await tag(store, bob, "compta", AGENT)
    await set_status(store, ann, "closed", AGENT)
    assert await queue_ids(store, "from:ann") == [ann]
    assert await queue_ids(store, "subject:facture") == [bob]
    assert await queue_ids(store, "tag:compta") == [bob]
    assert await queue_ids(store, "status:closed") == [ann]
    assert await queue_ids(store, "theiere") == [ann]  # diacritics folded
    assert await queue_ids(store, "channel:chat") == []
    assert await queue_ids(store, "after:2026-05-04T09:02") == [bob]
    assert await queue_ids(store, "before:2026-05-04T09:02") == [ann]
    assert await count_view(store, "status:open") == 1
    assert await queue_ids(store, 'NOT "OR') == []  # search syntax is never interpreted


async def test_order_selects_the_conversations_that_mention_it(store: Store) -> None:
    """Not every conversation of the order's customer (issue 11, point 12)."""
    from plugins.api import OrderRecord
    from storage.orders import upsert_orders

    about = await write(store, "ann", "Colis", 1, "ma commande n°1042 est abîmée")
    other = await write(store, "ann", "Facture", 2, "il me faut une facture")
    subject = await write(store, "bob", "Commande #1042 ?", 3, "c'est la mienne ?")
    await upsert_orders(store, [OrderRecord("shopify", "#1042", "ann@example.com")])
    assert set(await queue_ids(store, "order:1042")) == {about, subject}
    assert set(await queue_ids(store, "order:#1042")) == {about, subject}
    assert await queue_ids(store, "order:1043") == []
    assert other not in await queue_ids(store, "order:1042 from:ann")


async def test_dates_read_in_the_shops_zone_and_spans_in_one_vocabulary(
    store: Store,
) -> None:
    """`after:3mo` is three months everywhere; a bare `3m` is refused."""
    old = await write(store, "ann", "Vieux", -100 * 24 * 60)
    new = await write(store, "bob", "Neuf", -80 * 24 * 60)
    assert await queue_ids(store, "after:3mo", now=T0) == [new]
    assert await queue_ids(store, "before:3mo", now=T0) == [old]
    # 23:30 UTC on 12 February is already the 13th in Paris, the shop's zone.
    late = datetime(2026, 2, 12, 23, 30, tzinfo=UTC)
    night = await write(store, "cat", "Nuit", int((late - T0).total_seconds() // 60))
    paris = T0.astimezone(ZoneInfo("Europe/Paris"))
    assert await queue_ids(store, "after:2026-02-13", now=paris) == [night, new]
    assert await queue_ids(store, "after:2026-02-13", now=T0) == [new]
    with pytest.raises(QueryError, match="3min for minutes or 3mo for months"):
        await queue_ids(store, "after:3m", now=T0)


@pytest.mark.parametrize("text", ["status:lost", "is:maybe", "before:yesterdayish"])
def test_wrong_queries_are_explained(text: str) -> None:
    with pytest.raises(QueryError, match=text.split(":")[0]):
        parse_query(text)


async def test_saved_views_follow_the_built_in_ones(store: Store) -> None:
    await save_view(store, "Compta", "tag:compta")
    views = await saved_views(store)
    assert views[0][0] == "Needs answer" and views[-1] == ("Compta", "tag:compta")
    with pytest.raises(QueryError):
        await save_view(store, "Bad", "status:nope")


async def test_snoozed_conversations_wake_when_their_time_comes(store: Store) -> None:
    conv = await write(store, "ann", "Colis", 0)
    until = int(T0.timestamp()) + 7200
    await set_status(
        store, conv, "snoozed", AGENT, snoozed_until=until, at=until - 3600
    )
    assert await wake_snoozed(store, until - 1) == []
    assert await wake_snoozed(store, until) == [conv]
    detail = await get_conversation(store, conv)
    assert detail.summary.status == "open"
    assert (detail.events[-1].actor_type, detail.events[-1].value) == (
        "automation",
        "open",
    )


async def test_a_draft_remembers_what_its_author_had_seen(store: Store) -> None:
    conv = await write(store, "ann", "Colis", 0)
    await save_draft(store, conv, "Bonjour,")
    assert await arrived_since_draft(store, conv) == []
    await write(store, "ann", "Colis", 5, "encore moi")
    assert len(await arrived_since_draft(store, conv)) == 1
    await mark_draft_seen(store, conv)
    assert await arrived_since_draft(store, conv) == []
    draft = await get_draft(store, conv)
    assert draft is not None and draft.body == "Bonjour,"


async def test_merge_then_split_moves_messages_and_records_both_sides(
    store: Store,
) -> None:
    ann = await write(store, "ann", "Colis", 0)
    again = await write(store, "ann", "Autre chose", 60)
    await merge_conversations(store, again, ann, AGENT)
    merged = await get_conversation(store, ann)
    assert merged.summary.message_count == 2 and await queue_ids(store, "") == [ann]
    assert (await get_conversation(store, again)).events[-1].value == f"into:{ann}"
    created = await split_conversation(store, merged.messages[-1].id, AGENT)
    assert (await get_conversation(store, created)).summary.subject == "Autre chose"
    assert (await get_conversation(store, ann)).summary.message_count == 1

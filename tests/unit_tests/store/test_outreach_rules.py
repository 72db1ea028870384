"""Late orders by the shop's rules: who is told, and who asked first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from plugins.api import Address, InboundMessage, OrderRecord
from storage.connection import Store
from storage.ingest import IngestItem, ingest_messages
from storage.intents.service import IntentReader
from storage.intents.settings import IntentSettings
from storage.language_store import set_conversation_language
from storage.orders import upsert_orders
from storage.outreach.drafts import Sender, outreach_drafts
from storage.outreach.rules import late_orders
from storage.outreach.settings import OutreachSettings

NOW = datetime(2026, 5, 15, 9, tzinfo=UTC)  # a Friday
SHOP = "bonjour@theiere.example"
ANN = Address("Ann Martin", "ann@example.com")


def order(number: str, **fields: object) -> OrderRecord:
    created = NOW - timedelta(days=20)
    values: dict[str, object] = {
        "source": "shopify",
        "number": number,
        "email": ANN.address,
        "customer_name": ANN.name,
        "created_at": created,
        "currency": "EUR",
        "total": Decimal("24.90"),
        "financial_status": "paid",
        "paid_at": created,
        "fulfillment_status": "fulfilled",
        "fulfilled_at": created + timedelta(days=1),
    }
    return OrderRecord(**{**values, **fields})  # type: ignore[arg-type]


def mail(
    n: int, sender: Address, to: Address, text: str, days_ago: float
) -> IngestItem:
    sent = NOW - timedelta(days=days_ago)
    message = InboundMessage(
        external_id=f"m{n}",
        raw=f"raw {n}".encode(),
        sender=sender,
        to=(to,),
        subject="Commande #1042",
        text=text,
        sent_at=sent,
        message_id=f"r{n}@example.com",
    )
    return IngestItem(message, int(sent.timestamp()))


async def told(store: Store) -> list[tuple[str, str]]:
    stamp = int(NOW.timestamp())
    await IntentReader(IntentSettings()).read_new(store, stamp)
    return [(late.rule, late.number) for late in await late_orders(
        store, OutreachSettings(), stamp
    )]  # fmt: skip


async def test_each_rule_finds_its_late_orders(store: Store) -> None:
    await upsert_orders(store, [
        order("#1001", fulfillment_status="", fulfilled_at=None,
              paid_at=NOW - timedelta(days=6)),
        order("#1002", tracking_number="6A1", tracking_status="in transit",
              tracking_updated_at=NOW - timedelta(days=8)),
        order("#1003", tracking_number="6A2", tracking_status="livré",
              tracking_updated_at=NOW - timedelta(days=8)),
        order("#1004", fulfillment_status="", fulfilled_at=None,
              paid_at=NOW - timedelta(days=1)),
    ])  # fmt: skip
    assert await told(store) == [("unfulfilled", "#1001"), ("tracking", "#1002")]


async def test_a_promised_refund_not_made_is_told(store: Store) -> None:
    await upsert_orders(store, [order("#1042")])
    shop = Address("La Théière Bleue", SHOP)
    await ingest_messages(store, "support", [
        mail(1, ANN, shop, "Bonjour, la théière #1042 est arrivée cassée.", 6),
        mail(2, shop, ANN, "Désolés ! Nous vous remboursons la commande #1042.", 5),
    ], frozenset({SHOP}))  # fmt: skip
    assert await told(store) == [("refund", "#1042")]


async def test_a_customer_who_wrote_since_the_promise_asked_first(
    store: Store,
) -> None:
    await upsert_orders(store, [order("#1042")])
    shop = Address("La Théière Bleue", SHOP)
    await ingest_messages(store, "support", [
        mail(1, ANN, shop, "Bonjour, la théière #1042 est arrivée cassée.", 6),
        mail(2, shop, ANN, "Désolés ! Nous vous remboursons la commande #1042.", 5),
        mail(3, ANN, shop, "Bonjour, toujours pas de remboursement pour #1042 ?", 1),
    ], frozenset({SHOP}))  # fmt: skip
    assert await told(store) == []


async def test_the_draft_speaks_the_language_a_person_set_for_the_customer(
    store: Store,
) -> None:
    await upsert_orders(store, [order("#1042", tracking_number="6A1",
                                      tracking_updated_at=NOW - timedelta(days=8))])  # fmt: skip
    shop = Address("La Théière Bleue", SHOP)
    (done,) = await ingest_messages(
        store, "support", [mail(1, ANN, shop, "Hello, thanks for the tea!", 30)]
    )
    await set_conversation_language(store, done.conversation_id or 0, "fr")
    await told(store)
    (draft,) = await outreach_drafts(
        store, OutreachSettings(), Sender("La Théière Bleue", "Camille", SHOP, {}),
        int(NOW.timestamp()),
    )  # fmt: skip
    assert draft.language == "fr" and draft.body.startswith("Bonjour Ann")

"""Automatic answers: sent, drafted or handed over, each decision with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from plugins.api import Address, InboundMessage, OrderRecord
from storage.automation.answers import conversation_decisions
from storage.automation.run import Automation, Shop
from storage.automation.settings import AutomationSettings
from storage.connection import Store
from storage.ingest import IngestItem, ingest_messages
from storage.intents.readings import conversation_intents
from storage.intents.service import IntentReader
from storage.intents.settings import IntentSettings
from storage.language_store import set_conversation_language
from storage.orders import upsert_orders
from storage.outbox import list_outbox
from storage.replies import save_reply

T0 = int(datetime(2026, 5, 4, 9, tzinfo=UTC).timestamp())
SHOP = Shop("La Théière Bleue", "Camille", "bonjour@theiere.example", {})
SUIVI = (
    "Bonjour {{ customer.first_name }},\n\nVotre commande {{ order.number }} est "
    "partie avec {{ order.carrier }} : {{ order.tracking_url }}, livraison prévue "
    "le {{ order.expected_date }}.\n\n{{ agent.name }}\n"
)


def mail(
    n: int, text: str, subject: str = "Commande", reply_to: str = ""
) -> IngestItem:
    message = InboundMessage(
        external_id=f"m{n}",
        raw=f"raw {n}".encode(),
        sender=Address("Ann Martin", "ann@example.com"),
        to=(Address("", SHOP.address),),
        subject=subject,
        text=text,
        sent_at=datetime.fromtimestamp(T0 + n * 60, UTC),
        message_id=f"q{n}@example.com",
        in_reply_to=(reply_to,) if reply_to else (),
        references=(reply_to,) if reply_to else (),
    )
    return IngestItem(message, T0)


def order(number: str, email: str = "ann@example.com", days: int = 3) -> OrderRecord:
    created = datetime.fromtimestamp(T0, UTC) - timedelta(days=days)
    return OrderRecord(
        source="shopify",
        number=number,
        email=email,
        customer_name="Ann Martin",
        created_at=created,
        currency="EUR",
        total=Decimal("24.90"),
        financial_status="paid",
        fulfillment_status="fulfilled",
        fulfilled_at=created + timedelta(days=1),
        tracking_number="6A123",
        tracking_url="https://www.laposte.fr/outils/suivre-vos-envois?code=6A123",
    )


async def setup(store: Store, mode: str = "send") -> Automation:
    await save_reply(store, "suivi", SUIVI, "Où est ma commande", ("order_status",))
    await save_reply(store, "facture", "Voici la facture.", "Facture", ("invoice",))
    modes = {"order_status": mode, "invoice": mode}
    settings = AutomationSettings(modes=modes, threshold=0.5)
    return Automation(IntentReader(IntentSettings()), settings, SHOP)


async def test_a_known_order_is_answered_from_its_data(store: Store) -> None:
    automation = await setup(store)
    await upsert_orders(store, [order("#1042")])
    (done,) = await ingest_messages(
        store, "support", [mail(1, "Bonjour, où en est ma commande 1042 ? Merci")]
    )
    plans = await automation.run(store, now=T0 + 120)
    assert [p.decision.action for p in plans] == ["sent"]
    assert "#1042" in plans[0].text and "La Poste" in plans[0].text
    assert "2026-05-05" in plans[0].text  # shipped Saturday 2 May, 2 weekdays
    (queued,) = await list_outbox(store)
    assert queued.recipient == "ann@example.com"
    assert queued.subject == "Re: Commande"
    (decision,) = await conversation_decisions(store, done.conversation_id or 0)
    assert decision.action == "sent" and "#1042" in decision.reason
    status = await store.conn.execute_fetchall(
        "SELECT status FROM conversations WHERE id = ?", (done.conversation_id,)
    )
    assert next(iter(status))[0] == "closed"
    assert await automation.run(store, now=T0 + 180) == []  # decided once


async def test_the_customer_writing_again_goes_to_a_person(store: Store) -> None:
    automation = await setup(store)
    await upsert_orders(store, [order("#1042")])
    await ingest_messages(store, "support", [mail(1, "Où est ma commande 1042 ?")])
    await automation.run(store, now=T0 + 120)
    again = mail(
        5, "Toujours rien reçu pour la 1042 !", "Re: Commande", "q1@example.com"
    )
    (done,) = await ingest_messages(store, "support", [again])
    (plan,) = await automation.run(store, now=T0 + 400)
    assert plan.decision.action == "handed_over"
    assert plan.decision.reason == "the customer wrote again after the automatic answer"
    assert len(await list_outbox(store)) == 1
    status = await store.conn.execute_fetchall(
        "SELECT status FROM conversations WHERE id = ?", (done.conversation_id,)
    )
    assert next(iter(status))[0] == "open"  # reopened by the customer's message


async def test_hand_overs_say_why(store: Store) -> None:
    automation = await setup(store)
    await upsert_orders(store, [order("#1042"), order("#2001", "bob@example.com")])
    await upsert_orders(store, [order("#1043", days=5)])
    cases = {
        1: ("Où est ma commande n° 9999 ?", "order #9999 is not found"),
        2: ("Où en est la commande 2001 ?", "order #2001 belongs to another customer"),
        3: (
            "Où est mon colis ?",
            "the customer has several recent orders and names none",
        ),
        4: (
            "Où est ma commande 1042 ? Et pouvez-vous m'envoyer la facture ?",
            "it also asks about ",  # invoice, or order status if read as invoice
        ),
    }
    for n, (text, _) in cases.items():
        await ingest_messages(store, "support", [mail(n, text, f"Question {n}")])
    plans = {p.message_id: p for p in await automation.run(store, now=T0 + 600)}
    reasons = {n: plans[n].decision.reason for n in cases}
    assert all(reasons[n].startswith(reason) for n, (_, reason) in cases.items())
    assert all(p.decision.action == "handed_over" for p in plans.values())
    assert await list_outbox(store) == []


async def test_suggest_leaves_a_draft_and_off_records_nothing(store: Store) -> None:
    automation = await setup(store, mode="suggest")
    await upsert_orders(store, [order("#1042")])
    (done,) = await ingest_messages(store, "support", [mail(1, "Où en est la 1042 ?")])
    (plan,) = await automation.run(store, now=T0 + 120)
    assert plan.decision.action == "drafted"
    draft = await store.conn.execute_fetchall(
        "SELECT body FROM drafts WHERE conversation_id = ?", (done.conversation_id,)
    )
    assert "#1042" in next(iter(draft))[0]
    off = Automation(automation.reader, AutomationSettings(), SHOP)
    await ingest_messages(store, "support", [mail(9, "Merci beaucoup !", "Merci")])
    assert await off.run(store, now=T0 + 700) == []
    (intent,) = await conversation_intents(store, 2)
    assert intent.intent == "thanks"


async def test_old_messages_are_never_answered_and_read_apart(store: Store) -> None:
    automation = await setup(store)
    await upsert_orders(store, [order("#1042")])
    await ingest_messages(store, "support", [mail(1, "Où en est ma commande 1042 ?")])
    assert await automation.run(store, now=T0 + 3 * 86400) == []
    assert await conversation_intents(store, 1) == []  # left to the background
    await automation.reader.read_new(store, T0 + 3 * 86400)
    (intent,) = await conversation_intents(store, 1)
    assert (intent.intent, intent.order_match, intent.order_number) == (
        "order_status",
        "named",
        "#1042",
    )


async def test_a_survey_follows_an_automatic_answer_for_csat(store: Store) -> None:
    from storage.survey_settings import SurveySettings
    from storage.surveys import due_surveys

    automation = await setup(store)
    await upsert_orders(store, [order("#1042")])
    (done,) = await ingest_messages(store, "support", [mail(1, "Où est la 1042 ?")])
    await automation.run(store, now=T0 + 120)
    settings = SurveySettings(enabled=True, delay=3600)
    due = await due_surveys(store, ["support"], settings.delay, T0 + 120 + 3600)
    assert [d.conversation_id for d in due] == [done.conversation_id]


async def test_a_correction_is_a_fact_and_the_model_learns_it(store: Store) -> None:
    import sqlite3

    import pytest

    from storage.intents.readings import correct_intent, message_intent
    from storage.intents.settings import BUILT_IN

    reader = IntentReader(IntentSettings())
    await ingest_messages(store, "support", [mail(1, "Vendez-vous en gros ?", "Pro")])
    await reader.read_new(store, T0 + 60)
    first = await reader.classifier(store)
    previous = await correct_intent(store, 1, "other", "Camille", BUILT_IN, at=T0 + 90)
    assert (
        previous
        and previous != ""
        and (await message_intent(store, 1)).source == "person"
    )  # type: ignore[union-attr]
    second = await reader.classifier(store)
    assert second is not first  # fitted again, the correction among its examples
    await reader.read_new(store, T0 + 120, message_ids=[1])
    assert (await message_intent(store, 1)).intent == "other"  # type: ignore[union-attr]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await store.conn.execute("DELETE FROM intent_corrections")


async def test_the_answer_is_the_reply_s_variant_in_the_message_s_language(
    store: Store,
) -> None:
    """One canned reply in French (written without a language) and English: an
    English question gets the English words, a French one the French."""
    automation = await setup(store)
    english = "Hello {{ customer.first_name }}, order {{ order.number }} is on its way."
    await save_reply(
        store, "suivi", english, "Where is my order", ("order_status",), language="en"
    )
    await upsert_orders(store, [order("#1042")])
    await ingest_messages(
        store, "support", [mail(1, "Hello, where is my order 1042? Thanks")]
    )
    (plan,) = await automation.run(store, now=T0 + 120)
    assert plan.decision.action == "sent" and plan.reply == "suivi"
    assert plan.text.startswith("Hello Ann, order #1042 is on its way")
    other = mail(9, "Bonjour, où en est ma commande 1042 ?", "Ma commande")
    await ingest_messages(store, "support", [other])
    (plan,) = await automation.run(store, now=T0 + 700)
    assert plan.text.startswith("Bonjour Ann,\n\nVotre commande #1042 est partie")


async def test_a_reply_written_in_two_languages_is_suggested_once(
    store: Store,
) -> None:
    await setup(store)
    await save_reply(
        store, "suivi", "Your order is on its way.", "Where is my order",
        ("order_status",), language="en",
    )  # fmt: skip
    reader = IntentReader(IntentSettings())
    names = await reader.suggest(store, "Order", "Where is my order 1042?", count=3)
    assert names.count("suivi") == 1


async def test_suggestions_keep_to_the_message_s_language_once_one_fits(
    store: Store,
) -> None:
    """An English question is offered English replies only; a message too short
    to tell its language is offered both."""
    await save_reply(store, "tracking", "Your order is on its way.", "Where is my order",
                     ("order_status",), language="en")  # fmt: skip
    await save_reply(store, "suivi", SUIVI, "Où est ma commande", ("order_status",))
    reader = IntentReader(IntentSettings())
    english = "Hello, where is my order? It has not arrived yet."
    assert await reader.suggest(store, "My order", english) == ["tracking"]
    both = await reader.suggest(store, "", "#1042 ???", intent="order_status")
    assert sorted(both) == ["suivi", "tracking"]


async def test_the_conversation_s_language_chooses_the_reply(store: Store) -> None:
    """A conversation a person set to German gets no French or English answer:
    it goes to a person, saying why."""
    automation = await setup(store)
    await upsert_orders(store, [order("#1042")])
    (done,) = await ingest_messages(
        store, "support", [mail(1, "Bonjour, où en est ma commande 1042 ? Merci")]
    )
    await set_conversation_language(store, done.conversation_id or 0, "de")
    (plan,) = await automation.run(store, now=T0 + 120)
    assert plan.decision.action == "handed_over"
    assert plan.decision.reason == "no canned reply is tagged order_status in German"
    assert await list_outbox(store) == []

"""Surveys due after closing, queued in the outbox, answered without reopening."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from console.config_sla import settings_or_default
from plugins.api import Address, InboundMessage
from storage.actions import Actor, set_status
from storage.connection import Store
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import Author, list_outbox, queue_reply
from storage.queue import queue_ids
from storage.sla.figures import report
from storage.sla.history import active_between
from storage.survey_settings import SurveySettings
from storage.surveys import STALE, due_surveys, send_surveys

T0 = int(datetime(2026, 5, 4, 9, tzinfo=UTC).timestamp())
HOUR, DAY = 3600, 86400
SHOP = "shop@tea.example"
CAMILLE = Author("Camille", SHOP)
AGENT = Actor("agent", "Camille")
SETTINGS = SurveySettings(enabled=True, delay=HOUR, within=14 * DAY)
SENDERS = {"support": SHOP}


def customer_mail(
    n: int, at: int, text: str, reply_to: str | None = None
) -> IngestItem:
    message = InboundMessage(
        external_id=f"m{n}",
        raw=f"raw {n}: {text}".encode(),
        sender=Address("Ann Martin", "ann@example.com"),
        to=(Address("", SHOP),),
        subject="Colis" if reply_to is None else "Re: Colis",
        text=text,
        sent_at=datetime.fromtimestamp(at, UTC),
        message_id=f"q{n}@example.com",
        in_reply_to=(reply_to,) if reply_to else (),
        references=(reply_to,) if reply_to else (),
    )
    return IngestItem(message, at)


async def closed_conversation(store: Store, n: int = 1, reply: bool = True) -> int:
    """Ann asks at T0, the shop answers an hour later and closes at T0 + 2h."""
    (done,) = await ingest_messages(
        store, "support", [customer_mail(n, T0, "Où est mon colis ?")]
    )
    assert done.conversation_id is not None
    if reply:
        await queue_reply(
            store, done.conversation_id, "Il arrive.", CAMILLE, at=T0 + HOUR
        )
    await set_status(store, done.conversation_id, "closed", AGENT, at=T0 + 2 * HOUR)
    return done.conversation_id


async def due_ids(
    store: Store, now: int, channels: tuple[str, ...] = ("support",)
) -> list[int]:
    return [d.conversation_id for d in await due_surveys(store, channels, HOUR, now)]


async def one(store: Store, sql: str, *params: object) -> object:
    return next(iter(await store.conn.execute_fetchall(sql, params)))[0]


async def test_due_once_closed_for_the_delay_on_a_chosen_channel(store: Store) -> None:
    conv = await closed_conversation(store)
    closed = T0 + 2 * HOUR
    assert await due_ids(store, closed + HOUR - 1) == []
    assert await due_ids(store, closed + HOUR) == [conv]
    assert await due_ids(store, closed + HOUR, ("chat",)) == []
    assert await due_ids(store, closed + HOUR + STALE) == []  # long past: left alone


async def test_not_due_without_a_reply_or_once_reopened(store: Store) -> None:
    await closed_conversation(store, 1, reply=False)  # closed unanswered: spam, thanks
    conv = await closed_conversation(store, 2)
    await set_status(store, conv, "open", AGENT, at=T0 + 2 * HOUR + 60)
    assert await due_ids(store, T0 + DAY) == []
    await set_status(store, conv, "closed", AGENT, at=T0 + 5 * HOUR)
    assert await due_ids(store, T0 + 6 * HOUR - 1) == []
    assert await due_ids(store, T0 + 6 * HOUR) == [conv]


async def test_a_survey_is_queued_once_threaded_and_is_no_reply(store: Store) -> None:
    conv = await closed_conversation(store)
    at = T0 + 4 * HOUR
    listed = await send_surveys(
        store, SETTINGS, SENDERS, "Tea shop", now=at, dry_run=True
    )
    assert [d.conversation_id for d in listed] == [conv]
    assert len(await list_outbox(store)) == 1  # the reply alone: nothing queued
    queued = await send_surveys(store, SETTINGS, SENDERS, "Tea shop", now=at)
    again = await send_surveys(store, SETTINGS, SENDERS, "Tea shop", now=at + DAY)
    assert ([d.conversation_id for d in queued], again) == ([conv], [])
    survey = (await list_outbox(store))[-1]
    assert (survey.state, survey.recipient, survey.subject) == (
        "queued",
        "ann@example.com",
        "Tea shop: how did we do?",
    )
    rows = await store.conn.execute_fetchall(
        "SELECT m.author_type, m.body_text, m.in_reply_to, m.references_json, "
        "r.message_id_header FROM messages m JOIN messages r ON r.conversation_id = "
        "m.conversation_id AND r.direction = 'out' AND r.author_type = 'agent' "
        "WHERE m.id = ?",
        (survey.message_id,),
    )
    author, body, in_reply_to, references, reply_header = next(iter(rows))
    assert author == "automation" and body.startswith("Hello Ann,\n")
    assert in_reply_to == reply_header
    assert json.loads(references) == ["q1@example.com", reply_header]
    event = await store.conn.execute_fetchall(
        "SELECT kind, actor_type, value, data_json FROM events WHERE message_id = ?",
        (survey.message_id,),
    )
    assert [tuple(e) for e in event] == [
        ("auto_message", "automation", "survey", json.dumps({"until": at + 14 * DAY}))
    ]
    assert (
        await one(store, "SELECT status FROM conversations WHERE id = ?", conv)
        == "closed"
    )
    assert await one(store, "SELECT last_reply_at FROM conversations") == T0 + HOUR


async def surveyed(store: Store) -> tuple[int, str, int]:
    conv = await closed_conversation(store)
    at = T0 + 4 * HOUR
    await send_surveys(store, SETTINGS, SENDERS, "Tea shop", now=at)
    header = await one(
        store, "SELECT message_id_header FROM messages WHERE author_type = 'automation'"
    )
    return conv, str(header), at


async def test_an_answer_is_recorded_and_reopens_nothing(store: Store) -> None:
    conv, header, at = await surveyed(store)
    text = (
        "4 merci\n\nLe 4 mai 2026 à 13:00, Tea shop a écrit :\n> Reply with one digit"
    )
    (done,) = await ingest_messages(
        store, "support", [customer_mail(2, at + DAY, text, header)]
    )
    assert done.conversation_id == conv
    events = await store.conn.execute_fetchall(
        "SELECT kind, value, data_json FROM events WHERE message_id = ?",
        (done.message_id,),
    )
    assert [(k, v, json.loads(d)) for k, v, d in events] == [
        ("survey_answer", "4", {"score": 4, "comment": "merci", "question": "csat"})
    ]
    assert (
        await one(store, "SELECT status FROM conversations WHERE id = ?", conv)
        == "closed"
    )
    assert conv not in await queue_ids(store, "status:open is:unanswered")
    assert conv not in await queue_ids(store, "is:unanswered")
    raw = await one(
        store, "SELECT data FROM raw_messages WHERE message_id = ?", done.message_id
    )
    assert raw == f"raw 2: {text}".encode()
    histories = await active_between(store, T0, at + 2 * DAY)
    settings = settings_or_default(None, "UTC")
    found = report(histories, settings, T0, at + 2 * DAY, None, ZoneInfo("UTC"))["all"]
    assert found["csat"] == {"answers": 1, "satisfied": 1.0}


async def test_a_second_answer_a_question_or_a_late_digit_reopen(store: Store) -> None:
    conv, header, at = await surveyed(store)
    status = "SELECT status FROM conversations WHERE id = ?"
    for n, when, text in (
        (2, at + HOUR, "Where is my refund?"),  # no digit: a new question
        (3, at + 2 * HOUR, "5"),  # the survey's answer, after all
        (4, at + 3 * HOUR, "5"),  # a survey takes one answer
    ):
        await set_status(store, conv, "closed", AGENT, at=when - 60)
        await ingest_messages(store, "support", [customer_mail(n, when, text, header)])
        expected = "closed" if n == 3 else "open"
        assert (n, await one(store, status, conv)) == (n, expected)
    answers = await one(
        store, "SELECT count(*) FROM events WHERE kind = 'survey_answer'"
    )
    assert answers == 1


async def test_an_answer_after_the_window_is_a_message(store: Store) -> None:
    conv, header, at = await surveyed(store)
    late = at + SETTINGS.within + 1
    await ingest_messages(store, "support", [customer_mail(2, late, "5", header)])
    status = await one(store, "SELECT status FROM conversations WHERE id = ?", conv)
    answers = await one(
        store, "SELECT count(*) FROM events WHERE kind = 'survey_answer'"
    )
    assert (status, answers) == ("open", 0)


async def test_an_out_of_office_reply_to_the_survey_is_no_answer(store: Store) -> None:
    conv, header, at = await surveyed(store)
    away = customer_mail(2, at + HOUR, "5 décembre : je suis absente", header)
    away = IngestItem(
        replace(away.message, automatic="Auto-Submitted: auto-replied"), 0
    )
    await ingest_messages(store, "support", [away])
    kinds = await store.conn.execute_fetchall(
        "SELECT kind, value FROM events WHERE conversation_id = ? ORDER BY id", (conv,)
    )
    assert list(kinds)[-1] == ("auto_message", "auto-reply")
    status = await one(store, "SELECT status FROM conversations WHERE id = ?", conv)
    answers = await one(
        store, "SELECT count(*) FROM events WHERE kind = 'survey_answer'"
    )
    assert (status, answers) == ("closed", 0)
    await ingest_messages(store, "support", [customer_mail(3, at + DAY, "4", header)])
    assert (
        await one(  # the survey still takes the customer's own answer
            store, "SELECT count(*) FROM events WHERE kind = 'survey_answer'"
        )
        == 1
    )


async def test_a_channel_with_a_shorter_delay_is_surveyed_first(store: Store) -> None:
    conv = await closed_conversation(store)
    closed = T0 + 2 * HOUR
    settings = replace(SETTINGS, delays={"support": 60})
    assert await send_surveys(store, SETTINGS, SENDERS, "Tea", now=closed + 60) == []
    queued = await send_surveys(store, settings, SENDERS, "Tea", now=closed + 60)
    assert [q.conversation_id for q in queued] == [conv]

"""Satisfaction surveys: which closed conversations are due one, and queueing it.

A survey is an automated message: an outgoing message record, its
`auto_message` event (value 'survey') and its outbox row, written in one
transaction, so that the channel's sender delivers it like a reply, threaded
under the conversation. It is not a reply: no timer stops, nothing reopens.
Its event says until when answers count (read by `storage.survey_answers`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from storage.connection import Store
from storage.errors import StoreError
from storage.machine_mail import MachineMail, queue_machine_mail
from storage.reply_templates import ReplyContext, TemplateProblem, render_reply
from storage.survey_settings import SurveySettings

# Conversations closed this long before their survey fell due are left alone,
# so that turning surveys on does not write to every customer of the past.
STALE = 7 * 86400


@dataclass(frozen=True, slots=True)
class DueSurvey:
    conversation_id: int
    channel: str
    subject: str
    closed_at: int
    customer_name: str
    address: str


# The latest status event of a closed conversation is its closing: it was not
# reopened since. Only conversations the shop answered are asked about (a
# person, or an automatic answer: CSAT compares the two).
_DUE = (
    "SELECT c.id, c.channel, c.subject, s.at, "
    "coalesce(nullif(cu.name, ''), m.sender_name, ''), coalesce(m.sender_address, "
    "(SELECT value FROM identities WHERE customer_id = c.customer_id "
    "AND kind = 'email' ORDER BY id LIMIT 1)) "
    "FROM events s JOIN conversations c ON c.id = s.conversation_id "
    "JOIN customers cu ON cu.id = c.customer_id "
    "LEFT JOIN messages m ON m.id = (SELECT id FROM messages WHERE conversation_id "
    "= c.id AND direction = 'in' AND sender_address != '' "
    "ORDER BY sent_at DESC, id DESC LIMIT 1) "
    "WHERE s.kind = 'status' AND s.value = 'closed' AND s.at > ? AND s.at <= ? "
    "AND c.status = 'closed' AND c.merged_into IS NULL "
    "AND c.channel IN (SELECT value FROM json_each(?)) AND (c.last_reply_at IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM events a WHERE a.conversation_id = c.id "
    "AND a.kind = 'auto_message' AND a.value = 'auto-answer')) "
    "AND EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.customer_id "
    "AND i.kind IN ('email', 'chat')) "
    "AND NOT EXISTS (SELECT 1 FROM events l WHERE l.conversation_id = c.id "
    "AND l.kind = 'status' AND (l.at > s.at OR (l.at = s.at AND l.id > s.id))) "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id "
    "AND e.kind = 'auto_message' AND e.value = 'survey') {only} "
    "ORDER BY s.at, c.id"
)


async def due_surveys(
    store: Store,
    channels: Collection[str],
    delay: int,
    now: int,
    only: int | None = None,
) -> list[DueSurvey]:
    """Closed at least `delay` ago (and not long before), never reopened since,
    on one of `channels` (instance names), no survey sent yet, and a customer
    with an email address or a chat handle (a website visitor rates in the
    widget): the conversations to send a survey to, oldest first."""
    where = "AND c.id = ?" if only is not None else ""
    params: tuple[object, ...] = (
        now - delay - STALE,
        now - delay,
        json.dumps(list(channels)),
    )
    rows = await store.conn.execute_fetchall(
        _DUE.format(only=where), params + ((only,) if only is not None else ())
    )
    return [DueSurvey(*row) for row in rows]


def render_survey(
    settings: SurveySettings, due: DueSurvey, shop_name: str, sender: str
) -> tuple[str, str]:
    """The survey's subject and text for this customer."""
    first, _, last = due.customer_name.strip().partition(" ")
    context = ReplyContext(
        customer={
            "name": due.customer_name,
            "first_name": first,
            "last_name": last.strip(),
            "email": due.address,
        },
        order=None,
        shop={"name": shop_name, "email": sender},
        agent={"name": shop_name},
    )
    try:
        subject = render_reply(settings.subject, context)
        body = render_reply(settings.question, context)
    except TemplateProblem as problem:
        raise StoreError(f"the survey's template: {problem}") from None
    return " ".join(subject.split()), body


async def queue_survey(
    store: Store,
    due: DueSurvey,
    settings: SurveySettings,
    shop_name: str,
    sender: str,
    at: int,
) -> int | None:
    """Store the survey and put it in the outbox; its message id, or None when
    the conversation stopped being due meanwhile (reopened, or surveyed by
    another run)."""
    subject, body = render_survey(settings, due, shop_name, sender)
    async with store.transaction():
        still = await due_surveys(
            store,
            [due.channel],
            settings.delay_for(due.channel),
            at,
            due.conversation_id,
        )
        if not still:
            return None
        mail = MachineMail(
            due.conversation_id,
            due.channel,
            "survey",
            subject,
            body,
            shop_name,
            sender,
            due.customer_name,
            due.address,
            {"until": at + settings.within},
        )
        pk = await queue_machine_mail(store, mail, at)
    return pk


async def send_surveys(
    store: Store,
    settings: SurveySettings,
    senders: Mapping[str, str],
    shop_name: str,
    *,
    now: int | None = None,
    dry_run: bool = False,
) -> list[DueSurvey]:
    """Queue every due survey (or only list them); `senders` maps each channel
    instance surveys go out on to its From address. Returns those queued."""
    at = int(time.time()) if now is None else now
    by_delay: dict[int, list[str]] = {}
    for instance in senders:
        by_delay.setdefault(settings.delay_for(instance), []).append(instance)
    due = [
        one
        for delay, instances in sorted(by_delay.items())
        for one in await due_surveys(store, instances, delay, at)
    ]
    due.sort(key=lambda one: (one.closed_at, one.conversation_id))
    if dry_run:
        for one in due:  # a template that fails shows now, not at the real run
            render_survey(settings, one, shop_name, senders[one.channel])
        return due
    queued = []
    for one in due:
        sender = senders[one.channel]
        if await queue_survey(store, one, settings, shop_name, sender, at) is not None:
            queued.append(one)
    return queued

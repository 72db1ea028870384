"""The "To tell" drafts: a message per late order, in the customer's language,
from the shop's canned reply for the rule ([outreach] replies) or comptoir's
own wording; reviewed, then sent in one go through the outbox.

A sent message is recorded on the customer's conversation about the order (or
their latest one, else a new one started by the shop), so that their answer
threads into it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.connection import Store
from storage.errors import StoreError
from storage.machine_mail import MachineMail, queue_machine_mail
from storage.orders import orders_for_customer
from storage.outreach import wording
from storage.outreach.rules import LateOrder, late_orders
from storage.outreach.settings import OutreachSettings
from storage.replies import list_replies
from storage.reply_context import order_values, reply_context
from storage.reply_templates import ReplyContext, TemplateProblem, render_reply
from storage.threads import subject_key

KIND = "outreach"  # the auto_message event's value


@dataclass(frozen=True, slots=True)
class OutreachDraft:
    late: LateOrder
    language: str
    subject: str
    body: str
    conversation_id: int | None  # where it will be recorded (None: a new one)
    channel: str
    problem: str = ""  # why it cannot go (a template error, no channel)


@dataclass(frozen=True, slots=True)
class Sender:
    shop_name: str
    agent: str
    address: str
    senders: Mapping[str, str]  # channel instance: From address
    transit_days: int = 2


async def outreach_drafts(
    store: Store, settings: OutreachSettings, sender: Sender, now: int | None = None
) -> list[OutreachDraft]:
    """Every late order's draft, grouped by rule (in RULES' order), oldest first."""
    stamp = int(time.time()) if now is None else now
    replies = {r.name: r for r in await list_replies(store)}
    drafts = []
    for late in await late_orders(store, settings, stamp):
        drafts.append(await _draft(store, late, settings, sender, replies))
    return drafts


async def _draft(
    store: Store,
    late: LateOrder,
    settings: OutreachSettings,
    sender: Sender,
    replies: Mapping[str, object],
) -> OutreachDraft:
    language = await _language(store, late.customer_id)
    conversation_id, channel = await _conversation(store, late)
    channel = channel or next(iter(sender.senders), "")
    edited = await _edited(store, late)
    context = await _context(store, late, conversation_id, sender)
    subject, template = wording.template(late.rule, language, settings, replies)
    problem = "" if channel else "no channel to write from: configure one in [channels]"
    if edited is not None:
        return OutreachDraft(late, language, *edited, conversation_id, channel, problem)
    try:
        body = render_reply(template, context)
        subject = " ".join(render_reply(subject, context).split())
    except TemplateProblem as exc:
        return OutreachDraft(
            late, language, subject, "", conversation_id, channel, str(exc)
        )
    return OutreachDraft(
        late, language, subject, body, conversation_id, channel, problem
    )


async def _context(
    store: Store, late: LateOrder, conversation_id: int | None, sender: Sender
) -> ReplyContext:
    shop = {"name": sender.shop_name, "email": sender.address}
    agent = {"name": sender.agent}
    if conversation_id is not None:
        return await reply_context(
            store, conversation_id, order_number=late.number, shop=shop, agent=agent,
            transit_days=sender.transit_days,
        )  # fmt: skip
    first, _, last = late.customer_name.partition(" ")
    order = await _order_values(store, late, sender.transit_days)
    return ReplyContext(
        {
            "name": late.customer_name,
            "first_name": first,
            "last_name": last,
            "email": late.email,
        },
        order,
        shop,
        {"first_name": sender.agent.partition(" ")[0], **agent},
    )


async def _order_values(
    store: Store, late: LateOrder, transit: int
) -> dict[str, object]:
    for order in await orders_for_customer(store, late.customer_id):
        if order.id == late.order_id:
            return order_values(order, transit)
    return {"number": late.number}


async def _language(store: Store, customer_id: int) -> str:
    """The customer's language: the one a person set (L), else their latest
    conversation's detected one, else the model's reading of their words."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT coalesce((SELECT language FROM customers WHERE id = ?), "
            "(SELECT language FROM conversations WHERE customer_id = ? AND "
            "language IS NOT NULL ORDER BY last_message_at DESC LIMIT 1), "
            "(SELECT i.language FROM message_intents i JOIN messages m ON m.id = "
            "i.message_id JOIN conversations c ON c.id = m.conversation_id WHERE "
            "c.customer_id = ? AND i.language != '' ORDER BY m.sent_at DESC LIMIT 1))",
            (customer_id, customer_id, customer_id),
        )
    )
    return str(rows[0][0]) if rows and rows[0][0] else "en"


async def _conversation(store: Store, late: LateOrder) -> tuple[int | None, str]:
    """The customer's conversation about this order, else their latest (of
    the last 60 days); None: the message starts a new one."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT c.id, c.channel FROM conversations c WHERE c.customer_id = ? AND "
            "c.merged_into IS NULL AND c.last_message_at >= ? ORDER BY EXISTS (SELECT "
            "1 FROM message_intents i JOIN messages m ON m.id = i.message_id WHERE "
            "m.conversation_id = c.id AND i.order_id = ?) DESC, c.last_message_at DESC "
            "LIMIT 1",
            (late.customer_id, late.since - 60 * 86400, late.order_id),
        )
    )
    return (int(rows[0][0]), str(rows[0][1])) if rows else (None, "")


async def _edited(store: Store, late: LateOrder) -> tuple[str, str] | None:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT subject, body FROM outreach WHERE rule = ? AND order_id = ? "
            "AND state = 'draft'",
            (late.rule, late.order_id),
        )
    )
    return (str(rows[0][0]), str(rows[0][1])) if rows else None


async def send_outreach(
    store: Store,
    drafts: Sequence[OutreachDraft],
    sender: Sender,
    now: int | None = None,
) -> list[OutreachDraft]:
    """Queue each draft that can go; returns those queued."""
    stamp = int(time.time()) if now is None else now
    sent = []
    for draft in drafts:
        if draft.problem or not draft.body.strip():
            continue
        if await _queue(store, draft, sender, stamp):
            sent.append(draft)
    return sent


async def _queue(store: Store, draft: OutreachDraft, sender: Sender, at: int) -> bool:
    late = draft.late
    async with store.transaction():
        done = await store.conn.execute_fetchall(
            "SELECT 1 FROM outreach WHERE rule = ? AND order_id = ? AND state != 'draft'",
            (late.rule, late.order_id),
        )
        if list(done):
            return False  # told by another run meanwhile
        conversation_id = draft.conversation_id
        if conversation_id is None:
            conversation_id = await _start(store, draft, at)
        mail = MachineMail(
            conversation_id,
            draft.channel,
            KIND,
            draft.subject,
            draft.body,
            sender.shop_name,
            sender.senders.get(draft.channel) or sender.address,
            late.customer_name,
            late.email,
            {"rule": late.rule, "order": late.number},
        )
        message_id = await queue_machine_mail(store, mail, at)
        await store.conn.execute(
            "INSERT INTO outreach (rule, order_id, state, subject, body, at, "
            "conversation_id, message_id) VALUES (?, ?, 'sent', ?, ?, ?, ?, ?) "
            "ON CONFLICT (rule, order_id) DO UPDATE SET state = 'sent', at = "
            "excluded.at, conversation_id = excluded.conversation_id, "
            "message_id = excluded.message_id",
            (
                late.rule,
                late.order_id,
                draft.subject,
                draft.body,
                at,
                conversation_id,
                message_id,
            ),
        )
    return True


async def _start(store: Store, draft: OutreachDraft, at: int) -> int:
    """A conversation the shop starts: closed (nothing awaits an answer), it
    opens again when the customer answers."""
    cursor = await store.conn.execute(
        "INSERT INTO conversations (customer_id, channel, subject, subject_key, "
        "status, created_at, last_message_at) VALUES (?, ?, ?, ?, 'closed', ?, ?)",
        (
            draft.late.customer_id,
            draft.channel,
            draft.subject,
            subject_key(draft.subject),
            at,
            at,
        ),
    )
    if cursor.lastrowid is None:
        raise StoreError("the conversation could not be started")
    return int(cursor.lastrowid)


async def set_outreach(
    store: Store,
    rule: str,
    order_id: int,
    state: str,
    subject: str = "",
    body: str = "",
) -> None:
    """Dismiss a draft (never told), or keep a person's edit of it."""
    async with store.transaction():
        await store.conn.execute(
            "INSERT INTO outreach (rule, order_id, state, subject, body, at) VALUES "
            "(?, ?, ?, ?, ?, ?) ON CONFLICT (rule, order_id) DO UPDATE SET state = "
            "excluded.state, subject = excluded.subject, body = excluded.body, "
            "at = excluded.at WHERE outreach.state != 'sent'",
            (rule, order_id, state, subject, body, int(time.time())),
        )

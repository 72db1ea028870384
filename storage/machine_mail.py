"""Messages comptoir writes by itself: a survey, an automatic answer, a
message before the customer asks. Each is an outgoing message record, its
`auto_message` event (its value names the kind) and its outbox row, written in
the caller's transaction and threaded under the conversation's newest message.
It is never a reply: no response timer stops for it (docs: SLA.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.connection import Store
from storage.outbox import enqueue, insert_message, new_message_id


@dataclass(frozen=True, slots=True)
class MachineMail:
    conversation_id: int
    channel: str
    kind: str  # survey, auto-answer, outreach: the event's value
    subject: str
    body: str
    sender_name: str
    sender_address: str
    to_name: str
    to_address: str
    data: dict[str, object] | None = None  # the event's data


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The newest message of the conversation: the machine's mail answers it."""

    message_id: str | None
    references: list[str]


async def _anchor(store: Store, conversation_id: int) -> _Anchor:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT message_id_header, references_json FROM messages "
            "WHERE conversation_id = ? AND direction IN ('in', 'out') "
            "AND message_id_header IS NOT NULL ORDER BY sent_at DESC, id DESC LIMIT 1",
            (conversation_id,),
        )
    )
    if not rows:
        return _Anchor(None, [])
    header, references = rows[0]
    return _Anchor(header, [*json.loads(references or "[]"), header])


async def queue_machine_mail(store: Store, mail: MachineMail, at: int) -> int:
    """Store the message and put it in the outbox (inside the caller's
    transaction); returns its message id."""
    anchor = await _anchor(store, mail.conversation_id)
    header = new_message_id(mail.sender_address)
    to = [{"kind": "to", "name": mail.to_name, "address": mail.to_address}]
    pk = await insert_message(
        store,
        {
            "conversation_id": mail.conversation_id,
            "channel": mail.channel,
            "external_id": f"outbox:{header}",  # as a reply: Sent sync knows it
            "direction": "out",
            "author_type": "automation",
            "message_id_header": header,
            "in_reply_to": anchor.message_id,
            "references_json": json.dumps(anchor.references),
            "sender_name": mail.sender_name,
            "sender_address": mail.sender_address.lower(),
            "recipients_json": json.dumps(to, ensure_ascii=False),
            "subject": mail.subject,
            "body_text": mail.body,
            "sent_at": at,
            "thread_reason": mail.kind,
        },
    )
    await store.conn.execute(
        "INSERT INTO events (conversation_id, at, kind, actor_type, actor, "
        "message_id, value, data_json) "
        "VALUES (?, ?, 'auto_message', 'automation', ?, ?, ?, ?)",
        (
            mail.conversation_id,
            at,
            mail.kind,
            pk,
            mail.kind,
            json.dumps(mail.data) if mail.data is not None else None,
        ),
    )
    await enqueue(store, pk, mail.channel, at)
    return pk

"""What one ingest batch has decided so far; later messages of the batch see it.

It holds exactly what the database would answer had each earlier message been
committed alone, so that where a batch starts or stops (a killed import
resumed) never changes how a message is threaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plugins.api import InboundMessage
from storage.identities import key_of
from storage.ingest_rows import BatchRows
from storage.survey_answers import OpenSurvey, SurveyAnswer, parse_answer
from storage.threads import KnownMessage, RecentConversation

Replies = dict[str, list[tuple[str, KnownMessage]]]


def participants(message: InboundMessage) -> frozenset[str]:
    """As the store reads them back: the sender and every recipient."""
    people = [*message.to, *message.cc, *message.reply_to]
    sender = key_of(message.sender)[1] if message.sender else ""
    found = {sender, *(key_of(p)[1] for p in people)}
    found.discard("")  # no address is nobody's
    return frozenset(found)


def parent_of(message: InboundMessage) -> str | None:
    """The Message-ID a message answers: In-Reply-To, else its last reference."""
    if message.in_reply_to:
        return message.in_reply_to[0]
    return message.references[-1] if message.references else None


@dataclass(slots=True)
class Plan:
    known: dict[str, list[KnownMessage]]
    replies: Replies
    by_subject: dict[tuple[int, str], list[int]]
    last: dict[int, int]
    owner: dict[int, int]  # conversation -> its customer
    rows: BatchRows = field(default_factory=BatchRows)
    surveys: dict[int, OpenSurvey] = field(default_factory=dict)
    chats: dict[str, int] = field(default_factory=dict)  # thread_key -> conversation

    @classmethod
    def start(
        cls,
        known: dict[str, list[KnownMessage]],
        replies: Replies,
        recent: dict[tuple[int, str], list[RecentConversation]],
    ) -> Plan:
        plan = cls(known, replies, {}, {}, {})
        for messages in known.values():
            plan.owner.update((m.conversation_id, m.customer_id) for m in messages)
        for answers in replies.values():
            plan.owner.update((m.conversation_id, m.customer_id) for _, m in answers)
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

    def remember(self, message: InboundMessage, conv: int, outbound: bool) -> None:
        """What later messages of the batch may find: this one by its Message-ID,
        and as a reply to its parent."""
        seen = KnownMessage(conv, self.owner[conv], outbound, participants(message))
        if message.message_id:
            self.known.setdefault(message.message_id, []).append(seen)
        parent = parent_of(message)
        if parent:
            self.replies.setdefault(parent, []).append((message.message_id or "", seen))

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

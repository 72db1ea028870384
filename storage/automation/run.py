"""The automation's pass over new customer messages: read each one's intent,
decide (storage.automation.decide), then write the decision with what it
does: an automatic answer in the outbox, a draft, or a hand-over.

`plan` decides without writing anything: `comptoir automation replay` shows
with it what would have been sent over past conversations.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.automation import answers
from storage.automation.decide import Decision, Situation, decide
from storage.automation.settings import AutomationSettings
from storage.connection import Store
from storage.errors import NotFound
from storage.intents.classifier import Reading
from storage.intents.order_match import OrderMatch
from storage.intents.service import IntentReader
from storage.intents.suggest import ReplyCard
from storage.machine_mail import MachineMail
from storage.outbox import reply_subject
from storage.replies import get_reply
from storage.reply_context import order_owners, reply_context
from storage.reply_templates import TemplateProblem, lint_reply, render_reply


@dataclass(frozen=True, slots=True)
class Shop:
    """Who the automatic answers come from."""

    name: str
    agent: str
    address: str  # the shop's first address
    senders: Mapping[str, str]  # channel instance: its From address


@dataclass(frozen=True, slots=True)
class Plan:
    message_id: int
    conversation_id: int
    sent_at: int
    intent: str
    confidence: float
    mode: str
    decision: Decision
    reply: str
    text: str  # the answer as it would go ('' when none)
    order: OrderMatch
    envelope: answers.Envelope


class Automation:
    def __init__(
        self, reader: IntentReader, settings: AutomationSettings, shop: Shop
    ) -> None:
        self.reader, self.settings, self.shop = reader, settings, shop

    async def run(
        self, store: Store, now: int | None = None, message_ids: Sequence[int] = ()
    ) -> list[Plan]:
        """Read the messages young enough to answer (older ones are read by
        `read_new` in the background) and act on them."""
        stamp = int(time.time()) if now is None else now
        young = stamp - self.settings.max_age  # older: history, never answered
        done = []
        found = await self.reader.read_new(store, stamp, message_ids, since=young)
        for new in found:
            message = new.message
            plan = await self.plan(store, message.id, new.reading, new.order, stamp)
            if plan is not None and await self._act(store, plan, stamp):
                done.append(plan)
        return done

    async def plan(
        self,
        store: Store,
        message_id: int,
        reading: Reading,
        order: OrderMatch,
        now: int,
        *,
        after: bool | None = None,
        drafts: bool = True,
    ) -> Plan | None:
        """What would be done with this message now, and why; None when the
        automation has nothing to say (switched off, nothing to hand over).
        A replay says itself whether the customer `after` an automatic answer,
        and leaves today's drafts out."""
        envelope = await answers.envelope(store, message_id)
        mode = self.settings.mode(reading.intent)
        if after is None:
            after = await answers.wrote_after_automatic(
                store, envelope.conversation_id, envelope.sent_at
            )
        if mode == "off" and not after:
            return None
        cards = await self.reader.cards(store)
        named = self.settings.replies.get(reading.intent, ())
        # The conversation's language (detected over the customer's words, or
        # set by a person) before the model's French-or-English guess.
        language = envelope.language or reading.language
        reply, variant = _choose(cards, reading.intent, language, named)
        text, needs_order = "", reading.intent == "order_status"
        problems: tuple[str, ...] = ()
        if reply and not after:
            text, problems, uses_order = await self._render(
                store, envelope.conversation_id, reply, variant, order
            )
            needs_order = needs_order or uses_order
        situation = Situation(
            reading.intent,
            reading.confidence,
            reading.also,
            order,
            mode,
            after,
            drafts and await answers.has_draft(store, envelope.conversation_id),
            reply,
            needs_order,
            problems,
            await answers.order_state(store, order.order_id),
            language,
        )
        decision = decide(situation, self.settings.threshold)
        return Plan(
            message_id,
            envelope.conversation_id,
            envelope.sent_at,
            reading.intent,
            reading.confidence,
            mode,
            decision,
            reply,
            text if decision.action in ("sent", "drafted") else "",
            order,
            envelope,
        )

    async def _render(
        self,
        store: Store,
        conversation_id: int,
        name: str,
        variant: str,
        order: OrderMatch,
    ) -> tuple[str, tuple[str, ...], bool]:
        """The reply's variant's text for this customer and order, what the check
        before sending finds in it, and whether it speaks of the order."""
        try:
            template = (await get_reply(store, name, variant)).body
        except NotFound:
            return "", (f"the canned reply {name!r} is gone",), False
        uses_order = "order." in template or "order[" in template
        context = await reply_context(
            store,
            conversation_id,
            order_number=order.number or "",
            shop={"name": self.shop.name, "email": self.shop.address},
            agent={"name": self.shop.agent},
            transit_days=self.settings.transit_days,
        )
        try:
            text = render_reply(template, context)
        except TemplateProblem as problem:
            return "", (str(problem),), uses_order
        problems = lint_reply(text, context, await order_owners(store, text))
        return text, tuple(problems), uses_order

    async def _act(self, store: Store, plan: Plan, now: int) -> bool:
        record = answers.DecisionRecord(
            plan.message_id,
            now,
            plan.intent,
            plan.mode,
            plan.decision.action,
            plan.decision.reason,
            plan.reply,
            plan.order.order_id,
        )
        if plan.decision.action == "sent":
            mail = self._mail(plan)
            close = self.settings.close_after_send
            return await answers.send_answer(store, record, mail, close) is not None
        if plan.decision.action == "drafted":
            return await answers.draft_answer(
                store, record, plan.conversation_id, plan.text
            )
        return await answers.record_decision(store, record)

    def _mail(self, plan: Plan) -> MachineMail:
        envelope = plan.envelope
        return MachineMail(
            plan.conversation_id,
            envelope.channel,
            answers.AUTO_ANSWER,
            reply_subject(envelope.subject),
            plan.text,
            self.shop.name,
            self.shop.senders.get(envelope.channel) or self.shop.address,
            envelope.sender_name,
            envelope.sender_address,
            {"message": plan.message_id, "reply": plan.reply},
        )


def _choose(
    cards: Sequence[ReplyCard], intent: str, language: str, named: Sequence[str]
) -> tuple[str, str]:
    """The canned reply for the intent and its variant: among those the config
    names (else those tagged with the intent), the first in the message's
    language; ('', '') when none is."""
    if named:
        fitting = [c for name in named for c in cards if c.name == name]
    else:
        fitting = [c for c in cards if intent in c.intents]
    same = [c for c in fitting if c.language == language]
    return (same[0].name, same[0].variant) if same else ("", "")

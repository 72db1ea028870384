"""What the composer, the reply picker and sending ask of the store: drafts,
canned replies, recipients, the checks before sending, and the sending itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from console.i18n import _
from console.reply_files import ReplyFile
from plugins.api import Address, Attachment
from storage import drafts, sending
from storage.customers import get_customer
from storage.language_store import conversation_language
from storage.models import ConversationDetail, MessageView
from storage.outbox_route import Identity, answered_message
from storage.recipients import Recipients, reply_recipients
from storage.replies import (
    CannedReply,
    ReplyChoice,
    choices_for,
    list_replies,
    save_reply,
)
from storage.reply_context import order_owners, reply_context
from storage.reply_templates import ReplyContext, lint_reply
from storage.sending import Promise
from storage.sla.promises import PromiseProposal, detect_promises

if TYPE_CHECKING:
    from console.tui.inbox_data import Inbox


def last_customer_message(detail: ConversationDetail) -> MessageView | None:
    return next((m for m in reversed(detail.messages) if m.direction == "in"), None)


class Writing:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def draft(self, conversation_id: int) -> drafts.Draft | None:
        return await drafts.get_draft(self.inbox.store, conversation_id)

    async def save_draft(self, conversation_id: int, body: str) -> None:
        """Kept as typed, emptied too: an emptied draft stays empty."""
        stamp = self.inbox.now_stamp()
        await drafts.save_draft(self.inbox.store, conversation_id, body, at=stamp)

    async def start_draft(self, conversation_id: int) -> None:
        await drafts.save_draft(
            self.inbox.store, conversation_id, "", at=self.inbox.now_stamp()
        )

    async def replies(self) -> list[CannedReply]:
        return await list_replies(self.inbox.store)

    async def reply_choices(
        self, conversation_id: int
    ) -> tuple[str, list[ReplyChoice]]:
        """The conversation's language (else the shop's), and each canned reply
        in it if it has it, those that do first."""
        languages = self.inbox.settings.languages
        said = (await conversation_language(self.inbox.store, conversation_id)).language
        choices = choices_for(await self.replies(), said, languages[0])
        return said or languages[0], choices

    async def save_reply(self, file: ReplyFile) -> None:
        await save_reply(
            self.inbox.store, file.name, file.body, file.title, file.tags,
            language=file.language, attach=file.attach,
        )  # fmt: skip

    async def reply_context(
        self, conversation_id: int, order_number: str | None = None
    ) -> ReplyContext:
        settings = self.inbox.settings
        return await reply_context(
            self.inbox.store,
            conversation_id,
            order_number=order_number,
            shop={"name": settings.shop_name, "email": settings.shop_address},
            agent={"name": settings.agent},
        )

    async def lint(self, conversation_id: int, text: str) -> list[str]:
        """What stops this reply from being sent (unfilled placeholders, an order
        number of another customer); empty when it may go."""
        context = await self.reply_context(conversation_id)
        return lint_reply(text, context, await order_owners(self.inbox.store, text))

    async def recipients(self, conversation_id: int, mode: str) -> Recipients | None:
        """To whom this reply goes by default; None where the channel has no
        addresses (chat), or for a note. A forward starts with nobody."""
        if mode == "note" or not self._has_addresses(conversation_id):
            return None
        if mode == "forward":
            return Recipients()
        shop = frozenset(
            {*self.inbox.settings.shop_addresses, self.inbox.settings.shop_address}
        )
        return await reply_recipients(
            self.inbox.store, conversation_id, shop - {""}, everyone=mode == "reply_all"
        )

    def can_forward(self, conversation_id: int) -> bool:
        """A forward is a mail: only where the conversation's channel sends mail."""
        return self._has_addresses(conversation_id)

    def _has_addresses(self, conversation_id: int) -> bool:
        channel = self.inbox.channels.get(conversation_id, "email")
        options = self.inbox.settings.channels.get(channel, {})
        return channel != "chat" and options.get("type", "email") != "chat"

    async def answered_text(self, conversation_id: int) -> tuple[str, str]:
        """The customer's last message, and the line that introduces its quote."""
        detail = await self.inbox.conversation(conversation_id)
        last = last_customer_message(detail)
        if last is None:
            return "", ""
        when = last.sent_at.astimezone(self.inbox.settings.zone)
        who = last.sender_name or last.sender_address
        return last.text, f"On {when:%a %d %b %Y %H:%M}, {who} wrote:"

    async def forward_source(self, conversation_id: int) -> tuple[int, str, str]:
        """The message a forward carries (the customer's last), the text to
        start from, and a line naming its attachments."""
        detail = await self.inbox.conversation(conversation_id)
        last = last_customer_message(detail) or detail.messages[-1]
        body = "\n\n" + sending.forwarded_text(last, self.inbox.settings.zone)
        names = ", ".join(a.filename for a in last.attachments)
        files = (
            "📎 " + _("forwarded with it: {files}").format(files=names)
            if names
            else _("No attachment.")
        )
        return last.id, body, files

    async def unseen_since_draft(self, conversation_id: int) -> list[int]:
        return await drafts.arrived_since_draft(self.inbox.store, conversation_id)

    async def mark_seen(self, conversation_id: int) -> None:
        await drafts.mark_draft_seen(self.inbox.store, conversation_id)

    async def send_reply(
        self,
        conversation_id: int,
        body: str,
        recipients: Recipients | None,
        promise: PromiseProposal | None,
        files: Sequence[Attachment] = (),
        via: Identity | None = None,
    ) -> int:
        """The reply queued with its files, its draft gone, its promise kept:
        one transaction. `via`: to another identity of the customer's (ctrl+l)."""
        kept = (
            Promise(int(promise.due.timestamp()), promise.phrase) if promise else None
        )
        return await sending.send_reply(
            self.inbox.store, conversation_id, body, self.inbox.author,
            recipients=recipients, promise=kept, at=self.inbox.now_stamp(),
            attachments=files, via=via,
        )  # fmt: skip

    async def addresses(
        self, conversation_id: int
    ) -> list[tuple[Identity | None, str, Recipients | None]]:
        """Where a reply can go: first where the customer last wrote, then each
        other identity of theirs, as (identity, where, the To to show)."""
        store = self.inbox.store
        default = await answered_message(store, conversation_id)
        _name, value, kind = default.recipient
        first = await self.recipients(conversation_id, "reply")
        found: list[tuple[Identity | None, str, Recipients | None]] = [
            (
                None,
                _("{value} ({kind}, where they last wrote)").format(
                    value=value, kind=kind
                ),
                first,
            )
        ]
        detail = await self.inbox.conversation(conversation_id)
        customer = await get_customer(store, detail.summary.customer_id)
        for identity in customer.identities:
            if identity.value == value:
                continue
            via = (identity.kind, identity.value)
            target = await answered_message(store, conversation_id, via)
            on = target.channel or _("any {kind} channel").format(kind=identity.kind)
            person = Address(identity.display_name, identity.value, identity.kind)
            to = Recipients(to=(person,)) if identity.kind == "email" else None
            where = _("{value} ({kind}, on {channel})").format(
                value=identity.value, kind=identity.kind, channel=on
            )
            found.append((via, where, to))
        return found

    async def add_note(self, conversation_id: int, body: str) -> int:
        return await sending.save_note(
            self.inbox.store,
            conversation_id,
            body,
            self.inbox.author,
            at=self.inbox.now_stamp(),
        )

    async def forward(self, message_id: int, body: str, to: Recipients) -> int:
        return await sending.forward_message(
            self.inbox.store,
            message_id,
            body,
            to,
            self.inbox.author,
            at=self.inbox.now_stamp(),
        )

    def promises_in(self, text: str) -> list[PromiseProposal]:
        sla = self.inbox.sla
        calendar = next(iter(sla.calendars.values()))
        return detect_promises(text, self.inbox.settings.now(), calendar)

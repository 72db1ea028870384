"""Writing to the customer: the composer, drafts, canned replies, $EDITOR, sending.

Sending checks two things first: the text (no unfilled placeholder, no order
number of another customer) and the conversation (a customer message that
arrived after the draft began stops the send and is shown first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from console.editor import EditorFailed, edit_text
from console.tui.composer import Mode
from console.tui.inbox_base import InboxBase
from console.tui.modals import ChoiceModal, NoticeModal

if TYPE_CHECKING:
    from storage.sla.promises import PromiseProposal

DRAFT_DELAY = 0.5  # seconds of quiet typing before the draft is written


class WritingMixin(InboxBase):
    _draft_timer: Timer | None = None

    def _open_composer(self, mode: Mode) -> None:
        cid = self.open_id
        if cid is None:
            self.notify("Choose a conversation first.")
            return

        async def begin() -> None:
            draft = await self.inbox.draft(cid)
            if draft is None:
                await self.inbox.start_draft(cid)
            self.add_class("-reading")
            self.composer.open(cid, mode, draft.body if draft else "")

        self.run_worker(begin(), group="composer", exit_on_error=False)

    def action_reply(self) -> None:
        self._open_composer("reply")

    def action_note(self) -> None:
        self._open_composer("note")

    def leave_composer(self) -> None:
        self.save_draft_now()
        self.composer.close()
        self.view.focus()

    def schedule_draft_save(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft_now)

    def save_draft_now(self) -> None:
        cid, body = self.composer.conversation_id, self.composer.area.text
        if cid is not None and self.composer.is_open:
            self.run_worker(
                self.inbox.save_draft(cid, body), group="draft", exit_on_error=False
            )

    def action_send(self) -> None:
        cid, text = self.composer.conversation_id, self.composer.area.text
        if cid is None or not self.composer.is_open:
            return
        if not text.strip():
            self.notify("Nothing to send: the reply is empty.", severity="warning")
            return
        self.run_worker(
            self._send(cid, text), group="send", exclusive=True, exit_on_error=False
        )

    async def _send(self, cid: int, text: str) -> None:
        if self.composer.mode == "note":
            await self.inbox.add_note(cid, text)
            self._sent(cid, "Note added.")
            return
        problems = await self.inbox.lint(cid, text)
        if problems:
            self.app.push_screen(NoticeModal("Not sent: fix this first", problems))
            return
        arrived = await self.inbox.unseen_since_draft(cid)
        if arrived:
            await self.inbox.mark_seen(cid)
            self.load_conversation(cid)
            count = (
                "A new message" if len(arrived) == 1 else f"{len(arrived)} new messages"
            )
            self.app.push_screen(
                NoticeModal(
                    "Not sent: the customer wrote again",
                    [
                        f"{count} arrived while you were writing; it is shown now.",
                        "Read it, then press ctrl+s again to send your reply as it is.",
                    ],
                )
            )
            return
        proposals = self.inbox.promises_in(text)
        if not proposals:
            await self._deliver(cid, text, None)
            return
        first = proposals[0]
        when = first.due.astimezone(self.inbox.settings.zone).strftime("%a %d %b %H:%M")

        def chosen(choice: str | None) -> None:
            if choice in ("keep", "plain"):
                promise = first if choice == "keep" else None
                self.run_worker(self._deliver(cid, text, promise), exit_on_error=False)

        # A reply that promises a time ("avant 14 heures", "by Friday") is offered
        # as a promise to keep, a timer like the others.
        self.app.push_screen(
            ChoiceModal(
                f"“{first.phrase}” promises a follow-up by {when}.",
                [
                    ("keep", "Track it as a promise, and send"),
                    ("plain", "Send without tracking it"),
                    ("back", "Back to the reply"),
                ],
            ),
            chosen,
        )

    def action_other_address(self) -> None:
        """The next of the customer's addresses (email, chat...) for this reply."""
        cid = self.composer.conversation_id
        if cid is None or not self.composer.is_open or self.composer.mode != "reply":
            return

        async def cycle() -> None:
            found = await self.inbox.addresses(cid)
            if len(found) < 2:
                self.notify("The customer has no other address.", timeout=4)
                return
            now = [via for via, _ in found].index(self.composer.via)
            via, where = found[(now + 1) % len(found)]
            self.composer.address(via, where)

        self.run_worker(cycle(), group="composer", exit_on_error=False)

    async def _deliver(
        self, cid: int, text: str, promise: PromiseProposal | None
    ) -> None:
        await self.inbox.send_reply(cid, text, self.composer.via)
        if promise is not None:
            await self.inbox.record_promise(cid, promise)
        self._sent(
            cid, "Reply queued in the outbox." + (" Promise noted." if promise else "")
        )
        self.send_now()

    def _sent(self, cid: int, message: str) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.composer.area.load_text("")
        self.composer.close()
        self.notify(message, timeout=4)
        self.perform(lambda: self._noop(), refresh=True)

    async def _noop(self) -> None:
        return None

    def action_edit_external(self) -> None:
        """Compose in $VISUAL or $EDITOR; what is saved comes back into the composer."""
        if self.open_id is None:
            return
        text = self.composer.area.text if self.composer.is_open else ""
        try:
            with self.app.suspend():
                written = edit_text(text, f"reply-{self.open_id}.txt")
        except EditorFailed as error:
            self.notify(f"{error}; the reply is unchanged.", severity="error")
            return
        self.composer.open(self.open_id, self.composer.mode, "")
        self.composer.area.load_text(written)
        self.save_draft_now()

    def action_insert_reply(self) -> None:
        from console.tui.reply_picker import ReplyPicker

        cid = self.open_id
        if cid is None:
            return
        if not self.composer.is_open:
            self._open_composer("reply")

        def chosen(text: str | None) -> None:
            if text:
                self.composer.insert(text)
                self.composer.area.focus()

        self.app.push_screen(ReplyPicker(self.inbox, cid), chosen)

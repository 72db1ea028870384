"""The composer under the conversation: a reply, a reply to all, a forward or an
internal note.

It owns what is being written: the draft (read when it opens, written after
half a second of quiet typing, so a crash loses nothing), its recipients, the
order chosen for canned replies, `$EDITOR`; `ctrl+s` posts `Submitted`, and
the screen answers with `sent()` or `resume()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static, TextArea
from textual.worker import Worker, WorkType

from console.i18n import N_, _
from console.signature import signed
from console.spelling import Speller
from console.tui.address_fields import AddressFields
from console.tui.composer_editor import edit_in_editor
from console.tui.inbox_data import Inbox
from console.tui.messages import failure
from console.tui.other_address import next_identity
from console.tui.reply_files_bar import ReplyFilesBar
from console.tui.spelling_area import SpellingArea
from console.tui.writing_aids import customer_files, writing_aids
from plugins.api import Attachment
from storage.errors import StoreError
from storage.recipients import Recipients

Mode = Literal["reply", "reply_all", "forward", "note"]
_SAID_OFF: set[str] = set()  # languages whose missing spelling check was said
DRAFT_DELAY = 0.5  # seconds of quiet typing before the draft is written
_LABELS = {
    "reply": N_(
        "Reply · ctrl+s sends · ctrl+t canned reply · tab: To/Cc/Bcc · esc leaves"
    ),
    "reply_all": N_("Reply to all · ctrl+s sends · ctrl+t canned reply · esc leaves"),
    "forward": N_(
        "Forward · write above the forwarded message · ctrl+s sends · esc leaves"
    ),
    "note": N_("Internal note, never sent · ctrl+s saves · esc leaves"),
}


@dataclass(frozen=True, slots=True)
class Submission:
    conversation_id: int
    mode: Mode
    text: str
    recipients: Recipients | None  # None: the channel has no addresses (chat)
    forward_of: int | None = None  # the message forwarded
    files: tuple[Attachment, ...] = ()  # what the reply carries
    expects: tuple[str, ...] = ()  # the files its canned replies expect
    speller: Speller | None = None  # the conversation's language's
    via: tuple[str, str] | None = None  # another identity of the customer's


class Composer(Vertical):
    DEFAULT_CSS = """
    Composer { height: auto; max-height: 60%; display: none; }
    Composer.-open { display: block; }
    Composer > #composer-label { color: $text-muted; }
    Composer.-note > #composer-label { color: $warning; }
    Composer.-note > AddressFields { display: none; }
    Composer.-no-addresses > AddressFields { display: none; }
    Composer > #composer-files { color: $text-muted; display: none; }
    Composer.-forward > #composer-files { display: block; }
    Composer > TextArea { height: auto; min-height: 5; max-height: 16; }
    Composer.-note > ReplyFilesBar, Composer.-forward > ReplyFilesBar {
        display: none;
    }
    """

    conversation_id: var[int | None] = var(None)

    class Submitted(Message):
        def __init__(self, submission: Submission) -> None:
            super().__init__()
            self.submission = submission

    class Opened(Message):
        """The composer is shown: the screen makes room for it."""

    def __init__(self, inbox: Inbox, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.inbox = inbox
        self.mode: Mode = "reply"
        self.loaded_for: int | None = None  # whose draft the text area holds
        self.forward_of: int | None = None
        self.orders: dict[int, str] = {}  # the order chosen per conversation
        self._timer: Timer | None = None
        self._submitting = False
        self._loading = False  # the draft is being read: nothing to write yet
        # The customer's identity chosen with ctrl+l; None: where they last wrote.
        self.via: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(_(_LABELS["reply"]), id="composer-label")
        yield AddressFields()
        yield Static(id="composer-files")
        yield ReplyFilesBar(self.inbox.settings.replies.max_attachments)
        yield SpellingArea(id="composer-text")

    @property
    def area(self) -> SpellingArea:
        return self.query_one(SpellingArea)

    @property
    def files(self) -> ReplyFilesBar:
        return self.query_one(ReplyFilesBar)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def watch_conversation_id(self, old: int | None, new: int | None) -> None:
        """Another conversation is shown: what was written here is kept, put away."""
        if old != new and self.loaded_for is not None:
            self.save_now()
            self.close()
            self.loaded_for = None

    # -- opening --------------------------------------------------------------

    def action_reply(self) -> None:
        self.begin("reply")

    def action_reply_all(self) -> None:
        self.begin("reply_all")

    def action_note(self) -> None:
        self.begin("note")

    def action_forward(self) -> None:
        self.begin("forward")

    def begin(self, mode: Mode) -> None:
        """Open at once, focused (keys typed now are text, not commands); the
        draft and the recipients fill in when read, before what was typed."""
        cid = self.conversation_id
        if cid is None:
            self.notify(_("Choose a conversation first."))
            return
        if mode == "forward" and not self.inbox.writing.can_forward(cid):
            self.notify(_("Only mail can be forwarded: this conversation is a chat."))
            return
        read = mode == "forward" or self.loaded_for != cid or self.mode == "forward"
        if not read and mode == self.mode:  # back to the same reply: as it was left
            self.show(cid, mode, None)
            return
        if mode == "forward":
            self.save_now()  # the reply being written stays the draft
        if read:
            self.via = None
        self.show(cid, mode, "" if read else None)
        self._loading = True
        self.fill(cid, mode, read)

    @work(group="composer", exclusive=True, exit_on_error=False)
    async def fill(self, cid: int, mode: Mode, read: bool) -> None:
        writing, body = self.inbox.writing, ""
        try:
            self.fields(await writing.recipients(cid, mode))
            if mode == "forward":
                self.forward_of, body, files = await writing.forward_source(cid)
                self.query_one("#composer-files", Static).update(files)
            elif read:
                draft = await writing.draft(cid)
                if draft is None:
                    await writing.start_draft(cid)
                body = draft.body if draft else ""
            signature = await self.take_aids(cid) if mode != "note" else ""
        finally:
            self._loading = False
        fresh = read and mode in ("reply", "reply_all") and not body.strip()
        if fresh and signature and self.loaded_for == cid:  # signed below the text
            typed = self.area.text
            self.area.load_text(signed(typed, signature))
            self.area.move_cursor(self._end_of(typed))
            self.save_now()
            return
        if read and body and self.loaded_for == cid:
            typed = self.area.text
            self.area.load_text(body + typed)
            self.area.move_cursor(
                (0, 0) if mode == "forward" else self.area.document.end
            )
            if typed:
                self.save_now()

    @staticmethod
    def _end_of(typed: str) -> tuple[int, int]:
        lines = typed.rstrip("\n").split("\n")
        return len(lines) - 1, len(lines[-1])

    async def take_aids(self, cid: int) -> str:
        """The conversation's speller, and its signature; a spelling check that
        cannot be had is said once per language."""
        aids = await writing_aids(self.inbox, cid)
        self.area.use_speller(aids.speller)
        if aids.spelling_off and aids.language not in _SAID_OFF:
            _SAID_OFF.add(aids.language)
            self.notify(aids.spelling_off, severity="warning", timeout=8)
        return aids.signature

    def show(self, cid: int, mode: Mode, text: str | None) -> None:
        """Open on `text` (None: what the text area holds for this conversation)."""
        self.mode, self.loaded_for = mode, cid
        for name in ("note", "forward"):
            self.set_class(mode == name, f"-{name}")
        self.query_one("#composer-label", Static).update(_(_LABELS[mode]))
        if text is not None:
            self.area.load_text(text)
        self.add_class("-open")
        self.post_message(self.Opened())
        self.area.focus()
        self.area.move_cursor(self.area.document.end)

    def fields(self, recipients: Recipients | None) -> None:
        """The recipients shown (None: the channel has no addresses, or a note)."""
        self.set_class(recipients is None, "-no-addresses")
        self.query_one(AddressFields).fill(recipients or Recipients())
        if self.mode == "forward" and recipients is not None:
            self.query_one("#address-to").focus()

    def close(self) -> None:
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:
            self.screen.set_focus(None)  # nothing typed goes into a hidden field
        self.remove_class("-open")

    def leave(self) -> None:
        """Esc: the draft is written now, the composer put away (its text kept)."""
        self.save_now()
        self.close()

    def insert(self, text: str) -> None:
        self.area.insert(text)

    # -- the draft ------------------------------------------------------------

    @on(TextArea.Changed, "#composer-text")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if not self._submitting:
            self._timer = self.set_timer(DRAFT_DELAY, self.save_now)

    def save_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        cid = self.loaded_for
        if cid is None or self.mode == "forward" or self._submitting or self._loading:
            return  # a forward is no draft: the draft is the reply to the customer
        text = self.area.text

        async def save() -> None:  # a coroutine made only when the worker runs
            await self.inbox.writing.save_draft(cid, text)

        job: WorkType[None] = save
        self.run_worker(job, group="draft", exit_on_error=False)

    # -- canned replies and $EDITOR -------------------------------------------

    def action_insert_reply(self) -> None:
        from console.tui.reply_picker import ReplyPicker

        cid = self.conversation_id
        if cid is None:
            return
        if not self.is_open or self.loaded_for != cid:
            self.begin("reply")

        def chosen(text: str | None) -> None:
            if text:
                self.insert(text)
                self.area.focus()

        def remember(number: str) -> None:
            self.orders[cid] = number

        picker = ReplyPicker(
            self.inbox, cid, self.orders.get(cid), remember, self.files.expect
        )
        self.app.push_screen(picker, chosen)

    def action_attach_file(self) -> None:
        if self.is_open and self.mode in ("reply", "reply_all"):
            self.files.ask_path()

    @work(group="composer", exit_on_error=False)
    async def action_attach_theirs(self) -> None:
        cid = self.loaded_for
        if cid is None or not self.is_open or self.mode not in ("reply", "reply_all"):
            return
        found = await customer_files(self.inbox, cid)
        if not found:
            self.notify(_("The customer sent no file in this conversation."))
        self.files.add(found)

    def action_spelling(self) -> None:
        if self.is_open:
            self.area.focus()
            self.area.action_spelling()

    @work(group="composer", exclusive=True, exit_on_error=False)
    async def action_edit_external(self) -> None:
        """The draft in $VISUAL or $EDITOR, above the message it answers."""
        cid = self.conversation_id
        if cid is None:
            return
        mode = self.mode if self.loaded_for == cid else "reply"
        if self.loaded_for == cid:
            before = self.area.text
        else:
            draft = await self.inbox.writing.draft(cid)
            before = draft.body if draft else ""
        quote = mode != "forward"  # a forward holds its message already
        after = await edit_in_editor(self, self.inbox, cid, before, quote)
        if after is None or (after == before and not before):
            return
        if self.loaded_for != cid:
            await self.inbox.writing.start_draft(cid)
        recipients = await self.inbox.writing.recipients(cid, mode)
        self.show(cid, mode, after)
        self.fields(recipients)
        if after != before:
            self.save_now()

    # -- the customer's other identities --------------------------------------

    @work(group="composer", exclusive=True, exit_on_error=False)
    async def action_other_address(self) -> None:
        """The next of the customer's identities (an address, a chat) for this
        reply, on the channel where it last wrote."""
        if self.loaded_for is not None and self.is_open and self.mode == "reply":
            await next_identity(self, self.loaded_for)

    # -- sending --------------------------------------------------------------

    def action_send(self) -> None:
        cid, text = self.loaded_for, self.area.text
        if cid is None or not self.is_open or self._submitting:
            return
        if not text.strip():
            self.notify(_("Nothing to send: the text is empty."), severity="warning")
            return
        recipients = None
        if not self.has_class("-no-addresses") and self.mode != "note":
            try:
                recipients = self.query_one(AddressFields).recipients()
            except StoreError as error:
                self.notify(str(error), severity="error")
                return
        if self._timer is not None:
            self._timer.stop()
        self._submitting = True
        forward = self.forward_of if self.mode == "forward" else None
        files = self.files if self.mode in ("reply", "reply_all") else None
        submission = Submission(
            cid, self.mode, text, recipients, forward,
            tuple(files.files) if files else (), tuple(files.expects) if files else (),
            self.area.speller, self.via if self.mode == "reply" else None,
        )  # fmt: skip
        self.post_message(self.Submitted(submission))

    def sent(self) -> None:
        """It is stored: the composer is empty and put away."""
        self._submitting = False
        self.loaded_for = None
        self.area.load_text("")
        self.files.clear()
        self.close()

    def resume(self) -> None:
        """It was not sent (a check stopped it): the text stays, as the draft."""
        self._submitting = False
        self.save_now()
        if self.is_open:
            self.area.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if failed := failure(event):
            self.post_message(failed)

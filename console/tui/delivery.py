"""Sending what the composer submitted: the checks, then one storage call.

A reply is checked twice first: the text (no unfilled placeholder, no order
number of another customer) and the conversation (a customer message that
arrived after the draft began stops the send and is shown first). A reply
that promises a time is offered as a promise to track, with nothing chosen in
advance. Runs in a worker: the questions are modal screens it waits for.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App

from console.i18n import _, ngettext
from console.l10n import moment
from console.tui.composer import Submission
from console.tui.inbox_data import Inbox
from console.tui.modals import ChoiceModal, NoticeModal
from console.tui.writing_aids import warnings
from storage.errors import StoreError
from storage.sla.promises import PromiseProposal


@dataclass(frozen=True, slots=True)
class Outcome:
    said: str = ""  # the toast, once stored
    sent: bool = False  # stored: the composer empties
    shown_again: bool = False  # not sent, and the conversation must be read again


async def deliver(app: App[object], inbox: Inbox, s: Submission) -> Outcome:
    writing = inbox.writing
    if s.mode == "note":
        await writing.add_note(s.conversation_id, s.text)
        return Outcome(_("Note added."), sent=True)
    if s.mode == "forward":
        if s.forward_of is None or s.recipients is None:
            raise StoreError(_("nothing to forward here: forward a mail conversation"))
        await writing.forward(s.forward_of, s.text, s.recipients)
        who = ", ".join(p.address for p in s.recipients.to)
        said = _("Forwarded to {who}: it is in the outbox.").format(who=who)
        return Outcome(said, sent=True)
    problems = await writing.lint(s.conversation_id, s.text)
    if problems:
        app.push_screen(NoticeModal(_("Not sent: fix this first"), problems))
        return Outcome()
    if notes := warnings(s.text, list(s.files), list(s.expects), s.speller):
        asked = ChoiceModal(
            _("Before it goes:") + "\n" + "\n".join(f"• {note}" for note in notes),
            [("send", _("Send anyway")), ("back", _("Back to the reply"))],
            hint=_("s or b (nothing is chosen for you)"),
        )
        if await app.push_screen_wait(asked) != "send":
            return Outcome()
    arrived = await writing.unseen_since_draft(s.conversation_id)
    if arrived:
        await writing.mark_seen(s.conversation_id)
        said = ngettext(
            "A new message arrived while you were writing; it is shown now.",
            "{count} new messages arrived while you were writing; they are shown now.",
            len(arrived),
        )
        app.push_screen(
            NoticeModal(
                _("Not sent: the customer wrote again"),
                [
                    said.format(count=len(arrived)),
                    _("Read it, then press ctrl+s again to send your reply as it is."),
                ],
            )
        )
        return Outcome(shown_again=True)
    promise: PromiseProposal | None = None
    proposals = writing.promises_in(s.text)
    if proposals:
        answer = await app.push_screen_wait(_promise_question(inbox, proposals[0]))
        if answer not in ("keep", "plain"):
            return Outcome()
        promise = proposals[0] if answer == "keep" else None
    await writing.send_reply(
        s.conversation_id, s.text, s.recipients, promise, s.files, s.via
    )
    said = _("Reply queued in the outbox.")
    if promise:
        said += " " + _("Promise noted.")
    return Outcome(said, sent=True)


def _promise_question(inbox: Inbox, first: PromiseProposal) -> ChoiceModal:
    when = moment(first.due, inbox.settings.zone)
    return ChoiceModal(
        _("A promise to follow up by {when}:").format(when=when)
        + f"\n“{first.phrase}”",
        [
            ("keep", _("Track it as a promise, and send")),
            ("plain", _("Send without tracking it")),
            ("back", _("Back to the reply")),
        ],
        hint=_("t, s or b (nothing is chosen for you)"),
    )

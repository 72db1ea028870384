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
        return Outcome("Note added.", sent=True)
    if s.mode == "forward":
        if s.forward_of is None or s.recipients is None:
            raise StoreError("nothing to forward here: forward a mail conversation")
        await writing.forward(s.forward_of, s.text, s.recipients)
        who = ", ".join(p.address for p in s.recipients.to)
        return Outcome(f"Forwarded to {who}: it is in the outbox.", sent=True)
    problems = await writing.lint(s.conversation_id, s.text)
    if problems:
        app.push_screen(NoticeModal("Not sent: fix this first", problems))
        return Outcome()
    if notes := warnings(s.text, list(s.files), list(s.expects), s.speller):
        asked = ChoiceModal(
            "Before it goes:\n" + "\n".join(f"• {note}" for note in notes),
            [("send", "Send anyway"), ("back", "Back to the reply")],
            hint="s or b (nothing is chosen for you)",
        )
        if await app.push_screen_wait(asked) != "send":
            return Outcome()
    arrived = await writing.unseen_since_draft(s.conversation_id)
    if arrived:
        await writing.mark_seen(s.conversation_id)
        count = "A new message" if len(arrived) == 1 else f"{len(arrived)} new messages"
        app.push_screen(
            NoticeModal(
                "Not sent: the customer wrote again",
                [
                    f"{count} arrived while you were writing; it is shown now.",
                    "Read it, then press ctrl+s again to send your reply as it is.",
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
    said = "Reply queued in the outbox." + (" Promise noted." if promise else "")
    return Outcome(said, sent=True)


def _promise_question(inbox: Inbox, first: PromiseProposal) -> ChoiceModal:
    when = first.due.astimezone(inbox.settings.zone).strftime("%a %d %b %H:%M")
    return ChoiceModal(
        f"A promise to follow up by {when}:\n“{first.phrase}”",
        [
            ("keep", "Track it as a promise, and send"),
            ("plain", "Send without tracking it"),
            ("back", "Back to the reply"),
        ],
        hint="t, s or b (nothing is chosen for you)",
    )

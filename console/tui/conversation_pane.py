"""The middle pane: the conversation shown, its composer, and the changes made
to it (status, snooze, tags, priority, assignee, merge, split, undo).

Each change is one storage call in a worker; then the pane posts
`ConversationsChanged`, and the screen brings the queue up to date.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.worker import Worker

from console.i18n import _
from console.l10n import moment
from console.tui.attachments import attachments_folder, open_folder
from console.tui.conversation_view import ConversationView
from console.tui.inbox_data import Inbox
from console.tui.language_badge import described
from console.tui.messages import ConversationsChanged, OutboxQueued, failure
from console.tui.modals import AskModal, ChoiceModal
from console.words import priority_name
from storage.errors import StoreError
from storage.timewords import TimeWordError, future_instant
from storage.vocabulary import PRIORITIES

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from console.tui.composer import Composer
    from console.tui.submission import Submission

Undo = tuple[str, Callable[[], Awaitable[Any]]]


class ConversationPane(Vertical):
    conversation_id: var[int | None] = var(None)

    def __init__(self, inbox: Inbox, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.inbox = inbox
        self.undo_stack: list[Undo] = []
        self.built: Composer | None = None  # mounted once the queue is painted
        self._mounting: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        yield ConversationView(self.inbox.settings.zone, id="conversation")

    @property
    def view(self) -> ConversationView:
        return self.query_one(ConversationView)

    def build_composer(self) -> None:
        """The composer (its text area, address fields, spelling and their
        imports) is made after the first screen, which does not draw it."""
        if self.built is None:
            from console.tui.composer import Composer

            self.built = Composer(self.inbox, id="composer")
            self.built.conversation_id = self.conversation_id
            self._mounting = self.mount(self.built)

    async def composer_ready(self) -> Composer:
        """The composer, its parts mounted (a key may come before they are)."""
        self.build_composer()
        assert self.built is not None
        if self._mounting is not None:
            await self._mounting
            self._mounting = None
        return self.built

    @property
    def composer(self) -> Composer:
        self.build_composer()
        assert self.built is not None
        return self.built

    def watch_conversation_id(self, conversation_id: int | None) -> None:
        if self.built is not None:
            self.built.conversation_id = conversation_id

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        self.run_worker(
            self._deliver(event.submission), group="send", exclusive=True,
            exit_on_error=False,
        )  # fmt: skip

    async def _deliver(self, submission: Submission) -> None:
        """The checks, then one storage call; the composer is told how it went."""
        from console.tui.delivery import deliver

        try:
            outcome = await deliver(self.app, self.inbox, submission)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=8)
            self.composer.resume()
            return
        cid = submission.conversation_id
        if not outcome.sent:
            self.composer.resume()
            if outcome.shown_again:
                self.post_message(ConversationsChanged((cid,)))
            return
        self.composer.sent()
        self.notify(outcome.said, timeout=4)
        answered = submission.mode in ("reply", "reply_all")
        self.post_message(ConversationsChanged((cid,), answered))
        self.post_message(OutboxQueued())

    def perform(
        self,
        change: Callable[[], Awaitable[Any]],
        done: str,
        changed: tuple[int, ...],
        finished: bool = False,
    ) -> None:
        """Run a change to the store in a worker; say so, and say what changed."""

        async def task() -> None:
            await change()
            if done:
                self.notify(done, timeout=4)
            self.post_message(ConversationsChanged(changed, finished))

        self.run_worker(task(), group="change", exit_on_error=False)

    # -- status ---------------------------------------------------------------

    def _change_status(self, status: str, label: str, until: Any = None) -> None:
        cid = self.conversation_id
        if cid is None:
            return
        made: list[int] = []  # the change's event, which the undo takes back

        async def change() -> None:
            if (event := await self.inbox.set_status(cid, status, until)) is not None:
                made.append(event)

        async def undo() -> None:
            if made:  # the timers as they were before the change
                await self.inbox.undo_status(cid, made.pop())

        self.undo_stack = [*self.undo_stack[-19:], (f"{label} #{cid}", undo)]
        said = _("{change} #{number} · u undoes").format(change=label, number=cid)
        self.perform(change, said, (cid,), finished=status != "open")

    def action_close(self) -> None:
        self._change_status("closed", _("Closed"))

    def action_reopen(self) -> None:
        self._change_status("open", _("Reopened"))

    def action_pending(self) -> None:
        self._change_status("pending", _("Pending (waiting on the customer)"))

    def action_snooze(self) -> None:
        if self.conversation_id is None:
            return
        now = self.inbox.settings.now()

        def chosen(text: str | None) -> None:
            if not text:
                return
            try:
                until = future_instant(text, self.inbox.settings.now())
            except TimeWordError as error:
                self.notify(str(error), severity="error")
                return
            said = _("Snoozed until {when}").format(when=moment(until))
            self._change_status("snoozed", said, until)

        example = f"{now + timedelta(days=7):%Y-%m-%d} 14:00"
        hint = _("2h · 30min · tomorrow 9:00 · monday · {example}")
        self.app.push_screen(
            AskModal(_("Snooze until"), hint.format(example=example)), chosen
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), timeout=3)
            return
        label, undo = self.undo_stack.pop()
        cid = int(label.rpartition("#")[2])
        self.perform(undo, _("Undone: {change}").format(change=label), (cid,))

    # -- organising -----------------------------------------------------------

    def action_tag(self) -> None:
        cid = self.conversation_id
        if cid is None:
            return

        def chosen(text: str | None) -> None:
            words = (text or "").replace(",", " ").split()
            if not words:
                return

            async def change() -> None:
                for word in words:
                    await self.inbox.tag(
                        cid, word.lstrip("-+#"), remove=word.startswith("-")
                    )

            said = _("Tags: {tags}").format(tags=" ".join(words))
            self.perform(change, said, (cid,))

        hint = _("vip livraison -urgent (a minus removes)")
        self.app.push_screen(AskModal(_("Tags"), hint), chosen)

    def action_correct_intent(self) -> None:
        cid = self.conversation_id
        if cid is None:
            return
        routine = self.inbox.routine
        choices = [(i, i.replace("_", " ")) for i in routine.intents]

        def chosen(value: str | None) -> None:
            if value:
                self.perform(
                    lambda: routine.correct(self.inbox.store, cid, value),
                    f"Asks: {value} (the model learns it)",
                    (cid,),
                )

        title = "What does the customer's newest message ask?"
        read = self.view.routine.intents if self.view.routine else ()
        now = read[-1].intent if read else None  # highlighted: Enter keeps it
        self.app.push_screen(ChoiceModal(title, choices, now), chosen)

    def action_priority(self) -> None:
        cid = self.conversation_id
        if cid is None:
            return
        choices = [(p, priority_name(p)) for p in reversed(PRIORITIES)]
        detail = self.view.detail
        current = detail.summary.priority if detail else None

        def chosen(value: str | None) -> None:
            if value and value != current:
                self.perform(
                    lambda: self.inbox.set_priority(cid, value),
                    _("Priority {priority}").format(priority=priority_name(value)),
                    (cid,),
                )

        self.app.push_screen(ChoiceModal(_("Priority"), choices, current), chosen)

    def action_assign(self) -> None:
        cid = self.conversation_id
        if cid is None:
            return

        def chosen(text: str | None) -> None:
            if text is not None:
                who = text.strip() or None
                self.perform(
                    lambda: self.inbox.assign(cid, who),
                    _("Assigned to {who}").format(who=who)
                    if who
                    else _("Assigned to nobody"),
                    (cid,),
                )

        hint = _("a name; empty to unassign")
        self.app.push_screen(
            AskModal(_("Assign to"), hint, self.inbox.settings.agent), chosen
        )

    def action_language(self) -> None:
        cid = self.conversation_id
        if cid is None:
            return
        from console.tui.language_badge import AUTO, choices

        def chosen(code: str | None) -> None:
            if code is None or cid is None:
                return
            wanted = None if code == AUTO else code

            async def change() -> None:
                found = await self.inbox.set_language(cid, wanted)
                self.notify(f"#{cid}: {described(found.language, found.source)}")

            self.perform(change, "", (cid,))

        detail = self.view.detail
        current = detail.summary.language if detail else None
        source = detail.summary.language_source if detail else None
        title = _("Language of #{number}: {language}").format(
            number=cid, language=described(current, source)
        )
        self.app.push_screen(
            ChoiceModal(title, choices(self.inbox.settings.languages), current), chosen
        )

    def action_merge(self) -> None:
        cid = self.conversation_id
        if cid is None:
            return

        def chosen(text: str | None) -> None:
            target = (text or "").strip().lstrip("#")
            if not target.isdigit():
                if text:
                    self.notify(
                        _("Give the number of a conversation, like 42."),
                        severity="error",
                    )
                return
            self.perform(
                lambda: self.inbox.merge(cid, int(target)),
                _("#{number} merged into #{target}").format(number=cid, target=target),
                (cid, int(target)),
                finished=True,
            )

        self.app.push_screen(
            AskModal(
                _("Merge #{number} into conversation").format(number=cid),
                _("its number, e.g. 42"),
            ),
            chosen,
        )

    def action_split(self) -> None:
        detail = self.view.detail
        if detail is None or len(detail.messages) < 2:
            self.notify(_("Only a conversation of two messages or more can be split."))
            return
        last, source = detail.messages[-1], detail.summary.id

        async def split() -> None:
            created = await self.inbox.split(last.id)
            said = _("The last message is now conversation #{number}.")
            self.notify(said.format(number=created))
            self.post_message(ConversationsChanged((created,)))

        self.perform(split, "", (source,))

    # -- attachments ----------------------------------------------------------

    def action_save_attachments(self) -> None:
        detail = self.view.detail
        if detail is None:
            return

        async def save() -> None:
            saved = await self.inbox.save_attachments(detail)
            if not saved.paths and not saved.failed:
                self.notify(_("This conversation has no attachments."))
                return
            if saved.failed:  # one file the disk refused costs that file only
                self.notify(saved.summary(), severity="warning")
            else:
                self.notify(saved.summary())

        self.run_worker(save(), group="attachments", exit_on_error=False)

    def action_open_attachments(self) -> None:
        if self.conversation_id is None:
            return
        folder = attachments_folder(self.conversation_id)
        if not folder.is_dir():
            self.notify(_("Save the attachments first (A)."))
            return

        async def opened() -> None:
            said, ok = await open_folder(folder)
            self.notify(said, severity="information" if ok else "warning", timeout=8)

        self.run_worker(opened(), group="attachments", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if failed := failure(event):
            self.post_message(failed)
